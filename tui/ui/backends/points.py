"""Community points as the points screen reads them: the core's (chain reads recomputed by the
rule) and a fake (fixed records through the same rule, for pilot and snapshot tests); and the
governance writes whose proofs are built from the chain right before confirmation."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from tui.core.errors import UsageError
from tui.core.points.view import PointsView


class CorePoints:
    """Reads over ``CoreBackend``'s network and RPC URL, and the content store of its context."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def _network(self) -> Any:
        if getattr(self.backend, "_network", None) is None:
            self.backend._store()  # opens the index, which learns the network
        return getattr(self.backend, "_network", None)

    def alerts(self) -> list[Any]:
        from tui.core.chain.rpc import RpcClient
        from tui.core.points import KEY
        from tui.core.points.alerts import as_notifications, points_alerts
        from tui.core.points.history import Contracts

        network = self._network()
        me = _account(self.backend)
        if network is None or KEY not in network.contracts or not me:
            return []
        where = Contracts.of(network)
        with RpcClient(network.rpc_url) as rpc:
            found = points_alerts(rpc, where, me, self.backend.ctx.content)
            block = (rpc.get_block("latest") or {}) if found else {}
        news = as_notifications(found, me, int(str(block.get("number", "0x0")), 16),
                                int(str(block.get("timestamp", "0x0")), 16))  # fmt: skip
        self.backend.points_news = news  # the Alerts tab shows them first
        return found

    def rules(self, community: int) -> Any:
        """The community's points settings and the account's membership (``Rules``): from the
        index when it holds the node's latest block, from the node otherwise."""
        from dataclasses import replace

        from tui.core.chain.rpc import RpcClient
        from tui.core.points.governance import read_rules

        me = _account(self.backend)
        with RpcClient(self._network().rpc_url) as rpc:
            head = rpc.block_number()
            try:
                indexed, block = self._indexed_rules(community, me)
            except sqlite3.Error:  # an index being rebuilt: the node's settings will do
                indexed, block = None, -1
            if indexed is not None and block >= head:
                return replace(indexed, head=head)
            return read_rules(rpc, _where(self._network()), community, me)

    def _indexed_rules(self, community: int, me: str) -> tuple[Any, int]:
        from tui.core.points.gov_history import indexed_block, indexed_rules

        store = self.backend._store()
        if store is None:
            return None, -1
        with self.backend._read_lock:
            return indexed_rules(store.conn, community, me), indexed_block(store.conn)

    def governance(self, community: int) -> GovernanceLog | None:
        """The community's governance history and settings from the local index alone (None
        without an index): what the screen shows when the node does not answer."""
        from tui.core.points.gov_history import history, indexed_block, indexed_rules

        store = self.backend._store()
        if store is None:
            return None
        with self.backend._read_lock:
            conn = store.conn
            me = _account(self.backend)
            return GovernanceLog(
                history(conn, community), indexed_rules(conn, community, me), indexed_block(conn)
            )

    def view(self, community: int) -> PointsView | None:
        from tui.core.chain.rpc import RpcClient
        from tui.core.points import KEY
        from tui.core.points.history import Contracts
        from tui.core.points.view import read_view

        network = getattr(self.backend, "_network", None)
        if (
            network is None
            or KEY not in network.contracts
            or "communities" not in network.contracts
        ):
            raise UsageError("This network has no points contract.")
        where = Contracts.of(network)
        with RpcClient(network.rpc_url) as rpc:
            return read_view(
                rpc, where, community, _account(self.backend), self.backend.ctx.content,
                network.gateways, self._indexed(community),
            )  # fmt: skip

    def _indexed(self, community: int) -> list[Any] | None:
        """The community's points logs from the local index (None when it has none yet)."""
        from tui.core.points.source import has_points, indexed_events

        store = self.backend._store()
        if store is None:
            return None
        with self.backend._read_lock:
            if not has_points(store.conn):
                return None
            return indexed_events(store.conn, community)


@dataclass(frozen=True)
class GovernanceLog:
    """What the index says of a community's points governance."""

    changes: list[Any]
    """``gov_history.Change`` rows, oldest first."""
    rules: Any
    """The settings the indexed events leave (``Rules``), None before points are enabled."""
    block: int
    """The last block the index holds."""


@dataclass(frozen=True)
class _Event:
    name: str
    args: dict[str, Any]


ME = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
_OWNER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
_MOD = "0x90F79bf6EB2c4f870365E225Bdc40Df3a1E1F8ae"
_OTHER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"


class FakePoints:
    """Community 1 with points: two epochs (one accepted and matching, one pending and padded),
    votes weighed by points, admission from 50 points and a membership for sale."""

    def __init__(self, me: str = ME) -> None:
        self.me = me or ME

    def rules(self, community: int) -> Any:
        from tui.core.points.governance import Rules

        return Rules(community=community, enabled=community == 1, vote_by_points=community == 1,
                     unproven=1, threshold=50 * 10**18 if community == 1 else 0,
                     membership_blocks=720 if community == 1 else 0, member_until=140,
                     timed=True, restricted=True, head=148)  # fmt: skip

    def governance(self, community: int) -> GovernanceLog | None:
        from tui.core.points.gov_history import Change

        if community != 1:
            return GovernanceLog([], None, 148)
        changes = [
            Change(105, 0, 1_700_000_000, "", "rules", _OWNER,
                   "rules: one member, one vote → votes weigh by earned points (without a "
                   "proof: 1); no admission by points → admits from 50 points earned"),
            Change(106, 0, 1_700_000_012, "", "perk", _OWNER,
                   "perk 1: 0 → 720 blocks of membership per point"),
            Change(130, 1, 1_700_000_300, "", "membership", self.me,
                   "membership bought with 0.01 points: until block none → 140"),
            Change(147, 0, 1_700_000_500, "", "veto_vote", _OTHER,
                   "proposed vote #3 to veto the pending root 0x010101010101…"),
        ]  # fmt: skip
        return GovernanceLog(changes, self.rules(community), 148)

    def view(self, community: int) -> PointsView | None:
        from tui.core.points.distribution import compute
        from tui.core.points.history import PointsInfo
        from tui.core.points.rule import UNIT, Config
        from tui.core.points.view import build_view

        if community != 1:
            return None
        config = Config(start_block=100, epoch_blocks=20, epoch_cap=1000 * UNIT, mod_share_bps=1000)
        me = self.me
        records = [
            ("owner", 1, 0, _OWNER), ("moderator", 2, 0, _MOD, True),
            ("post", 101, 0, 1, me, 0), ("post", 101, 1, 2, _OTHER, 0),
            ("post", 102, 0, 3, _OWNER, 1), ("tip", 103, 0, 2, _MOD, 10**15),
            ("post", 104, 0, 4, _OWNER, 2), ("post", 121, 0, 5, me, 2),
            ("tip", 122, 0, 1, _OWNER, 10**16),
        ]  # fmt: skip
        first = compute(config, records, 0)
        second = compute(config, records, 1)
        proposals = [
            _Event("RootProposed", {"epoch": 0, "root": first.root, "cumulativeTotal": first.total,
                                    "treeCid": "fake0", "proposer": _MOD, "activeBlock": 125}),
            _Event("RootAccepted", {"epoch": 0}),
            _Event("RootProposed", {"epoch": 1, "root": b"\x01" * 32, "cumulativeTotal": second.total + UNIT,
                                    "treeCid": "fake1", "proposer": _MOD, "activeBlock": 150}),
        ]  # fmt: skip
        padded = second.document()
        for entry in padded["values"]:
            if entry["value"][0].lower() == _MOD.lower():
                entry["value"][1] = str(int(entry["value"][1]) + UNIT)
        docs = {"fake0": first.document(), "fake1": padded}
        info = PointsInfo(1, "0x" + "ab" * 20, config, 1, first.root, first.total, 1, b"\x01" * 32,
                          second.total + UNIT, 146, 5)  # fmt: skip
        claimed = 0
        return build_view(info, "Workshop Points", "WSP", records, proposals, me, 0, claimed, 148,
                          docs.get)  # fmt: skip


def _account(backend: Any) -> str:
    """The active account's address ("" without one): a method on the core, a field on fakes."""
    account = getattr(backend, "account", "")
    return str((account() if callable(account) else account) or "")


def points_of(backend: Any) -> CorePoints | FakePoints:
    if hasattr(backend, "_store") and hasattr(backend, "_read_lock"):
        return CorePoints(backend)
    return FakePoints(_account(backend))


def _where(network: Any) -> Any:
    from tui.core.points import KEY
    from tui.core.points.history import Contracts

    if network is None or KEY not in network.contracts or "communities" not in network.contracts:
        raise UsageError("This network has no points contract.")
    return Contracts(network.social, network.contracts["communities"], network.contracts[KEY],
                     network.deploy_block)  # fmt: skip


def vote_request(proposal: int, support: bool, community: int = 0) -> Any:
    """A vote that weighs what the community says: with the proof of the sender's earned
    points built from the chain when it weighs by points (the confirmation shows the weight),
    plain otherwise. A vote that would weigh 0 is refused with the reason."""
    from tui.core.communities import intents
    from tui.core.points import KEY
    from tui.core.points import governance as gov
    from tui.ui.writes import PlannedRequest

    word = "yes" if support else "no"

    def plan(rpc: Any, network: Any, sender: str, _content: Any) -> tuple[Any, bool]:
        if KEY not in network.contracts:
            return intents.vote(proposal, support), True
        vote = gov.plan_vote(rpc, _where(network), proposal, sender)
        if not vote.by_points:
            return intents.vote(proposal, support), True
        gov.check_vote(vote)
        return vote.intent(support), True

    def fake() -> tuple[Any, bool]:
        if not FakePoints().rules(community).vote_by_points:
            return intents.vote(proposal, support), True
        proof = gov.Proof(0, 42 * gov.UNIT, [b"\x11" * 32])
        vote = gov.VotePlan(proposal, 1, True, 0, 42, proof, "fake")
        return vote.intent(support), True

    return PlannedRequest(f"Vote {word} on proposal #{proposal}", plan, fake)


def steps_request(summary: str, intents_: list[Any]) -> Any:
    """Several calls of one action (the owner's settings), confirmed in turn."""
    from tui.ui.writes import PlannedRequest

    state = {"next": 0}

    def step() -> tuple[Any, bool]:
        i = min(state["next"], len(intents_) - 1)
        state["next"] = i + 1
        return intents_[i], i == len(intents_) - 1

    return PlannedRequest(summary, lambda _r, _n, _s, _c: step(), step)


def planned(summary: str, build: Any) -> Any:
    """One call planned from the chain right before confirmation: ``build(rpc, where, sender)``
    (a join with a proof of earned points, a veto vote against the pending root)."""
    from tui.ui.writes import PlannedRequest

    def plan(rpc: Any, network: Any, sender: str, content: Any) -> tuple[Any, bool]:
        return build(rpc, _where(network), sender, content), True

    def fake() -> tuple[Any, bool]:
        from tui.core.content.store import FakeContentStore

        return build(None, None, ME, FakeContentStore()), True

    return PlannedRequest(summary, plan, fake)
