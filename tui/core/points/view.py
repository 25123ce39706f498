"""What the points screen shows for one community and one account, read from the chain and
recomputed by the rule: the token, the account's balance, earned and claimable amounts, every
proposed root with its verdict ("matches the rule" or a mismatch and the accounts that differ),
and the latest epoch's earners with the givers whose shares earned it (the drill-down).

Blocking: call it from a worker thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tui.core.chain.rpc import RpcClient
from tui.core.points.distribution import Distribution, Verdict, check, compute
from tui.core.points.history import (
    Contracts,
    PointsInfo,
    call,
    document_fetch,
    load_records,
    points_events,
    read_info,
)
from tui.core.points.rule import SCALE, Config, Record
from tui.core.text import clean_line


@dataclass(frozen=True)
class RootRow:
    epoch: int
    state: str
    """"pending", "accepted" or "vetoed"."""
    verdict: Verdict
    proposer: str
    active_block: int


@dataclass(frozen=True)
class Earner:
    account: str
    earned: int
    cumulative: int
    givers: tuple[tuple[str, int, tuple[tuple[int, int], ...]], ...]
    """(giver, share in thousandths of a budget, [(post, weight)] that earned it), largest
    share first."""


@dataclass
class PointsView:
    community: int
    name: str
    symbol: str
    token: str
    config: Config
    account: str
    balance: int
    earned: int
    claimed: int
    roots: list[RootRow] = field(default_factory=list)
    earners: list[Earner] = field(default_factory=list)
    latest_epoch: int = -1
    head: int = 0
    claim_args: tuple[int, list[bytes]] | None = None
    """(cumulative, proof) for a claim by the account, when it has something to claim."""

    @property
    def claimable(self) -> int:
        return max(0, self.earned - self.claimed)

    @property
    def mismatch(self) -> RootRow | None:
        """The pending root when it does not match the rule: members should hear about it."""
        for row in self.roots:
            if row.state == "pending" and not row.verdict.matches:
                return row
        return None


def earners(dist: Distribution, limit: int = 50) -> list[Earner]:
    by_author: dict[str, list[tuple[str, int, tuple[tuple[int, int], ...]]]] = {}
    for (giver, author), share in dist.result.shares.items():
        posts = tuple(dist.result.contributions.get((giver, author), ()))
        by_author.setdefault(author, []).append((giver, share * 1000 // SCALE, posts))
    rows = [
        Earner(a, amount, dist.result.cumulative.get(a, 0),
               tuple(sorted(by_author.get(a, []), key=lambda g: (-g[1], g[0]))))
        for a, amount in dist.result.amounts.items()
    ]  # fmt: skip
    rows.sort(key=lambda e: (-e.earned, e.account))
    return rows[:limit]


def build_view(
    info: PointsInfo,
    name: str,
    symbol: str,
    records: list[Record],
    proposals: list[Any],
    account: str,
    balance: int,
    claimed: int,
    head: int,
    tree_doc: Any,
) -> PointsView:
    """The view from what was read (pure: the fake feeds it fixed inputs)."""
    view = PointsView(
        info.community, name, symbol, info.token, info.config, account, balance, 0, claimed
    )
    view.head = head
    done = [p for p in proposals if p.name in ("RootProposed", "RootAccepted", "RootVetoed")]
    dists: dict[int, Distribution] = {}

    def dist_of(epoch: int) -> Distribution:
        if epoch not in dists:
            dists[epoch] = compute(info.config, records, epoch)
        return dists[epoch]

    for i, ev in enumerate(done):
        if ev.name != "RootProposed":
            continue
        epoch = ev.args["epoch"]
        settled = (
            e.name
            for e in done[i + 1 :]
            if e.args["epoch"] == epoch and e.name in ("RootAccepted", "RootVetoed")
        )
        # the first answer to this proposal decides (a vetoed one may be proposed again)
        state = {"RootAccepted": "accepted", "RootVetoed": "vetoed"}.get(
            next(settled, ""), "pending"
        )
        if state == "pending" and info.pending_block == 0:
            state = "vetoed"
        verdict = check(dist_of(epoch), bytes(ev.args["root"]), int(ev.args["cumulativeTotal"]),
                        tree_doc(ev.args["treeCid"]))  # fmt: skip
        view.roots.append(
            RootRow(epoch, state, verdict, ev.args["proposer"], ev.args["activeBlock"])
        )
    if info.next_epoch:
        accepted = dist_of(info.next_epoch - 1)
        found = accepted.proof(account) if account else None
        if found and accepted.root == info.current_root:
            view.earned = found[0]
            if found[0] > claimed:
                view.claim_args = found
    last = info.config.epoch_of(head) - 1
    if last >= 0:
        view.latest_epoch = last
        view.earners = earners(dist_of(last))
    return view


def _index_current(info: PointsInfo, events: list[Any]) -> bool:
    """Whether indexed logs show every accepted root and the pending one the node reports."""
    accepted = sum(1 for e in events if e.name == "RootAccepted")
    pending = not info.pending_block or any(
        e.name == "RootProposed" and e.block_number == info.pending_block for e in events
    )
    return accepted >= info.next_epoch and pending


def read_view(
    rpc: RpcClient,
    where: Contracts,
    community: int,
    account: str,
    content: Any,
    gateways: Any = (),
    events: list[Any] | None = None,
) -> PointsView | None:
    """None when the community has not enabled points. ``events``: the community's points
    logs from the local index (``source.indexed_events``), read from the node when None."""
    info = read_info(rpc, where.points, community)
    if info is None:
        return None
    head = rpc.block_number()
    last_end = info.config.start(info.config.epoch_of(head))
    fetch = document_fetch(content, gateways) if content is not None else None
    records = load_records(rpc, where, community, max(last_end - 1, 0), fetch)
    if events is not None and not _index_current(info, events):
        events = None  # the index is behind the node: ask the node this time
    proposals = events if events is not None else points_events(rpc, where, community, head)
    name = clean_line(str(call(rpc, info.token, "PointsToken", "name", [])), 25)
    symbol = clean_line(str(call(rpc, info.token, "PointsToken", "symbol", [])), 5)
    balance = claimed = 0
    if account:
        balance = int(call(rpc, info.token, "PointsToken", "balanceOf", [account]))
        claimed = int(call(rpc, where.points, "Points", "claimed", [community, account]))

    def tree_doc(cid: str) -> Any:
        raw = content.get(cid) if content is not None else None
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return None

    return build_view(
        info, name, symbol, records, proposals, account, balance, claimed, head, tree_doc
    )
