"""Hydrate: resolve pending content (posts, profiles, article metadata) into sanitised text.

After a sync, every new CID is ``pending``. Hydrate takes verified bytes (local store first,
then gateways), parses them with the strict document parsers, runs every string through the
sanitiser and stores the result, so views and full-text search never touch raw content.
Unavailable content is retried with exponential backoff; invalid content is final.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from tui.core.content.documents import (
    MAX_ALT,
    Attachment,
    parse_article_metadata,
    parse_post,
    parse_profile,
)
from tui.core.content.fetch import FetchResult, FetchStatus
from tui.core.content.store import BlockStore
from tui.core.errors import ContentError
from tui.core.models import ContentStatus
from tui.core.names import profile_name
from tui.core.text import clean_identity, clean_line, clean_text

RETRY_BASE = 30
"""Seconds before the first retry of unavailable content; doubles per attempt."""
RETRY_MAX = 6 * 3600


@dataclass
class HydrateResult:
    verified: int = 0
    unavailable: int = 0
    invalid: int = 0
    deferred: int = 0
    """Due CIDs a budgeted pass did not get to (or was still fetching when time ran out)."""
    missing: int = 0
    """Content still not fetched after the pass (pending or unavailable), retried later."""
    seconds: float = 0.0

    def to_json(self) -> dict[str, int]:
        return dict(self.__dict__)

    def tally(self, status: ContentStatus) -> None:
        """Count one recorded CID by the status it was given."""
        if status is ContentStatus.VERIFIED:
            self.verified += 1
        elif status is ContentStatus.INVALID:
            self.invalid += 1
        else:
            self.unavailable += 1


@dataclass(frozen=True)
class Parsed:
    title: str
    text: str
    extra: dict[str, Any]


def parse_content(kind: str, data: bytes) -> Parsed:
    """Parse and sanitise one document; raises ContentError when malformed."""
    if kind == "post":
        post = parse_post(data)
        return Parsed(
            "",
            clean_text(post.text),
            {
                "content_warning": clean_line(post.content_warning, 200),
                "created_at": post.created_at,
                "tags": [clean_identity(t, 50) for t in post.tags],
                "mentions": list(post.mentions),
                "quote": post.quote,
                **_attachments_extra(post.attachments),
            },
        )
    if kind == "profile":
        profile = parse_profile(data)
        return Parsed(
            profile_name(profile.name),  # neutralised to "" when it impersonates
            clean_text(profile.bio, 1024),
            {
                "avatar": clean_line(profile.avatar, 512),
                "links": [clean_line(u, 512) for u in profile.links],
            },
        )
    if kind == "article":
        meta = parse_article_metadata(data)
        return Parsed(
            clean_line(meta.name, 200),
            clean_text(meta.description, 1000),
            {"body_cid": meta.body_cid, "image_cid": meta.image_cid},
        )
    parser = _capability_parsers().get(kind)
    if parser is not None:
        title, text, extra = parser(data)
        return Parsed(title, text, extra)
    raise ContentError(f"Unknown content kind {kind!r}.")


def _attachments_extra(attachments: tuple[Attachment, ...]) -> dict[str, Any]:
    """A post's images for the index, alt text sanitised like every other string."""
    if not attachments:
        return {}
    return {
        "attachments": [{**a.to_json(), "alt": clean_line(a.alt, MAX_ALT)} for a in attachments]
    }


CONTENT_PARSERS = ("tui.core.communities.content:PARSERS",)
"""Capabilities' document kinds: ``module:ATTR`` of a dict kind -> parse(bytes) returning
(title, text, extra), each string already sanitised."""


@cache
def _capability_parsers() -> dict[str, Callable[[bytes], tuple[str, str, dict[str, Any]]]]:
    from importlib import import_module

    parsers: dict[str, Callable[[bytes], tuple[str, str, dict[str, Any]]]] = {}
    for path in CONTENT_PARSERS:
        module, _, attr = path.partition(":")
        parsers.update(getattr(import_module(module), attr))
    return parsers


def pending(
    conn: sqlite3.Connection, limit: int = 500, now: int | None = None
) -> list[tuple[str, str]]:
    """(cid, kind) of content due for a (re)try, oldest first."""
    now = int(time.time()) if now is None else now
    rows = conn.execute(
        "SELECT cid, kind FROM content WHERE status IN ('pending', 'unavailable') "
        "AND next_try <= ? ORDER BY next_try LIMIT ?",
        (now, limit),
    ).fetchall()
    return [(str(c), str(k)) for c, k in rows]


def record(
    conn: sqlite3.Connection, cid: str, kind: str, result: FetchResult, now: int | None = None
) -> ContentStatus:
    """Store the outcome for one CID (in its own transaction) and return the new status."""
    now = int(time.time()) if now is None else now
    conn.execute("BEGIN IMMEDIATE")
    try:
        status = _record(conn, cid, kind, result, now)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return status


def _record(
    conn: sqlite3.Connection, cid: str, kind: str, result: FetchResult, now: int
) -> ContentStatus:
    if result.status is FetchStatus.UNAVAILABLE or result.data is None:
        if result.status is FetchStatus.INVALID:
            conn.execute(
                "UPDATE content SET status = 'invalid', text = '', title = '', extra = '{}', "
                "error = ? WHERE cid = ?",
                (clean_line(result.error, 500), cid),
            )
            return ContentStatus.INVALID
        attempts = conn.execute("SELECT attempts FROM content WHERE cid = ?", (cid,)).fetchone()
        tries = (attempts[0] if attempts else 0) + 1
        conn.execute(
            "UPDATE content SET status = 'unavailable', attempts = ?, next_try = ?, error = ? "
            "WHERE cid = ?",
            (
                tries,
                now + min(RETRY_BASE * 2 ** (tries - 1), RETRY_MAX),
                clean_line(result.error, 500),
                cid,
            ),
        )
        return ContentStatus.UNAVAILABLE
    try:
        parsed = parse_content(kind, result.data)
    except ContentError as exc:
        conn.execute(
            "UPDATE content SET status = 'invalid', text = '', title = '', extra = '{}', "
            "error = ? WHERE cid = ?",
            (clean_line(exc.message, 500), cid),
        )
        return ContentStatus.INVALID
    conn.execute(
        "UPDATE content SET status = 'verified', title = ?, text = ?, extra = ?, error = '' "
        "WHERE cid = ?",
        (parsed.title, parsed.text, json.dumps(parsed.extra), cid),
    )
    if kind == "post":
        conn.execute(
            "DELETE FROM post_fts WHERE rowid IN (SELECT id FROM posts WHERE cid = ?)", (cid,)
        )
        conn.execute(
            "INSERT INTO post_fts(rowid, text) SELECT id, ? FROM posts WHERE cid = ?",
            (parsed.text, cid),
        )
    return ContentStatus.VERIFIED


def hydrate(
    conn: sqlite3.Connection,
    fetch: Callable[[list[str]], list[FetchResult]],
    *,
    limit: int = 500,
    now: int | None = None,
    record_missing: bool = True,
    due: list[tuple[str, str]] | None = None,
) -> HydrateResult:
    """Resolve up to ``limit`` due CIDs with ``fetch`` (e.g. ``GatewayFetcher.fetch_many``).

    ``record_missing=False`` leaves unavailable content pending without backoff: used for
    the local-store pass, so a gateway pass right after still tries it. ``due`` replaces
    the query for due CIDs with a given list of (cid, kind).
    """
    if due is None:
        due = pending(conn, limit, now)
    out = HydrateResult()
    if not due:
        return out
    kinds = dict(due)
    results = fetch([cid for cid, _ in due])
    now = int(time.time()) if now is None else now
    conn.execute("BEGIN IMMEDIATE")
    try:
        for result in results:
            if result.status is FetchStatus.UNAVAILABLE and not record_missing:
                out.unavailable += 1
                continue
            out.tally(_record(conn, result.cid, kinds[result.cid], result, now))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return out


def hydrate_local(
    conn: sqlite3.Connection, store: BlockStore, now: int | None = None
) -> HydrateResult:
    """Resolve the due content the local store holds (the pass right after each sync).

    It starts from the store's blocks, not from the due list: after a first sync 100,000
    CIDs are due and the store holds a handful of them (what this user wrote or read).
    Missing content stays due without backoff, for the gateway pass.
    """
    now = int(time.time()) if now is None else now
    held = sorted(store.cids())
    due: list[tuple[str, str]] = []
    for i in range(0, len(held), 500):
        chunk = held[i : i + 500]
        due += conn.execute(
            f"SELECT cid, kind FROM content WHERE cid IN ({','.join('?' * len(chunk))}) "
            "AND status IN ('pending', 'unavailable') AND next_try <= ?",
            (*chunk, now),
        ).fetchall()
    return hydrate(conn, local_fetcher(store), now=now, record_missing=False, due=due)


def local_fetcher(store: BlockStore) -> Callable[[list[str]], list[FetchResult]]:
    """A fetch function that only looks in the local store (fast path right after a sync)."""

    def fetch(cids: list[str]) -> list[FetchResult]:
        out = []
        here = store.present(cids)
        for cid in cids:
            if cid not in here:
                out.append(
                    FetchResult(cid, FetchStatus.UNAVAILABLE, error="not in the local store")
                )
                continue
            try:
                data = store.get(cid)
            except ContentError as exc:
                out.append(FetchResult(cid, FetchStatus.INVALID, error=exc.message))
                continue
            if data is None:
                out.append(
                    FetchResult(cid, FetchStatus.UNAVAILABLE, error="not in the local store")
                )
            else:
                out.append(FetchResult(cid, FetchStatus.VERIFIED, data, "local"))
        return out

    return fetch
