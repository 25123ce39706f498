"""Funding rounds as the screens read and write them: lists, candidates, alerts, prepared writes.

``CoreRounds`` reads the real backend's open index and prepares writes through the core
(checks against the chain, then the shared pipeline); ``FakeRounds`` holds two fixed rounds in
memory for fast tests and snapshots. Methods block: call them from thread workers. A write is
a ``PlannedRequest`` (tui.ui.writes): ``tui.ui.flows.run_steps`` plans each step in the writer's
thread from the chain as it is then (an ERC-20 pot: approve exactly, then open), confirms and
submits it like a token tip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from tui.core.actions.intents import CallIntent
from tui.core.errors import UsageError
from tui.core.rounds import checks
from tui.core.rounds.alerts import RoundAlert, round_alerts
from tui.core.rounds.documents import Scope
from tui.core.rounds.intents import ALLOCATE, CLAIM, OPEN, RECLAIM
from tui.core.rounds.model import ETH_TOKEN, KIND_ARTICLE, KIND_POST, Allocation, Claim, Round
from tui.core.rounds.pot_unit import PotUnit
from tui.core.rounds.present import money
from tui.core.rounds.results import fold
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


# --- the in-memory fake ------------------------------------------------------------------------

FAKE_ROUNDS_ADDRESS = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"
FAKE_TOKEN = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9"
"""A fixed address for the fake's DEMO token: token rounds of the fake are paid in it."""
FAKE_TOKEN_UNIT = PotUnit("DEMO", 18)
_ETH = 10**18


def _fake_views(me: str, now: int) -> list[RoundView]:
    """Two fixed rounds: one allocating (``me`` evaluates), one claiming (``me`` holds article
    #1, which is owed an award)."""
    from tui.core.rounds.views import RoundView as View
    from tui.ui.backends.fake import FAKE_PEOPLE

    people = list(FAKE_PEOPLE)
    other, third, fourth = people[1], people[2], people[3]
    open_round = Round(
        2, other, "0x" + "0" * 40, 2 * _ETH, 2, now + 3 * 86400, now + 10 * 86400, 20, 2,
        "bafkreifakeopen", (me, third, fourth), now - 86400,
    )  # fmt: skip
    claiming = Round(
        1, third, "0x" + "0" * 40, _ETH, 2, now - 86400, now + 6 * 86400, 12, 1,
        "bafkreifakedone", (other, fourth), now - 9 * 86400,
    )  # fmt: skip
    # The fake's post n is by people[(20 - n) % 4]: 17 is Brendan's, 2 and 10 the third's.
    open_results = fold(
        open_round,
        [
            Allocation(me, KIND_POST, 17, _ETH // 5),
            Allocation(third, KIND_POST, 17, _ETH // 10),
            Allocation(fourth, KIND_ARTICLE, 2, _ETH // 4),
        ],
    )
    done_results = fold(
        claiming,
        [
            Allocation(other, KIND_ARTICLE, 1, _ETH // 4),
            Allocation(fourth, KIND_ARTICLE, 1, _ETH // 4),
            Allocation(other, KIND_POST, 2, _ETH // 10),
            Allocation(fourth, KIND_POST, 2, _ETH // 10),
            Allocation(other, KIND_POST, 10, _ETH // 20),
            Allocation(fourth, KIND_POST, 10, _ETH // 20),
            Allocation(other, KIND_POST, 6, _ETH // 20),
        ],
        [Claim(third, KIND_POST, 2, _ETH // 5)],
    )
    from tui.core.rounds.model import Phase

    return [
        View(open_round, open_results, Phase.ALLOCATING, "Community builders",
             Scope("Community builders", "Work that brought people together.", ("community",))),
        View(claiming, done_results, Phase.CLAIMING, "Early explainers",
             Scope("Early explainers", "Posts and articles that helped newcomers.", ("docs",))),
    ]  # fmt: skip


def _fake_token_view(me: str, now: int) -> RoundView:
    """A round paid in the fake's DEMO token (18 decimals), allocating; ``me`` evaluates."""
    from tui.core.rounds.model import Phase
    from tui.core.rounds.views import RoundView as View
    from tui.ui.backends.fake import FAKE_PEOPLE

    people = list(FAKE_PEOPLE)
    token_round = Round(
        3, people[1], FAKE_TOKEN, 1500 * _ETH, 2, now + 5 * 86400,
        now + 12 * 86400, 24, 2, "bafkreifaketoken", (me, people[2], people[3]), now - 3600,
    )  # fmt: skip
    results = fold(
        token_round,
        [
            Allocation(me, KIND_POST, 17, 125 * _ETH + _ETH // 2),
            Allocation(people[3], KIND_POST, 17, 40 * _ETH),
        ],
    )
    return View(
        token_round, results, Phase.ALLOCATING, "Translations",
        Scope("Translations", "Posts translated for readers of other languages.", ("i18n",)),
        FAKE_TOKEN_UNIT,
    )  # fmt: skip


class FakeRounds:
    """Fixed rounds over ``FakeBackend``'s people; writes become fake confirmations."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.prepared: list[Any] = []
        """Requests prepared, in order (tests assert on them)."""
        self.token_round = False
        """Also list round #3, paid in the DEMO token (snapshots of token amounts)."""

    def me(self) -> str:
        return str(getattr(self.backend, "account", ""))

    def now(self) -> int:
        from tui.ui.backends.fake import FAKE_NOW

        return FAKE_NOW

    def rounds(self) -> list[RoundView]:
        views = _fake_views(self.me(), self.now())
        return [_fake_token_view(self.me(), self.now()), *views] if self.token_round else views

    def round(self, round_id: int) -> RoundView | None:
        return next((v for v in self.rounds() if v.round.round_id == round_id), None)

    def candidates(self, view: RoundView) -> list[Candidate]:
        posts = [p for p in self.backend._posts if 0 < p.id <= view.round.post_count]
        out = [
            Candidate(KIND_POST, p.id, p.author, p.author, p.text[:80], p.tips_wei, p.replies)
            for p in sorted(posts, key=lambda p: -p.id)
        ]
        out += [
            Candidate(KIND_ARTICLE, a.id, a.author, a.owner, a.title, collects=a.editions)
            for a in self.backend._articles
            if a.id <= view.round.article_count
        ]
        return out

    def alerts(self) -> list[RoundAlert]:
        from tui.core.rounds.alerts import alerts_for

        return alerts_for(self.rounds(), self.me(), self.now(), self._authored())

    def names(self) -> dict[str, str]:
        from tui.core.text import clean_identity
        from tui.ui.backends.fake import FAKE_PEOPLE

        return {a.lower(): clean_identity(n, 40) for a, (n, _bio) in FAKE_PEOPLE.items() if n}

    def _authored(self) -> set[tuple[int, int]]:
        me = self.me().lower()
        mine = {(KIND_POST, p.id) for p in self.backend._posts if p.author.lower() == me}
        mine |= {(KIND_ARTICLE, a.id) for a in self.backend._articles if a.owner.lower() == me}
        return mine

    def _chain_round(self, view: RoundView) -> checks.ChainRound:
        r, res = view.round, view.results
        return checks.ChainRound(
            r.round_id, r.funder, r.token, r.pot, r.budget, r.quorum, r.allocate_end,
            r.claim_end, r.post_count, r.article_count, res.paid, res.reclaimed is not None,
            r.evaluators,
        )  # fmt: skip

    def _view(self, round_id: int) -> RoundView:
        view = self.round(round_id)
        if view is None:
            raise UsageError(f"There is no round #{round_id}.")
        return view

    def _planned(self, summary: str, steps: Any, payee: str = "") -> PlannedRequest:
        """A write the in-memory writer runs: ``steps()`` checks it like the core would and
        returns the next ``(CallIntent, last)``."""

        def plan(*_args: Any) -> tuple[Any, bool]:
            raise UsageError("The in-memory rounds have no chain to plan from.")

        return PlannedRequest(summary, plan, steps, fake_payee=payee)

    def open_request(self, request: OpenRequest) -> PlannedRequest:
        now = self.now()
        unit = FAKE_TOKEN_UNIT if request.token else None
        pot = unit.parse(request.pot_text) if unit is not None else request.pot_wei
        checks.check_open(
            pot=pot, evaluators=list(request.evaluators), quorum=request.quorum,
            allocate_end=now + request.allocate_for,
            claim_end=now + request.allocate_for + request.claim_for, now=now,
        )  # fmt: skip
        shown = unit.label(pot) if unit is not None else format_eth(pot)
        token = FAKE_TOKEN if unit is not None else ETH_TOKEN
        steps = iter((True, False) if unit is not None else (False,))

        def step() -> tuple[CallIntent, bool]:
            approve = next(steps, False)
            if approve:
                return CallIntent(
                    "round.approve", FAKE_TOKEN, "approve(address,uint256)",
                    ("spender", "amount"), (FAKE_ROUNDS_ADDRESS, pot),
                    f"Before the round: allow Rounds to move exactly {shown}, not more; then "
                    "open it", notes=(f"Token: {FAKE_TOKEN_UNIT.symbol} (18 decimals) at "
                                      f"{FAKE_TOKEN}",),
                ), False  # fmt: skip
            self.prepared.append(request)
            return CallIntent(
                "round.open", FAKE_ROUNDS_ADDRESS, OPEN,
                ("token", "amount", "quorum"), (token, pot, request.quorum),
                f"Open a funding round of {shown} with {len(request.evaluators)} "
                f"evaluator(s), quorum {request.quorum}",
                value_wei=0 if unit is not None else pot, money=True,
            ), True  # fmt: skip

        return self._planned(f"Open a funding round of {shown}", step)

    def allocate_request(
        self, round_id: int, kind: int, target: int, amount: int, reason: str
    ) -> PlannedRequest:
        view = self._view(round_id)
        old = view.results.targets.get((kind, target))
        old_amount = old.backers.get(self.me().lower(), 0) if old else 0
        payee = next(
            (c.holder for c in self.candidates(view) if (c.kind, c.target) == (kind, target)), ""
        )
        state = checks.TargetState(kind, target, payee, kind == KIND_ARTICLE, 0, 0, False)
        checks.check_allocate(
            self._chain_round(view), state, sender=self.me(), amount=amount, old=old_amount,
            spent=view.results.spent.get(self.me().lower(), 0), now=self.now(),
        )  # fmt: skip
        name = checks.label(kind, target)
        summary = f"Allocate {money(view, amount)} to {name} in round #{round_id}"

        def step() -> tuple[CallIntent, bool]:
            self.prepared.append(("round_allocate", round_id, kind, target, amount, reason))
            return CallIntent(
                "round.allocate", FAKE_ROUNDS_ADDRESS, ALLOCATE,
                ("roundId", "kind", "id", "amount"), (round_id, kind, target, amount), summary,
            ), True  # fmt: skip

        return self._planned(summary, step)

    def claim_request(self, round_id: int, kind: int, target: int) -> PlannedRequest:
        view = self._view(round_id)
        result = view.results.targets.get((kind, target))
        payee = next(
            (c.holder for c in self.candidates(view) if (c.kind, c.target) == (kind, target)), ""
        )
        state = checks.TargetState(
            kind, target, payee, kind == KIND_ARTICLE, result.total if result else 0,
            result.backer_count if result else 0, bool(result and result.claimed),
        )  # fmt: skip
        amount = checks.check_claim(
            self._chain_round(view), state, sender=self.me(), now=self.now()
        )
        name = checks.label(kind, target)
        summary = f"Claim {money(view, amount)} for {name} from round #{round_id}"
        what = "current holder of article" if kind == KIND_ARTICLE else "author of post"
        getter = ("Articles", "ownerOf") if kind == KIND_ARTICLE else ("Social", "authorOf")

        def step() -> tuple[CallIntent, bool]:
            self.prepared.append(("round_claim", round_id, kind, target))
            return CallIntent(
                "round.claim", FAKE_ROUNDS_ADDRESS, CLAIM, ("roundId", "kind", "id"),
                (round_id, kind, target), summary, money=True,
                payee=(*getter, target, f"{what} #{target}, claiming from round #{round_id}"),
            ), True  # fmt: skip

        return self._planned(summary, step, payee)

    def reclaim_request(self, round_id: int) -> PlannedRequest:
        view = self._view(round_id)
        amount = checks.check_reclaim(self._chain_round(view), now=self.now())
        summary = f"Return {money(view, amount)} left in round #{round_id} to its funder"

        def step() -> tuple[CallIntent, bool]:
            self.prepared.append(("round_reclaim", round_id))
            return CallIntent(
                "round.reclaim", FAKE_ROUNDS_ADDRESS, RECLAIM, ("roundId",), (round_id,),
                summary, money=True,
            ), True  # fmt: skip

        return self._planned(summary, step)


def rounds_of(backend: Any) -> RoundsSide:
    """The rounds side of ``backend``: one per backend, made on first use."""
    side = getattr(backend, "_rounds_side", None)
    if side is None:
        from tui.ui.backend import CoreBackend

        side = CoreRounds(backend) if isinstance(backend, CoreBackend) else FakeRounds(backend)
        backend._rounds_side = side
    return side
