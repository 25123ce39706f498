"""Which posts carry which tag, kept in a table so ``tag:NAME`` reads an index, not every post.

A post carries a tag when its document lists it or its text has ``#tag`` as a word
(``tui.core.tags.post_tags``, the rule the TUI's ``#`` key uses too). The tags are written the
moment hydration stores a verified document: a trigger on ``content`` calls ``agora_tags``
(``tags_of``, registered on every connection by ``schema.connect``) and fills
``content_tags`` per document (a CID never changes) and ``post_tags`` per post, keyed
``(tag, post_id)`` so a page of a tag timeline is one range of that key, however rare the tag.
Two triggers on ``posts`` keep ``post_tags`` in step: a post indexed after its document was
verified (the same CID posted again) takes the document's tags, and a post a reorg removes
loses them. Triggers rather than calls in the hydrator, so every writer of ``content`` (the
hydrator, the devnet seed, test worlds) keeps the table right.

The tables are created on connect when missing and, that once, filled from the documents
already verified, so an index built before them needs no rebuild.
"""

from __future__ import annotations

import json
import sqlite3

from tui.core.tags import HASHTAG, TAG_CHARS

_POST_TAGS_OF_CID = """INSERT OR IGNORE INTO post_tags(tag, post_id)
        SELECT ct.tag, p.id FROM content_tags ct JOIN posts p ON p.cid = ct.cid
        WHERE ct.cid = NEW.cid;"""

TAGS_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS content_tags (
    cid TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (cid, tag)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS post_tags (
    tag TEXT NOT NULL, post_id INTEGER NOT NULL, PRIMARY KEY (tag, post_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS post_tags_post ON post_tags(post_id);
CREATE TRIGGER IF NOT EXISTS content_ins_tags AFTER INSERT ON content
        WHEN NEW.kind = 'post' AND NEW.status = 'verified' BEGIN
    INSERT OR IGNORE INTO content_tags(cid, tag)
        SELECT NEW.cid, value FROM json_each(agora_tags(NEW.text, NEW.extra));
    {_POST_TAGS_OF_CID}
END;
CREATE TRIGGER IF NOT EXISTS content_upd_tags AFTER UPDATE OF status, text, extra ON content
        WHEN NEW.kind = 'post' AND 'verified' IN (NEW.status, OLD.status) BEGIN
    DELETE FROM post_tags WHERE post_id IN (SELECT id FROM posts WHERE cid = NEW.cid);
    DELETE FROM content_tags WHERE cid = NEW.cid;
    INSERT OR IGNORE INTO content_tags(cid, tag)
        SELECT NEW.cid, value FROM json_each(agora_tags(NEW.text, NEW.extra))
        WHERE NEW.status = 'verified';
    {_POST_TAGS_OF_CID}
END;
CREATE TRIGGER IF NOT EXISTS posts_ins_tags AFTER INSERT ON posts BEGIN
    INSERT OR IGNORE INTO post_tags(tag, post_id)
        SELECT tag, NEW.id FROM content_tags WHERE cid = NEW.cid;
END;
CREATE TRIGGER IF NOT EXISTS posts_del_tags AFTER DELETE ON posts BEGIN
    DELETE FROM post_tags WHERE post_id = OLD.id;
END;
"""


def register(conn: sqlite3.Connection) -> None:
    """Make ``agora_tags(text, extra_json)`` (the triggers' tagger) known to ``conn``."""
    conn.create_function("agora_tags", 2, _sql_tags, deterministic=True)


def _sql_tags(text: object, extra: object) -> str:
    return json.dumps(tags_of(str(text or ""), _json(extra)))


MAX_TAGS = 100
"""Tags indexed per document: a post stuffed with thousands of ``#words`` costs no more."""


def tags_of(text: str, extra: object) -> list[str]:
    """The tags of a post document: its ``tags`` list, then its ``#words``, lower case (at
    most ``MAX_TAGS``)."""
    listed = extra.get("tags", ()) if isinstance(extra, dict) else ()
    found: list[str] = []
    for raw in [*(listed if isinstance(listed, list | tuple) else ()), *HASHTAG.findall(text)]:
        tag = str(raw).lower().removeprefix("#")
        if TAG_CHARS.fullmatch(tag) and tag not in found:
            found.append(tag)
            if len(found) == MAX_TAGS:
                break
    return found


def ensure_tags(conn: sqlite3.Connection) -> None:
    """Create the tag tables when missing, filled from the verified post documents."""
    have = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'post_tags'"
    ).fetchone()
    if have:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not conn.execute(  # another process may have made them while we waited
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'post_tags'"
        ).fetchone():
            for statement in _statements(TAGS_SCHEMA):
                conn.execute(statement)
            conn.execute(
                """INSERT OR IGNORE INTO content_tags(cid, tag)
                   SELECT c.cid, t.value FROM content c, json_each(agora_tags(c.text, c.extra)) t
                   WHERE c.kind = 'post' AND c.status = 'verified'"""
            )
            conn.execute(
                """INSERT OR IGNORE INTO post_tags(tag, post_id)
                   SELECT ct.tag, p.id FROM content_tags ct JOIN posts p ON p.cid = ct.cid"""
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """The statements of ``TAGS_SCHEMA`` (a trigger's inner ``;`` stays inside it)."""
    out: list[str] = []
    buffer = ""
    for line in script.strip().splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    return out


def _json(raw: object) -> object:
    try:
        return json.loads(str(raw or "{}"))
    except ValueError:
        return {}
