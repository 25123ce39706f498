"""The index's SQLite schema: one database per network, counters kept by triggers.

Every event table is keyed by ``(block_hash, log_index)`` (the database belongs to one chain id
and each contract has its own tables), so re-inserting a log is a no-op. Counters (replies,
reposts, tips, editions, follows, current profile, token owner) are maintained by triggers on
insert *and* delete, so rolling back a reorg with ``DELETE … WHERE block > fork`` leaves every
counter exactly as a clean sync would, and no view recomputes them per render.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tui.core.errors import ChainError
from tui.core.index import tags

SCHEMA_VERSION = 2
"""2: the owner and profile triggers delete then insert (see ``_MIGRATE_1``)."""

_U256_MAX = 2**256 - 1


def _u256_add(a: str | int | None, b: str | int | None) -> str:
    """Add two decimal uint256 strings: SQLite integers stop at 2**63 (about 9.2 ETH in wei)."""
    return str(min(int(a or 0) + int(b or 0), _U256_MAX))


def _u256_sub(a: str | int | None, b: str | int | None) -> str:
    return str(max(int(a or 0) - int(b or 0), 0))


POSTS_FTS_TRIGGER = """CREATE TRIGGER IF NOT EXISTS posts_ins_fts AFTER INSERT ON posts BEGIN
    INSERT INTO post_fts(rowid, text)
        SELECT NEW.id, text FROM content WHERE cid = NEW.cid AND status = 'verified';
END;"""
"""Kept apart: a bulk load drops it and indexes the batch's posts in one statement instead
(per-row trigger work is most of the cost of inserting posts)."""

POST_INDEXES = {
    "posts_author": "CREATE INDEX IF NOT EXISTS posts_author ON posts(author, id);",
    "posts_parent": "CREATE INDEX IF NOT EXISTS posts_parent ON posts(parent, id) WHERE parent != 0;",
    "posts_block": "CREATE INDEX IF NOT EXISTS posts_block ON posts(block);",
    "posts_cid": "CREATE INDEX IF NOT EXISTS posts_cid ON posts(cid);",
    "content_pending": "CREATE INDEX IF NOT EXISTS content_pending ON content(next_try, status)"
    " WHERE status IN ('pending', 'unavailable');",
}
"""Secondary indexes of ``posts`` (and the queue of content to fetch, one row per post): an
initial bulk sync drops them and builds them once at the end (sorting 100,000 keys once is
cheaper than keeping five B-trees ordered row by row). ``content_pending`` holds ``status``
so that counting what is still missing reads the index alone (with ``next_try`` only, the
count looked every row up in ``content``: 20-75 ms per 100,000 at the end of each sync)."""

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Hashes of blocks we applied logs from (and each batch's last block): reorg detection.
CREATE TABLE IF NOT EXISTS blocks (
    number INTEGER PRIMARY KEY, hash TEXT NOT NULL, timestamp INTEGER NOT NULL DEFAULT 0
);

-- Content documents by CID: status and the parsed, sanitised fields.
CREATE TABLE IF NOT EXISTS content (
    cid TEXT PRIMARY KEY,
    kind TEXT NOT NULL,               -- post | profile | article
    status TEXT NOT NULL DEFAULT 'pending',
    text TEXT NOT NULL DEFAULT '',    -- post text / profile bio / article description
    title TEXT NOT NULL DEFAULT '',   -- profile name / article title
    extra TEXT NOT NULL DEFAULT '{}', -- JSON of the other sanitised fields
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS posts (
    id INTEGER PRIMARY KEY,
    author TEXT NOT NULL,
    parent INTEGER NOT NULL,
    cid TEXT NOT NULL,
    block INTEGER NOT NULL,
    log_index INTEGER NOT NULL,
    block_hash TEXT NOT NULL,
    tx_hash TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    replies INTEGER NOT NULL DEFAULT 0,
    reposts INTEGER NOT NULL DEFAULT 0,
    tips_wei TEXT NOT NULL DEFAULT '0'
);
"""
    + "\n".join(POST_INDEXES.values())
    + """

CREATE TABLE IF NOT EXISTS reposts (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL,
    post_id INTEGER NOT NULL, by TEXT NOT NULL,
    block INTEGER NOT NULL, tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reposts_by ON reposts(by, block);
CREATE INDEX IF NOT EXISTS reposts_block ON reposts(block);

CREATE TABLE IF NOT EXISTS follow_events (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL,
    follower TEXT NOT NULL, followee TEXT NOT NULL, follow INTEGER NOT NULL,
    block INTEGER NOT NULL, tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS follow_events_pair ON follow_events(follower, followee, block, log_index);
CREATE INDEX IF NOT EXISTS follow_events_followee ON follow_events(followee, block);
CREATE INDEX IF NOT EXISTS follow_events_block ON follow_events(block);

-- Current follow graph, derived from follow_events by triggers.
CREATE TABLE IF NOT EXISTS follows (
    follower TEXT NOT NULL, followee TEXT NOT NULL, block INTEGER NOT NULL,
    PRIMARY KEY (follower, followee)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS follows_followee ON follows(followee, follower);

CREATE TABLE IF NOT EXISTS profile_events (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL,
    account TEXT NOT NULL, cid TEXT NOT NULL,
    block INTEGER NOT NULL, tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS profile_events_account ON profile_events(account, block, log_index);
CREATE INDEX IF NOT EXISTS profile_events_block ON profile_events(block);

-- Each account's latest profile CID, derived by triggers.
CREATE TABLE IF NOT EXISTS profiles (account TEXT PRIMARY KEY, cid TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS tips (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL,
    post_id INTEGER NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL, amount TEXT NOT NULL,
    block INTEGER NOT NULL, tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tips_recipient ON tips(recipient, block);
CREATE INDEX IF NOT EXISTS tips_block ON tips(block);

CREATE TABLE IF NOT EXISTS accounts (
    address TEXT PRIMARY KEY, tips_received_wei TEXT NOT NULL DEFAULT '0'
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    author TEXT NOT NULL, cid TEXT NOT NULL, price_wei TEXT NOT NULL, max_editions INTEGER NOT NULL,
    editions INTEGER NOT NULL DEFAULT 0,
    block INTEGER NOT NULL, log_index INTEGER NOT NULL, block_hash TEXT NOT NULL,
    tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_author ON articles(author, id);
CREATE INDEX IF NOT EXISTS articles_block ON articles(block);

CREATE TABLE IF NOT EXISTS collects (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL,
    article_id INTEGER NOT NULL, edition_id INTEGER NOT NULL, collector TEXT NOT NULL,
    price_wei TEXT NOT NULL,
    block INTEGER NOT NULL, tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS collects_article ON collects(article_id);
CREATE INDEX IF NOT EXISTS collects_block ON collects(block);

CREATE TABLE IF NOT EXISTS transfers (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL,
    token_id INTEGER NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL,
    block INTEGER NOT NULL, tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS transfers_token ON transfers(token_id, block, log_index);
CREATE INDEX IF NOT EXISTS transfers_block ON transfers(block);

-- Current owner of each token (articles and editions), derived by triggers.
CREATE TABLE IF NOT EXISTS owners (token_id INTEGER PRIMARY KEY, owner TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS owners_owner ON owners(owner);

CREATE VIRTUAL TABLE IF NOT EXISTS post_fts USING fts5(text, tokenize = 'unicode61');

-- Content the user wrote that no IPFS node has confirmed yet (publish retry queue).
CREATE TABLE IF NOT EXISTS publish_queue (
    cid TEXT PRIMARY KEY, attempts INTEGER NOT NULL DEFAULT 0, next_try INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Counters ------------------------------------------------------------------------------

CREATE TRIGGER IF NOT EXISTS posts_ins AFTER INSERT ON posts WHEN NEW.parent != 0 BEGIN
    UPDATE posts SET replies = replies + 1 WHERE id = NEW.parent;
END;
-- A post reusing a CID whose text is already known is searchable at once.
"""
    + POSTS_FTS_TRIGGER
    + """
CREATE TRIGGER IF NOT EXISTS posts_del AFTER DELETE ON posts BEGIN
    UPDATE posts SET replies = replies - 1 WHERE id = OLD.parent AND OLD.parent != 0;
    DELETE FROM post_fts WHERE rowid = OLD.id;
END;

CREATE TRIGGER IF NOT EXISTS reposts_ins AFTER INSERT ON reposts BEGIN
    UPDATE posts SET reposts = reposts + 1 WHERE id = NEW.post_id;
END;
CREATE TRIGGER IF NOT EXISTS reposts_del AFTER DELETE ON reposts BEGIN
    UPDATE posts SET reposts = reposts - 1 WHERE id = OLD.post_id;
END;

CREATE TRIGGER IF NOT EXISTS tips_ins AFTER INSERT ON tips BEGIN
    UPDATE posts SET tips_wei = u256_add(tips_wei, NEW.amount) WHERE id = NEW.post_id;
    INSERT INTO accounts(address, tips_received_wei) VALUES (NEW.recipient, NEW.amount)
        ON CONFLICT(address) DO UPDATE SET tips_received_wei = u256_add(tips_received_wei, NEW.amount);
END;
CREATE TRIGGER IF NOT EXISTS tips_del AFTER DELETE ON tips BEGIN
    UPDATE posts SET tips_wei = u256_sub(tips_wei, OLD.amount) WHERE id = OLD.post_id;
    UPDATE accounts SET tips_received_wei = u256_sub(tips_received_wei, OLD.amount)
        WHERE address = OLD.recipient;
END;

CREATE TRIGGER IF NOT EXISTS collects_ins AFTER INSERT ON collects BEGIN
    UPDATE articles SET editions = editions + 1 WHERE id = NEW.article_id;
END;
CREATE TRIGGER IF NOT EXISTS collects_del AFTER DELETE ON collects BEGIN
    UPDATE articles SET editions = editions - 1 WHERE id = OLD.article_id;
END;

-- Derived state: recomputed from the latest remaining event of the pair / account / token.
CREATE TRIGGER IF NOT EXISTS follow_events_ins AFTER INSERT ON follow_events BEGIN
    DELETE FROM follows WHERE follower = NEW.follower AND followee = NEW.followee;
    INSERT INTO follows(follower, followee, block)
        SELECT follower, followee, block FROM (
            SELECT * FROM follow_events WHERE follower = NEW.follower AND followee = NEW.followee
            ORDER BY block DESC, log_index DESC LIMIT 1) WHERE follow = 1;
END;
CREATE TRIGGER IF NOT EXISTS follow_events_del AFTER DELETE ON follow_events BEGIN
    DELETE FROM follows WHERE follower = OLD.follower AND followee = OLD.followee;
    INSERT INTO follows(follower, followee, block)
        SELECT follower, followee, block FROM (
            SELECT * FROM follow_events WHERE follower = OLD.follower AND followee = OLD.followee
            ORDER BY block DESC, log_index DESC LIMIT 1) WHERE follow = 1;
END;

CREATE TRIGGER IF NOT EXISTS profile_events_ins AFTER INSERT ON profile_events BEGIN
    DELETE FROM profiles WHERE account = NEW.account;
    INSERT INTO profiles(account, cid)
        SELECT account, cid FROM profile_events WHERE account = NEW.account
        ORDER BY block DESC, log_index DESC LIMIT 1;
END;
CREATE TRIGGER IF NOT EXISTS profile_events_del AFTER DELETE ON profile_events BEGIN
    DELETE FROM profiles WHERE account = OLD.account;
    INSERT INTO profiles(account, cid)
        SELECT account, cid FROM profile_events WHERE account = OLD.account
        ORDER BY block DESC, log_index DESC LIMIT 1;
END;

CREATE TRIGGER IF NOT EXISTS transfers_ins AFTER INSERT ON transfers BEGIN
    DELETE FROM owners WHERE token_id = NEW.token_id;
    INSERT INTO owners(token_id, owner)
        SELECT token_id, recipient FROM transfers WHERE token_id = NEW.token_id
        ORDER BY block DESC, log_index DESC LIMIT 1;
END;
CREATE TRIGGER IF NOT EXISTS transfers_del AFTER DELETE ON transfers BEGIN
    DELETE FROM owners WHERE token_id = OLD.token_id;
    INSERT INTO owners(token_id, owner)
        SELECT token_id, recipient FROM transfers WHERE token_id = OLD.token_id
        ORDER BY block DESC, log_index DESC LIMIT 1;
END;
"""
)

_MIGRATE_1 = """
DROP TRIGGER IF EXISTS transfers_ins;
DROP TRIGGER IF EXISTS profile_events_ins;
DELETE FROM owners;
INSERT INTO owners(token_id, owner) SELECT token_id, recipient FROM (
    SELECT token_id, recipient, ROW_NUMBER() OVER (
        PARTITION BY token_id ORDER BY block DESC, log_index DESC) AS n FROM transfers) WHERE n = 1;
DELETE FROM profiles;
INSERT INTO profiles(account, cid) SELECT account, cid FROM (
    SELECT account, cid, ROW_NUMBER() OVER (
        PARTITION BY account ORDER BY block DESC, log_index DESC) AS n FROM profile_events)
    WHERE n = 1;
"""
"""Version 1 wrote the current owner and profile with ``INSERT OR REPLACE`` inside a trigger,
but the events are inserted ``OR IGNORE`` and an outer conflict policy overrides the trigger's:
the first owner and the first profile stuck. Recompute both from their events."""

EVENT_TABLES = (
    "tips",
    "reposts",
    "collects",
    "transfers",
    "follow_events",
    "profile_events",
    "articles",
    "posts",
)
"""Tables holding one row per log, in the order a rollback deletes them (children first)."""


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and create or migrate) an index database in WAL mode.

    ``check_same_thread=False`` because the TUI reads from worker threads; callers serialise
    writes (the indexer owns the only writing connection).
    """
    if readonly:
        uri = f"file:{Path(path).as_posix()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    conn.create_function("u256_add", 2, _u256_add, deterministic=True)
    conn.create_function("u256_sub", 2, _u256_sub, deterministic=True)
    tags.register(conn)  # the tag tables' trigger function (tui/core/index/tags.py)
    conn.execute("PRAGMA busy_timeout = 10000")
    if readonly:
        return conn
    conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL in WAL mode is still atomic and consistent after a crash; only the last
    # transactions may be lost on power failure, and the indexer simply re-syncs them.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = OFF")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ChainError(
            f"The index at {path} was written by a newer Agora.",
            hint="Upgrade Agora, or delete the index file to rebuild it from the chain.",
        )
    if version < SCHEMA_VERSION:
        script = (_MIGRATE_1 if version == 1 else "") + SCHEMA  # drop old triggers first
        conn.executescript("BEGIN;" + script + f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
    else:
        ensure_post_indexes(conn)  # a bulk sync killed midway may have left them dropped
        ensure_post_content(conn)  # ... or its posts' content rows still to add
    from tui.core.index.sources import ensure_source_tables

    ensure_source_tables(conn)  # the capabilities' tables (tui.core.index.sources)
    tags.ensure_tags(conn)
    return conn


def drop_post_indexes(conn: sqlite3.Connection) -> None:
    """Drop the secondary indexes of ``posts`` (inside the caller's transaction)."""
    for name in POST_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {name}")


def ensure_post_indexes(conn: sqlite3.Connection) -> bool:
    """Create any missing secondary index of ``posts`` (and rebuild one an older Agora
    defined differently); True when one was missing."""
    have = {
        str(name): str(sql)
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        if name in POST_INDEXES
    }
    missing = [
        f"DROP INDEX IF EXISTS {name};{sql}"
        for name, sql in POST_INDEXES.items()
        if have.get(name) != sql.replace(" IF NOT EXISTS", "", 1).rstrip(";")
    ]
    if missing:
        conn.executescript("BEGIN IMMEDIATE;" + "".join(missing) + "COMMIT;")
    return bool(missing)


POSTS_CONTENT_DEFERRED = "posts_content_deferred"
"""Meta key set (to "1") while posts of an initial bulk sync wait for their content rows."""

_FTS_OF_VERIFIED = """INSERT INTO post_fts(rowid, text)
    SELECT p.id, c.text FROM content c JOIN posts p ON p.cid = c.cid
    WHERE c.status = 'verified' AND NOT EXISTS (SELECT 1 FROM post_fts f WHERE f.rowid = p.id)"""


def add_post_content(conn: sqlite3.Connection) -> bool:
    """Add the content rows that an initial bulk sync deferred (inside the caller's
    transaction); True when there were some to add.

    Every post has a content row (its fetch status), but while the index fills from empty
    the posts go in alone and their rows are added here once, at the end, in one pass over
    ``posts_cid`` in CID order: appended, not merged into a growing B-tree batch after batch
    (a fifth of the SQLite time of a first sync). The deferral is recorded with the posts,
    in their transaction, so a sync killed midway leaves a flag that the next open or sync
    acts on (``ensure_post_content``). Until then views show those posts as pending, as
    they would anyway. A post whose CID was already verified is made searchable here.
    """
    if get_meta(conn, POSTS_CONTENT_DEFERRED) != "1":
        return False
    if conn.execute("SELECT 1 FROM content WHERE status = 'verified' LIMIT 1").fetchone():
        conn.execute(_FTS_OF_VERIFIED)
    conn.execute(
        "INSERT OR IGNORE INTO content(cid, kind) SELECT cid, 'post' FROM posts ORDER BY cid"
    )
    conn.execute("DELETE FROM meta WHERE key = ?", (POSTS_CONTENT_DEFERRED,))
    return True


def ensure_post_content(conn: sqlite3.Connection) -> bool:
    """``add_post_content`` in its own transaction (after a bulk sync, or one killed midway)."""
    if get_meta(conn, POSTS_CONTENT_DEFERRED) != "1":
        return False
    conn.execute("BEGIN IMMEDIATE")
    try:
        added = add_post_content(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return added


EVENTS_VERSION = "events_version"
"""Meta key bumped by every commit that adds or removes events (not by cursor-only moves), so
a reader sees whether the lists changed, whichever process indexed them."""


def get_meta(conn: sqlite3.Connection, key: str, default: str = "") -> str:
    """One value of the ``meta`` table (cursor, finalized block, chain id…), or ``default``."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default
