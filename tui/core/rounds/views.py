"""Reading rounds back from the index: lists, one round with its results, candidates."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from tui.core.content.store import BlockStore
from tui.core.errors import ContentError
from tui.core.rounds.documents import Scope, parse_scope
from tui.core.rounds.model import KIND_ARTICLE, KIND_POST, Allocation, Claim, Phase, Round
from tui.core.rounds.pot_unit import PotUnit
from tui.core.rounds.results import Results, fold
from tui.core.text import clean_line


@dataclass(frozen=True)
class RoundView:
    """A round with its folded results and where it stands now."""

    round: Round
    results: Results
    phase: Phase
    scope_name: str = ""
    """The scope document's name, sanitised ("" when not available locally)."""
    scope: Scope | None = None
    unit: PotUnit | None = None
    """The pot's unit when known (tui.core.rounds.pot_unit.with_units); ETH rounds need none."""


@dataclass(frozen=True)
class Candidate:
    """An eligible post or article with the signals an evaluator weighs."""

    kind: int
    target: int
    author: str
    holder: str
    """Who a claim would pay now: the post's author, the article token's holder."""
    excerpt: str
    tips_wei: int = 0
    replies: int = 0
    collects: int = 0


def _round_from_row(conn: sqlite3.Connection, row: tuple) -> Round:
    (rid, funder, token, pot, quorum, alloc_end, claim_end, posts, articles, scope, ts) = row
    evaluators = tuple(
        e
        for (e,) in conn.execute(
            "SELECT evaluator FROM round_evaluators WHERE round_id = ? ORDER BY position", (rid,)
        )
    )
    return Round(
        round_id=rid, funder=funder, token=token, pot=int(pot), quorum=quorum,
        allocate_end=alloc_end, claim_end=claim_end, post_count=posts, article_count=articles,
        scope_cid=scope, evaluators=evaluators, opened_at=ts,
    )  # fmt: skip


_ROUND_COLUMNS = (
    "round_id, funder, token, pot, quorum, allocate_end, claim_end, post_count, article_count,"
    " scope_cid, timestamp"
)


def round_ids(conn: sqlite3.Connection) -> list[int]:
    return [r for (r,) in conn.execute("SELECT round_id FROM round_opened ORDER BY round_id DESC")]


def load_round(conn: sqlite3.Connection, round_id: int) -> Round | None:
    row = conn.execute(
        f"SELECT {_ROUND_COLUMNS} FROM round_opened WHERE round_id = ? LIMIT 1", (round_id,)
    ).fetchone()
    return None if row is None else _round_from_row(conn, row)


def allocations(conn: sqlite3.Connection, round_id: int) -> list[Allocation]:
    """The round's allocation logs in chain order."""
    return [
        Allocation(e, k, t, int(amount), reason, block, index)
        for e, k, t, amount, reason, block, index in conn.execute(
            "SELECT evaluator, kind, target, amount, reason_cid, block, log_index"
            " FROM round_allocations WHERE round_id = ? ORDER BY block, log_index",
            (round_id,),
        )
    ]


def claims(conn: sqlite3.Connection, round_id: int) -> list[Claim]:
    return [
        Claim(p, k, t, int(amount), block)
        for p, k, t, amount, block in conn.execute(
            "SELECT payee, kind, target, amount, block FROM round_claims WHERE round_id = ?"
            " ORDER BY block, log_index",
            (round_id,),
        )
    ]


def reclaimed(conn: sqlite3.Connection, round_id: int) -> int | None:
    row = conn.execute(
        "SELECT amount FROM round_reclaims WHERE round_id = ? LIMIT 1", (round_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def round_view(
    conn: sqlite3.Connection, round_id: int, now: int, store: BlockStore | None = None
) -> RoundView | None:
    """One round and its results as of ``now`` (unix seconds)."""
    r = load_round(conn, round_id)
    if r is None:
        return None
    back = reclaimed(conn, round_id)
    results = fold(r, allocations(conn, round_id), claims(conn, round_id), back)
    scope = load_scope(store, r.scope_cid)
    return RoundView(
        r,
        results,
        r.phase(now, closed=back is not None),
        clean_line(scope.name, 80) if scope else "",
        scope,
    )


def list_rounds(
    conn: sqlite3.Connection, now: int, store: BlockStore | None = None, limit: int = 200
) -> list[RoundView]:
    """Rounds newest first, each with its results."""
    views = []
    for rid in round_ids(conn)[:limit]:
        view = round_view(conn, rid, now, store)
        if view is not None:
            views.append(view)
    return views


def load_scope(store: BlockStore | None, cid: str) -> Scope | None:
    """The round's scope when its document is in the local store (verified by CID) and valid."""
    if store is None or not cid:
        return None
    try:
        data = store.get(cid)
        return parse_scope(data) if data is not None else None
    except (ContentError, ValueError):
        return None


def candidates(conn: sqlite3.Connection, r: Round, limit: int = 500) -> list[Candidate]:
    """Posts and articles that existed when the round opened, with their signals.

    Newest first; a round over a large network shows the most recent ``limit`` of each kind.
    """
    out: list[Candidate] = []
    for pid, author, cid, replies, tips in conn.execute(
        "SELECT id, author, cid, replies, tips_wei FROM posts WHERE id <= ? ORDER BY id DESC"
        " LIMIT ?",
        (r.post_count, limit),
    ):
        out.append(
            Candidate(KIND_POST, pid, author, author, _excerpt(conn, cid), int(tips or 0), replies)
        )
    for aid, author, cid, editions, owner in conn.execute(
        "SELECT a.id, a.author, a.cid, a.editions, COALESCE(o.owner, a.author) FROM articles a"
        " LEFT JOIN owners o ON o.token_id = a.id WHERE a.id <= ? ORDER BY a.id DESC LIMIT ?",
        (r.article_count, limit),
    ):
        out.append(
            Candidate(
                KIND_ARTICLE, aid, author, owner, _excerpt(conn, cid, title=True), collects=editions
            )
        )
    return out


def _excerpt(conn: sqlite3.Connection, cid: str, *, title: bool = False) -> str:
    row = conn.execute(
        "SELECT title, text FROM content WHERE cid = ? AND status = 'verified'", (cid,)
    ).fetchone()
    if row is None:
        return ""
    return clean_line(row[0] if title and row[0] else row[1], 80)


def target_author(conn: sqlite3.Connection, kind: int, target: int) -> str:
    """Who wrote a post or published an article ("" when the index does not know it)."""
    table = "posts" if kind == KIND_POST else "articles"
    row = conn.execute(f"SELECT author FROM {table} WHERE id = ?", (target,)).fetchone()
    return str(row[0]) if row else ""


def is_indexed_article(conn: sqlite3.Connection, target: int) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE id = ?", (target,)).fetchone() is not None


def awards_for(conn: sqlite3.Connection, kind: int, target: int, now: int) -> list[tuple[int, int]]:
    """Unclaimed awards a target carries now: ``[(round id, amount)]`` in the claim window.

    Shown on article certificates and in the confirmation of buying or moving one.
    """
    out = []
    for (rid,) in conn.execute(
        "SELECT DISTINCT round_id FROM round_allocations WHERE kind = ? AND target = ?",
        (kind, target),
    ):
        view = round_view(conn, rid, now)
        if view is None or view.phase in (Phase.ENDED, Phase.CLOSED):
            continue
        result = view.results.targets.get((kind, target))
        if result is not None and not result.claimed:
            owed = view.results.payout(kind, target)
            if owed:
                out.append((rid, owed))
    return out


def with_awards(conn: sqlite3.Connection, articles: list[Any]) -> list[Any]:
    """``ArticleView``s with the unclaimed awards their certificates carry now (badges)."""
    import dataclasses
    import time

    ids = [a.id for a in articles]
    if not ids:
        return articles
    marks = ",".join("?" * len(ids))
    try:
        backed = {
            t
            for (t,) in conn.execute(
                f"SELECT DISTINCT target FROM round_allocations WHERE kind = {KIND_ARTICLE}"
                f" AND target IN ({marks})",
                ids,
            )
        }
    except sqlite3.OperationalError:  # an index without the rounds tables
        return articles
    if not backed:
        return articles
    now = int(time.time())
    out = []
    for a in articles:
        owed = (
            sum(amount for _r, amount in awards_for(conn, KIND_ARTICLE, a.id, now))
            if a.id in backed
            else 0
        )
        out.append(dataclasses.replace(a, unclaimed_award_wei=owed) if owed else a)
    return out


__all__ = ["KIND_ARTICLE", "Candidate", "RoundView", "candidates", "list_rounds", "round_view"]
