"""Points news for one account, recomputed by the rule: what it earned in the latest epoch,
what it can claim, and a pending root that does not match the rule (raised to members while
the owner can still veto). The CLI prints them; the TUI shows them once the network is ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.core.chain.rpc import RpcClient
from tui.core.errors import AgoraError, ContentError
from tui.core.models import NotificationView
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


def points_alerts(
    rpc: RpcClient,
    where: Contracts,
    me: str,
    content: Any,
    communities: list[int] | None = None,
    gateways: Any = (),
) -> list[PointsAlert]:
    """The news, newest community first; ``communities`` limits it to those (the ones the
    account belongs to, from the index), every community with points otherwise."""
    count = int(call(rpc, where.communities, "Communities", "communityCount", []))
    out: list[PointsAlert] = []
    if communities is None:
        wanted = list(range(count, max(0, count - MAX_COMMUNITIES), -1))
    else:
        wanted = sorted((c for c in set(communities) if 0 < c <= count), reverse=True)
    for c in wanted:
        if read_info(rpc, where.points, c) is None:
            continue
        member = bool(me) and bool(call(rpc, where.communities, "Communities", "isMember", [c, me]))
        try:
            view = read_view(rpc, where, c, me, content, gateways)
        except ContentError:  # a post's document is out of reach: no news rather than wrong news
            continue
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


def as_notifications(
    alerts: list[PointsAlert], me: str, block: int, timestamp: int
) -> list[NotificationView]:
    """The news as notifications (``points_earned``, ``points_claimable``, ``points_mismatch``),
    dated at the block they were computed at, so they sort first."""
    return [
        NotificationView(
            kind=f"points_{a.kind}",
            actor=me,
            block=block,
            timestamp=timestamp,
            tx_hash="",
            text=a.text,
        )
        for a in alerts
    ]


def member_communities(conn: Any, me: str) -> list[int]:
    """Communities with points that ``me`` belongs to now, from the local index."""
    from tui.core.points.source import has_points

    if not me or not has_points(conn):
        return []
    rows = conn.execute(
        """SELECT DISTINCT l.community FROM points_log l
           WHERE l.name = 'PointsEnabled'
             AND (SELECT m.joined FROM community_members m
                  WHERE m.community = l.community AND m.account = ?
                  ORDER BY m.block DESC, m.log_index DESC LIMIT 1) = 1""",
        (me,),
    ).fetchall()
    return [int(r[0]) for r in rows]


def index_news(index: Any, content: Any) -> list[NotificationView]:
    """Points news for the index's account in the communities it belongs to (read from the
    index), recomputed from the node. Empty when there are none, and when the node does not
    answer: news are a courtesy, the notifications read from the index still show."""
    from tui.core.points import KEY
    from tui.core.points.history import Contracts

    network = getattr(index, "network", None)
    me = str(getattr(index, "me", "") or "")
    if network is None or KEY not in network.contracts or not me:
        return []
    communities = member_communities(index.conn, me)
    if not communities:
        return []
    try:
        with RpcClient(network.rpc_url) as rpc:
            found = points_alerts(
                rpc, Contracts.of(network), me, content, communities, network.gateways
            )
            if not found:
                return []
            block = rpc.get_block("latest") or {}
    except AgoraError:
        return []
    number = int(str(block.get("number", "0x0")), 16)
    return as_notifications(found, me, number, int(str(block.get("timestamp", "0x0")), 16))
