"""Round notifications for one account: allocations to its work, awards it can claim, and
deadlines approaching in rounds it funds, evaluates or can claim from."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from tui.core.rounds.model import KIND_ARTICLE, KIND_NAMES, KIND_POST, Phase
from tui.core.rounds.present import money
from tui.core.rounds.views import RoundView

SOON = 2 * 86400
"""A deadline this close is worth a notification."""


@dataclass(frozen=True)
class RoundAlert:
    kind: str
    """``allocation`` | ``award`` | ``deadline`` | ``reclaim``."""
    round_id: int
    text: str
    target_kind: int = 0
    target: int = 0
    amount: int = 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["amount"] = str(self.amount)
        data["target_kind"] = KIND_NAMES.get(self.target_kind, "")
        return data


def _span(seconds: int) -> str:
    hours = max(seconds, 0) // 3600
    return f"{hours // 24}d {hours % 24}h" if hours >= 24 else f"{hours}h {seconds % 3600 // 60}m"


def alerts_for(
    views: list[RoundView], me: str, now: int, mine: set[tuple[int, int]]
) -> list[RoundAlert]:
    """Alerts for ``me``, whose work is ``mine`` ((kind, id) authored or held now)."""
    me_l = me.lower()
    out: list[RoundAlert] = []
    for view in views:
        r, res = view.round, view.results
        rid = r.round_id
        for t in res.ranked():
            if (t.kind, t.target) not in mine:
                continue
            name = f"{KIND_NAMES[t.kind]} #{t.target}"
            if view.phase == Phase.ALLOCATING:
                out.append(
                    RoundAlert(
                        "allocation",
                        rid,
                        f"Round #{rid}: {money(view, t.total)} allocated to your {name} by "
                        f"{t.backer_count} evaluator(s) (quorum {r.quorum})",
                        t.kind,
                        t.target,
                        t.total,
                    )
                )
            elif view.phase == Phase.CLAIMING and res.qualifies(t) and not t.claimed:
                out.append(
                    RoundAlert(
                        "award",
                        rid,
                        f"{money(view, t.total)} to claim for {name} from round #{rid} "
                        f"(claims close in {_span(r.claim_end - now)})",
                        t.kind,
                        t.target,
                        t.total,
                    )
                )
        evaluates = r.is_evaluator(me)
        funds = r.funder.lower() == me_l
        soon = r.allocate_end - now <= SOON
        if view.phase == Phase.ALLOCATING and (evaluates or funds) and soon:
            role = "you evaluate" if evaluates else "you fund"
            left = res.budget_left(me) if evaluates else 0
            extra = f"; {money(view, left)} of your budget is unallocated" if left else ""
            out.append(
                RoundAlert(
                    "deadline",
                    rid,
                    f"Allocation in round #{rid} ({role}) closes in "
                    f"{_span(r.allocate_end - now)}{extra}",
                )
            )
        if view.phase == Phase.ENDED and funds:
            out.append(
                RoundAlert(
                    "reclaim",
                    rid,
                    f"Round #{rid} has ended: {money(view, res.returnable)} can be returned to you",
                    amount=res.returnable,
                )
            )
    return out


def my_work(conn: sqlite3.Connection, me: str) -> set[tuple[int, int]]:
    """Posts ``me`` wrote and article tokens it holds now, from the index."""
    posts = {
        (KIND_POST, pid) for (pid,) in conn.execute("SELECT id FROM posts WHERE author = ?", (me,))
    }
    articles = {
        (KIND_ARTICLE, aid)
        for (aid,) in conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN owners o ON o.token_id = a.id"
            " WHERE COALESCE(o.owner, a.author) = ?",
            (me,),
        )
    }
    return posts | articles


def round_alerts(conn: sqlite3.Connection, me: str, now: int) -> list[RoundAlert]:
    from tui.core.rounds.views import list_rounds

    return alerts_for(list_rounds(conn, now), me, now, my_work(conn, me))
