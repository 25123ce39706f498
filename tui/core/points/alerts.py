"""Points news for one account, recomputed by the rule: what it earned in the latest epoch,
what it can claim, and a pending root that does not match the rule (raised to members while
the owner can still veto). The CLI prints them; the TUI shows them once the network is ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.core.chain.rpc import RpcClient
from tui.core.points.history import Contracts, call, read_info
from tui.core.points.view import read_view
from tui.core.units import format_units

MAX_COMMUNITIES = 200
"""Communities looked at, newest first (each costs a recomputation)."""


@dataclass(frozen=True)
class PointsAlert:
    kind: str
    """"earned", "claimable" or "mismatch"."""
    community: int
    amount: int
    text: str


def points_alerts(rpc: RpcClient, where: Contracts, me: str, content: Any) -> list[PointsAlert]:
    count = int(call(rpc, where.communities, "Communities", "communityCount", []))
    out: list[PointsAlert] = []
    for c in range(count, max(0, count - MAX_COMMUNITIES), -1):
        if read_info(rpc, where.points, c) is None:
            continue
        member = bool(me) and bool(call(rpc, where.communities, "Communities", "isMember", [c, me]))
        view = read_view(rpc, where, c, me, content)
        if view is None:
            continue
        sym = view.symbol
        bad = view.mismatch
        if bad is not None and member:
            out.append(PointsAlert("mismatch", c, 0,
                f"✗ MISMATCH in community #{c}: epoch {bad.epoch}'s pending root does not match "
                f"the rule (veto possible until block {bad.active_block})"))  # fmt: skip
        mine = next((e for e in view.earners if e.account.lower() == me.lower()), None)
        if mine is not None:
            out.append(PointsAlert("earned", c, mine.earned,
                f"You earned {format_units(mine.earned, 18, sym)} in community #{c} "
                f"(epoch {view.latest_epoch})"))  # fmt: skip
        if view.claimable:
            out.append(PointsAlert("claimable", c, view.claimable,
                f"{format_units(view.claimable, 18, sym)} to claim in community #{c} "
                f"(agora points claim {c})"))  # fmt: skip
    return out
