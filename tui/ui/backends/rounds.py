"""Funding rounds as the screens read and write them: lists, candidates, alerts, prepared writes.

``CoreRounds`` reads the real backend's open index and prepares writes through the core
(checks against the chain, then the shared pipeline); ``FakeRounds``
(tui.ui.backends.fake_rounds) holds fixed rounds in memory for fast tests and snapshots. Methods block: call them from thread workers. A write is
a ``PlannedRequest`` (tui.ui.writes): ``tui.ui.flows.run_steps`` plans each step in the writer's
thread from the chain as it is then (an ERC-20 pot: approve exactly, then open), confirms and
submits it like a token tip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from tui.core.errors import UsageError
from tui.core.rounds import checks
from tui.core.rounds.alerts import RoundAlert, round_alerts
from tui.core.rounds.documents import Scope
from tui.core.rounds.views import Candidate, RoundView
from tui.core.units import format_eth
from tui.ui.writes import PlannedRequest


@dataclass(frozen=True)
class OpenRequest:
    """What the open-a-round wizard collected."""

    pot_wei: int
    """The pot of an ETH round, in wei (0 for a token round: see ``pot_text``)."""
    scope: Scope
    evaluators: tuple[str, ...]
    quorum: int
    allocate_for: int
    claim_for: int
    token: str = ""
    """An ERC-20 pot: the token's address or known symbol ("" for ETH)."""
    pot_text: str = ""
    """A token pot as typed (``500``): read in the token's decimals once the token is read."""
    typed_symbol: str = ""
    """An unknown token's symbol, typed back by the user (tui.core.tokens.tips)."""

    def pot_label(self) -> str:
        return format_eth(self.pot_wei) if not self.token else f"{self.pot_text} {self.token}"


class RoundsSide(Protocol):
    """What the Rounds screens need."""

    def me(self) -> str: ...
    def now(self) -> int: ...
    def rounds(self) -> list[RoundView]: ...
    def round(self, round_id: int) -> RoundView | None: ...
    def candidates(self, view: RoundView) -> list[Candidate]: ...
    def alerts(self) -> list[RoundAlert]: ...
    def names(self) -> dict[str, str]: ...
    def open_request(self, request: OpenRequest) -> PlannedRequest: ...
    def allocate_request(
        self, round_id: int, kind: int, target: int, amount: int, reason: str
    ) -> PlannedRequest: ...
    def claim_request(self, round_id: int, kind: int, target: int) -> PlannedRequest: ...
    def reclaim_request(self, round_id: int) -> PlannedRequest: ...


class CoreRounds:
    """Rounds over ``CoreBackend``'s index and ``CoreWriter``'s pipeline."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def _index(self) -> Any:
        index = self.backend._store()
        if index is None:
            raise UsageError("The local index is not open yet: the network is starting.")
        return index

    def _read(self, fn: Any) -> Any:
        index = self._index()
        with self.backend._read_lock:
            return fn(index)

    def me(self) -> str:
        return str(self.backend.account())

    def now(self) -> int:
        import time

        from tui.core.rounds.chainread import now

        try:
            rpc = self._writer().pipeline().rpc
            return max(now(rpc), int(time.time()))
        except Exception:
            return int(time.time())

    def rounds(self) -> list[RoundView]:
        from tui.core.rounds.views import list_rounds

        now = self.now()
        return self._units(list(self._read(lambda i: list_rounds(i.conn, now, i.store))))

    def round(self, round_id: int) -> RoundView | None:
        from tui.core.rounds.views import round_view

        now = self.now()
        view: RoundView | None = self._read(lambda i: round_view(i.conn, round_id, now, i.store))
        return None if view is None else self._units([view])[0]

    def _units(self, views: list[RoundView]) -> list[RoundView]:
        """Token rounds in their token's units, each token read from the node once."""
        from tui.core.rounds.pot_unit import with_units

        if not hasattr(self, "_unit_cache"):
            self._unit_cache: dict[str, Any] = {}
        try:
            pipeline = self._writer().pipeline()
        except Exception:
            return views
        try:
            return with_units(views, pipeline.network, pipeline.rpc, self._unit_cache)
        except Exception:
            return with_units(views, pipeline.network, None, self._unit_cache)

    def candidates(self, view: RoundView) -> list[Candidate]:
        from tui.core.rounds.views import candidates

        return list(self._read(lambda i: candidates(i.conn, view.round)))

    def alerts(self) -> list[RoundAlert]:
        me, now = self.me(), self.now()
        if not me:
            return []
        return list(self._read(lambda i: round_alerts(i.conn, me, now)))

    def names(self) -> dict[str, str]:
        """Self-chosen profile names by lower-case address (shown beside addresses)."""
        from tui.core.text import clean_identity

        def read(index: Any) -> dict[str, str]:
            rows = index.conn.execute(
                "SELECT p.account, c.title FROM profiles p JOIN content c ON c.cid = p.cid"
                " WHERE c.status = 'verified'"
            ).fetchall()
            return {str(a).lower(): clean_identity(str(t), 40) for a, t in rows if t}

        names: dict[str, str] = self._read(read)
        return names

    # --- writes: planned from the chain in the writer's thread ---------------------------------
    def _writer(self) -> Any:
        return self.backend.writer

    def open_request(self, request: OpenRequest) -> PlannedRequest:
        from tui.core.rounds.prepare import open_intent

        summary = f"Open a funding round of {request.pot_label()}"
        if request.token:
            from tui.core.rounds.token_pot import TokenPotPlanner

            planner = TokenPotPlanner(
                token=request.token, amount=request.pot_text, typed_symbol=request.typed_symbol,
                scope=request.scope, evaluators=list(request.evaluators), quorum=request.quorum,
                allocate_for=request.allocate_for, claim_for=request.claim_for,
            )  # fmt: skip
            return PlannedRequest(summary, planner)

        def plan(rpc: Any, _network: Any, _sender: str, content: Any) -> tuple[Any, bool]:
            intent = open_intent(
                rpc, content, pot=request.pot_wei, scope=request.scope,
                evaluators=list(request.evaluators), quorum=request.quorum,
                allocate_for=request.allocate_for, claim_for=request.claim_for,
            )  # fmt: skip
            return intent, True

        return PlannedRequest(summary, plan)

    def allocate_request(
        self, round_id: int, kind: int, target: int, amount: int, reason: str
    ) -> PlannedRequest:
        from tui.core.rounds.prepare import allocate_intent

        def plan(rpc: Any, network: Any, sender: str, content: Any) -> tuple[Any, bool]:
            index = self._index()
            with self.backend._read_lock:
                intent = allocate_intent(
                    rpc, network, content, sender=sender, round_id=round_id, kind=kind,
                    target=target, amount=amount, reason=reason, conn=index.conn,
                )  # fmt: skip
            return intent, True

        name = checks.label(kind, target)
        return PlannedRequest(f"Allocate to {name} in round #{round_id}", plan)

    def claim_request(self, round_id: int, kind: int, target: int) -> PlannedRequest:
        from tui.core.rounds.prepare import claim_intent

        def plan(rpc: Any, network: Any, sender: str, _content: Any) -> tuple[Any, bool]:
            intent = claim_intent(
                rpc, network, sender=sender, round_id=round_id, kind=kind, target=target
            )
            return intent, True

        name = checks.label(kind, target)
        return PlannedRequest(f"Claim for {name} from round #{round_id}", plan)

    def reclaim_request(self, round_id: int) -> PlannedRequest:
        from tui.core.rounds.prepare import reclaim_intent

        def plan(rpc: Any, network: Any, _sender: str, _content: Any) -> tuple[Any, bool]:
            return reclaim_intent(rpc, network, round_id=round_id), True

        return PlannedRequest(f"Return what is left in round #{round_id}", plan)


def rounds_of(backend: Any) -> RoundsSide:
    """The rounds side of ``backend``: one per backend, made on first use."""
    side = getattr(backend, "_rounds_side", None)
    if side is None:
        from tui.ui.backend import CoreBackend
        from tui.ui.backends.fake_rounds import FakeRounds

        side = CoreRounds(backend) if isinstance(backend, CoreBackend) else FakeRounds(backend)
        backend._rounds_side = side
    return side
