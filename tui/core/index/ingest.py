"""Turning raw logs into index rows, and applying or rolling back whole blocks atomically.

Every write here happens inside one SQLite transaction that also moves the sync cursor, so a
crash (even SIGKILL) leaves the index at a block boundary it can resume from: never half a block.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from tui.core.chain.abi import EVENT_TOPICS, decode_log, to_checksum
from tui.core.errors import ChainError
from tui.core.index.schema import (
    EVENT_TABLES,
    EVENTS_VERSION,
    POSTS_CONTENT_DEFERRED,
    POSTS_FTS_TRIGGER,
    add_post_content,
)
from tui.core.index.schema import get_meta as get_meta  # re-exported for the indexer

if TYPE_CHECKING:
    from tui.core.index.sources import ActiveSource

_INSERTS = {
    "posts": "INSERT OR IGNORE INTO posts(id, author, parent, cid, block, log_index, block_hash,"
    " tx_hash, timestamp) VALUES (?,?,?,?,?,?,?,?,?)",
    "reposts": "INSERT OR IGNORE INTO reposts(block_hash, log_index, post_id, by, block, tx_hash,"
    " timestamp) VALUES (?,?,?,?,?,?,?)",
    "follow_events": "INSERT OR IGNORE INTO follow_events(block_hash, log_index, follower, followee,"
    " follow, block, tx_hash, timestamp) VALUES (?,?,?,?,?,?,?,?)",
    "profile_events": "INSERT OR IGNORE INTO profile_events(block_hash, log_index, account, cid,"
    " block, tx_hash, timestamp) VALUES (?,?,?,?,?,?,?)",
    "tips": "INSERT OR IGNORE INTO tips(block_hash, log_index, post_id, sender, recipient, amount,"
    " block, tx_hash, timestamp) VALUES (?,?,?,?,?,?,?,?,?)",
    "articles": "INSERT OR IGNORE INTO articles(id, author, cid, price_wei, max_editions, block,"
    " log_index, block_hash, tx_hash, timestamp) VALUES (?,?,?,?,?,?,?,?,?,?)",
    "collects": "INSERT OR IGNORE INTO collects(block_hash, log_index, article_id, edition_id,"
    " collector, price_wei, block, tx_hash, timestamp) VALUES (?,?,?,?,?,?,?,?,?)",
    "transfers": "INSERT OR IGNORE INTO transfers(block_hash, log_index, token_id, sender,"
    " recipient, block, tx_hash, timestamp) VALUES (?,?,?,?,?,?,?,?)",
}
_ORDER = (
    "posts",
    "articles",
    "reposts",
    "tips",
    "collects",
    "transfers",
    "follow_events",
    "profile_events",
)
"""Parents before children so counter triggers find the row they update."""

_SOCIAL = {"Posted", "Reposted", "Followed", "Unfollowed", "ProfileUpdated", "Tipped"}
_ARTICLES = {"ArticlePublished", "Collected", "Transfer"}
MAX_INT = 2**63 - 1


@dataclass
class Batch:
    """Rows decoded from the logs of a run of whole blocks."""

    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {t: [] for t in _ORDER})
    content: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, int]] = field(default_factory=list)
    blocks: dict[int, tuple[str, int]] = field(default_factory=dict)
    """Block number -> (hash, timestamp) for blocks we saw logs in."""
    posts: int = 0
    skipped: int = 0
    """Logs that were not ours or did not decode (a lying node must not break the index)."""
    extra: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    """Rows of the event sources (``tui.core.index.sources``), by table."""
    split: bool = False
    """Some block number came with two different hashes or times: an answer stitched across
    a reorg. The indexer refuses such a batch and fetches the range again."""

    def block(self, number: int, block_hash: str, timestamp: int) -> None:
        """Record the block of a log, noting a second hash or time for the same number."""
        seen = self.blocks.get(number)
        if seen is not None and seen != (block_hash, timestamp):
            self.split = True
        self.blocks[number] = (block_hash, timestamp)

    def extend(self, other: Batch) -> None:
        for table, rows in other.rows.items():
            self.rows[table].extend(rows)
        for table, rows in other.extra.items():
            self.extra.setdefault(table, []).extend(rows)
        self.content.extend(other.content)
        self.removed.extend(other.removed)
        for number, (block_hash, timestamp) in other.blocks.items():
            self.block(number, block_hash, timestamp)
        self.split = self.split or other.split
        self.posts += other.posts
        self.skipped += other.skipped


def _num(value: Any) -> int:
    if isinstance(value, int):
        return value
    return int(str(value), 16) if value else 0


_POSTED = EVENT_TOPICS["Posted"]
_ADDRESS_TOPIC_HEAD = "0x" + "0" * 24
_CID_HEAD = "0x" + "0" * 62 + "20"
"""Posted's data starts with the offset of its only (string) field: always 0x20."""


def posted_fields(
    data: Any, topics: list[Any], authors: dict[str, str]
) -> tuple[int, str, int, str] | None:
    """(id, author, parent, cid) of a well-formed Posted log, or None to take the slow path.

    The hot event of a timeline sync, decoded with fixed slices instead of the generic ABI
    walk. Anything unusual (odd lengths, no 0x, a non-canonical offset, bad hex) returns None
    and the generic decoder decides, so both paths accept and reject exactly the same logs.
    """
    if len(topics) != 4:
        return None
    t1, t2, t3 = topics[1], topics[2], topics[3]
    if not (
        isinstance(t1, str)
        and isinstance(t2, str)
        and isinstance(t3, str)
        and isinstance(data, str)
        and len(t1) == len(t2) == len(t3) == 66
        and t1[:2] == t3[:2] == "0x"
        and t2[:26] == _ADDRESS_TOPIC_HEAD
        and data[:66] == _CID_HEAD
        and len(data) >= 194
    ):
        return None
    try:
        size = int(data[66:130], 16) * 2
        if 130 + size > len(data):
            return None
        cid = bytes.fromhex(data[130 : 130 + size]).decode("utf-8", "replace")
        author = authors.get(t2)
        if author is None:
            author = authors[t2] = to_checksum(t2[26:])
        return int(t1[2:], 16), author, int(t3[2:], 16), cid
    except (ValueError, ChainError):
        return None


def decode_batch(
    logs: Iterable[dict[str, Any]],
    social: str,
    articles: str,
    timestamps: dict[int, int] | None = None,
    sources: Mapping[str, ActiveSource] | None = None,
) -> Batch:
    """Decode raw logs into rows. Logs from other addresses or with bad data are skipped.

    ``timestamps`` maps block numbers to block times for nodes whose logs lack
    ``blockTimestamp``; ``sources`` maps lowercase addresses to the event sources bound to
    them (``tui.core.index.sources.activate``).
    """
    batch = Batch()
    rows = batch.rows
    social_l, articles_l = social.lower(), articles.lower()
    ts_map = timestamps or {}
    posts, content, blocks = rows["posts"], batch.content, batch.blocks
    authors: dict[str, str] = {}  # author topic -> checksummed address (authors repeat)
    for log in logs:
        address = str(log.get("address", "")).lower()
        if address not in (social_l, articles_l):
            source = sources.get(address) if sources else None
            if source is None:
                batch.skipped += 1
            else:
                _decode_source(batch, source, log, ts_map)
            continue
        topics = log.get("topics")
        if (
            address == social_l
            and isinstance(topics, list)
            and topics
            and topics[0] == _POSTED
            and not log.get("removed")
        ):
            fast = posted_fields(log.get("data"), topics, authors)
            try:
                bn = int(log["blockNumber"], 16)
                li = int(log["logIndex"], 16)
                bh, tx = log["blockHash"], log["transactionHash"]
            except (KeyError, TypeError, ValueError):
                fast = None
            if fast is not None and isinstance(bh, str) and isinstance(tx, str):
                pid, author, parent, cid = fast
                if pid > MAX_INT or parent > MAX_INT:
                    batch.skipped += 1
                    continue
                ts_raw = log.get("blockTimestamp")
                ts = _num(ts_raw) if ts_raw else ts_map.get(bn, 0)
                if blocks.get(bn, (bh, ts)) != (bh, ts):
                    batch.split = True
                blocks[bn] = (bh, ts)
                posts.append((pid, author, parent, cid, bn, li, bh, tx, ts))
                content.append((cid, "post"))
                batch.posts += 1
                continue
        event = decode_log(log)
        if event is None or event.block_number < 0:
            batch.skipped += 1
            continue
        name = event.name
        if (name in _SOCIAL) != (address == social_l) or name not in _SOCIAL | _ARTICLES:
            batch.skipped += 1
            continue
        bh, li, bn, tx = event.block_hash, event.log_index, event.block_number, event.tx_hash
        if event.removed:
            batch.removed.append((bh, li))
            continue
        ts_raw = log.get("blockTimestamp")
        ts = _num(ts_raw) if ts_raw else ts_map.get(bn, 0)
        batch.block(bn, bh, ts)
        a = event.args
        if name == "Posted":
            if a["id"] > MAX_INT or a["parent"] > MAX_INT:
                batch.skipped += 1
                continue
            rows["posts"].append((a["id"], a["author"], a["parent"], a["cid"], bn, li, bh, tx, ts))
            batch.content.append((a["cid"], "post"))
            batch.posts += 1
        elif name == "Reposted":
            rows["reposts"].append((bh, li, min(a["id"], MAX_INT), a["by"], bn, tx, ts))
        elif name in ("Followed", "Unfollowed"):
            follow = 1 if name == "Followed" else 0
            rows["follow_events"].append((bh, li, a["follower"], a["followee"], follow, bn, tx, ts))
        elif name == "ProfileUpdated":
            rows["profile_events"].append((bh, li, a["account"], a["cid"], bn, tx, ts))
            batch.content.append((a["cid"], "profile"))
        elif name == "Tipped":
            rows["tips"].append(
                (
                    bh,
                    li,
                    min(a["id"], MAX_INT),
                    a["sender"],
                    a["recipient"],
                    str(a["amount"]),
                    bn,
                    tx,
                    ts,
                )
            )
        elif name == "ArticlePublished":
            if a["tokenId"] > MAX_INT:
                batch.skipped += 1
                continue
            max_editions = min(a["maxEditions"], MAX_INT)
            rows["articles"].append(
                (
                    a["tokenId"],
                    a["author"],
                    a["cid"],
                    str(a["price"]),
                    max_editions,
                    bn,
                    li,
                    bh,
                    tx,
                    ts,
                )
            )
            batch.content.append((a["cid"], "article"))
        elif name == "Collected":
            rows["collects"].append(
                (
                    bh,
                    li,
                    min(a["articleId"], MAX_INT),
                    min(a["editionId"], MAX_INT),
                    a["collector"],
                    str(a["price"]),
                    bn,
                    tx,
                    ts,
                )
            )
        elif name == "Transfer":
            if a["token_id"] > MAX_INT:
                batch.skipped += 1
                continue
            rows["transfers"].append(
                (bh, li, a["token_id"], a["sender"], a["receiver"], bn, tx, ts)
            )
    return batch


def _decode_source(
    batch: Batch, source: ActiveSource, log: dict[str, Any], ts_map: dict[int, int]
) -> None:
    """One log of an event source: its rows, or a skip when it does not decode."""
    event = source.decoder.decode(log)
    if event is None or event.block_number < 0:
        batch.skipped += 1
        return
    if event.removed:
        batch.removed.append((event.block_hash, event.log_index))
        return
    ts_raw = log.get("blockTimestamp")
    ts = _num(ts_raw) if ts_raw else ts_map.get(event.block_number, 0)
    try:
        rows = source.source.decode(event, ts)
    except (KeyError, TypeError, ValueError, OverflowError):
        batch.skipped += 1
        return
    batch.block(event.block_number, event.block_hash, ts)
    for table, row in rows:
        if table == "content":
            batch.content.append((str(row[0]), str(row[1])))
        else:
            batch.extra.setdefault(table, []).append(row)


def _set_meta(conn: sqlite3.Connection, items: dict[str, str]) -> None:
    conn.executemany(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        list(items.items()),
    )


def _delete_removed(conn: sqlite3.Connection, removed: list[tuple[str, int]]) -> None:
    from tui.core.index.sources import source_tables

    for table in (*source_tables(), *EVENT_TABLES):
        conn.executemany(f"DELETE FROM {table} WHERE block_hash = ? AND log_index = ?", removed)


BULK_POSTS = 256
"""From this many posts in one batch, the FTS trigger is replaced by one statement."""

_FTS_FOR_POST = """
INSERT INTO post_fts(rowid, text)
    SELECT p.id, ? FROM posts p
    WHERE p.id = ? AND p.cid = ? AND NOT EXISTS (SELECT 1 FROM post_fts f WHERE f.rowid = p.id)
"""
"""Every post whose content is verified has an FTS row (the trigger and hydrate keep this);
the NOT EXISTS keeps it exactly once when a batch re-inserts posts we already had."""


def _verified_texts(conn: sqlite3.Connection, cids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for i in range(0, len(cids), 500):
        chunk = cids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            conn.execute(
                f"SELECT cid, text FROM content WHERE status = 'verified' AND cid IN ({marks})",
                chunk,
            ).fetchall()
        )
    return found


def _bulk_insert_posts(
    conn: sqlite3.Connection,
    rows: list[tuple[Any, ...]],
    *,
    known_cids: bool = True,
    add_content: bool = False,
) -> None:
    """Insert many posts without the per-row FTS trigger, inside the caller's transaction.

    The trigger's per-row lookup costs more than the insert itself, so the batch's CIDs are
    looked up once, and not at all when none of them had a content row before this
    transaction (``known_cids`` False: nothing can be verified yet, the usual case of a first
    sync). With ``add_content`` the posts' content rows are added here, from the rows just
    inserted (``_add_post_content``), and that tells whether any CID was known. Working from
    the batch, not from ``posts``' secondary indexes, needs none of them, which an initial
    sync drops. DDL is transactional in SQLite, so dropping and recreating the trigger here
    is atomic with the rows and the cursor: a crash leaves either the old state (trigger
    included) or the new one, never a missing trigger.
    """
    conn.execute("DROP TRIGGER IF EXISTS posts_ins_fts")
    conn.executemany(_INSERTS["posts"], rows)
    if add_content:
        known_cids = _add_post_content(conn, rows)
    texts = _verified_texts(conn, sorted({row[3] for row in rows})) if known_cids else {}
    if texts:
        conn.executemany(
            _FTS_FOR_POST, [(texts[row[3]], row[0], row[3]) for row in rows if row[3] in texts]
        )
    conn.execute(POSTS_FTS_TRIGGER)


def _add_post_content(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> bool:
    """Add the pending content row of every post of ``rows`` (just inserted); True when some
    CID already had one.

    One INSERT … SELECT over the batch's id range, in CID order, instead of a bound row per
    CID: SQLite sorts and inserts without a round trip through Python per row (a third of
    the cost of the content rows of a first sync). Posts of the range from earlier batches
    already have their rows, which the insert ignores.
    """
    added = conn.execute(
        "INSERT OR IGNORE INTO content(cid, kind) SELECT cid, 'post' FROM posts"
        " WHERE id BETWEEN ? AND ? ORDER BY cid",
        (min(rows)[0], max(rows)[0]),
    ).rowcount
    return bool(added != len(set(map(itemgetter(3), rows))))


def _content_rows(batch: Batch) -> list[tuple[str, str]]:
    """The batch's new content rows, one per CID (its first kind wins, as row by row), sorted.

    CIDs are hashes, so in log order each insert lands on a random page of the content
    B-tree; once the table outgrows SQLite's page cache that is a page read and a page write
    per row. Sorted, consecutive rows share pages.
    """
    kinds = dict(reversed(batch.content))  # reversed: the first kind of a CID is set last
    cids = sorted(kinds)  # strings alone sort faster than (cid, kind) pairs
    return list(zip(cids, map(kinds.__getitem__, cids), strict=True))


def apply_batch(
    conn: sqlite3.Connection,
    batch: Batch,
    cursor_block: int,
    cursor_hash: str,
    *,
    defer_post_content: bool = False,
) -> None:
    """Write a batch of whole blocks and move the cursor, in one transaction.

    With ``defer_post_content`` (an initial sync into an empty index), a batch whose only
    content rows are its posts' leaves them to ``schema.add_post_content``; a batch with
    other content adds the deferred rows first, so the first kind of a CID still wins.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        if batch.removed:
            _delete_removed(conn, batch.removed)
        # Content rows first (new ones are pending, so no trigger below sees a difference):
        # when every CID is new, no post of the batch can have a verified text to index.
        # Every post adds one content row, so when the batch has no other (the bulk of a
        # first sync), the posts' rows are added from the posts table instead.
        posts = batch.rows["posts"]
        from_posts = len(posts) >= BULK_POSTS and len(batch.content) == len(posts)
        deferred = from_posts and defer_post_content
        if not deferred:
            add_post_content(conn)  # rows an earlier batch deferred (none, usually)
        known_cids = False
        if batch.content and not from_posts:
            content = _content_rows(batch)
            added = conn.executemany(
                "INSERT OR IGNORE INTO content(cid, kind) VALUES (?, ?)", content
            ).rowcount
            known_cids = added != len(content)
        for table in _ORDER:
            rows = batch.rows[table]
            if table == "posts" and deferred:
                _bulk_insert_posts(conn, rows, known_cids=False)  # see add_post_content
            elif table == "posts" and len(rows) >= BULK_POSTS:
                _bulk_insert_posts(conn, rows, known_cids=known_cids, add_content=from_posts)
            elif rows:
                conn.executemany(_INSERTS[table], rows)
        if batch.extra:
            _insert_extra(conn, batch.extra)
        blocks = [(n, h, t) for n, (h, t) in batch.blocks.items()]
        if cursor_hash:
            blocks.append((cursor_block, cursor_hash, batch.blocks.get(cursor_block, ("", 0))[1]))
        if blocks:
            conn.executemany(
                "INSERT OR REPLACE INTO blocks(number, hash, timestamp) VALUES (?,?,?)", blocks
            )
        meta = {"cursor_block": str(cursor_block), "cursor_hash": cursor_hash}
        if deferred:
            meta[POSTS_CONTENT_DEFERRED] = "1"
        if batch.removed or batch.extra or any(batch.rows[table] for table in _ORDER):
            meta[EVENTS_VERSION] = _next_events_version(conn)
        _set_meta(conn, meta)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _insert_extra(conn: sqlite3.Connection, extra: dict[str, list[tuple[Any, ...]]]) -> None:
    """The event sources' rows, parents first (each source lists its inserts in that order)."""
    from tui.core.index.sources import source_inserts

    for table, sql in source_inserts():
        rows = extra.get(table)
        if rows:
            conn.executemany(sql, rows)


def _next_events_version(conn: sqlite3.Connection) -> str:
    return str(int(get_meta(conn, EVENTS_VERSION, "0")) + 1)


def rollback_to(conn: sqlite3.Connection, fork_block: int, fork_hash: str) -> int:
    """Delete everything above ``fork_block`` (triggers fix every counter); return posts removed."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        removed = conn.execute(
            "SELECT COUNT(*) FROM posts WHERE block > ?", (fork_block,)
        ).fetchone()[0]
        from tui.core.index.sources import source_tables

        for table in (*source_tables(), *EVENT_TABLES):
            conn.execute(f"DELETE FROM {table} WHERE block > ?", (fork_block,))
        conn.execute("DELETE FROM blocks WHERE number > ?", (fork_block,))
        _set_meta(
            conn,
            {
                "cursor_block": str(fork_block),
                "cursor_hash": fork_hash,
                EVENTS_VERSION: _next_events_version(conn),
            },
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return int(removed)


def set_meta(conn: sqlite3.Connection, **items: str) -> None:
    """Write meta keys in their own transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        _set_meta(conn, items)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
