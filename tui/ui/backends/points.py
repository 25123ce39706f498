"""Community points as the points screen reads them: the core's (chain reads recomputed by the
rule) and a fake (fixed records through the same rule, for pilot and snapshot tests)."""

from __future__ import annotations

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
class _Event:
    name: str
    args: dict[str, Any]


ME = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
_OWNER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
_MOD = "0x90F79bf6EB2c4f870365E225Bdc40Df3a1E1F8ae"
_OTHER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"


class FakePoints:
    """Community 1 with points: two epochs (one accepted and matching, one pending and padded)."""

    def __init__(self, me: str = ME) -> None:
        self.me = me or ME

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
