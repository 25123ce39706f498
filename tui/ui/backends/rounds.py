"""Funding rounds as the screens read and write them: lists, candidates, alerts, prepared writes.

``CoreRounds`` reads the real backend's open index and prepares writes through the core
(checks against the chain, then the shared pipeline); ``FakeRounds`` holds two fixed rounds in
memory for fast tests and snapshots. Methods block: call them from thread workers. A prepared
write is the UI's ``Prepared``, so ``tui.ui.flows.run`` confirms and submits it like a tip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from tui.core.actions.confirmation import MONEY, PUBLIC, Confirmation, Payee
from tui.core.errors import UsageError
from tui.core.rounds import checks
from tui.core.rounds.alerts import RoundAlert, round_alerts
from tui.core.rounds.documents import Scope
from tui.core.rounds.model import KIND_ARTICLE, KIND_POST, Allocation, Claim, Round
from tui.core.rounds.results import fold
from tui.core.rounds.views import Candidate, RoundView
from tui.core.units import format_eth
from tui.ui.writes import Prepared


@dataclass(frozen=True)
class OpenRequest:
    """What the open-a-round wizard collected."""

    pot_wei: int
    scope: Scope
    evaluators: tuple[str, ...]
    quorum: int
    allocate_for: int
    claim_for: int


class RoundsSide(Protocol):
    """What the Rounds screens need."""

    def me(self) -> str: ...
    def now(self) -> int: ...
    def rounds(self) -> list[RoundView]: ...
    def round(self, round_id: int) -> RoundView | None: ...
    def candidates(self, view: RoundView) -> list[Candidate]: ...
    def alerts(self) -> list[RoundAlert]: ...
    def names(self) -> dict[str, str]: ...
    def prepare_open(self, request: OpenRequest) -> Prepared: ...
    def prepare_allocate(
        self, round_id: int, kind: int, target: int, amount: int, reason: str
    ) -> Prepared: ...
    def prepare_claim(self, round_id: int, kind: int, target: int) -> Prepared: ...
    def prepare_reclaim(self, round_id: int) -> Prepared: ...


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
        return list(self._read(lambda i: list_rounds(i.conn, now, i.store)))

    def round(self, round_id: int) -> RoundView | None:
        from tui.core.rounds.views import round_view

        now = self.now()
        view: RoundView | None = self._read(lambda i: round_view(i.conn, round_id, now, i.store))
        return view

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

    # --- writes ----------------------------------------------------------------------------
    def _writer(self) -> Any:
        return self.backend.writer

    def _prepared(self, intent: Any, request: Any) -> Prepared:
        writer = self._writer()
        core = writer.pipeline().prepare(intent, writer._sender())
        return Prepared(request=request, confirmation=core.confirmation, handle=core)

    def prepare_open(self, request: OpenRequest) -> Prepared:
        from tui.core.rounds.prepare import open_intent

        pipeline = self._writer().pipeline()
        intent = open_intent(
            pipeline.rpc, pipeline.content, pot=request.pot_wei, scope=request.scope,
            evaluators=list(request.evaluators), quorum=request.quorum,
            allocate_for=request.allocate_for, claim_for=request.claim_for,
        )  # fmt: skip
        return self._prepared(intent, request)

    def prepare_allocate(
        self, round_id: int, kind: int, target: int, amount: int, reason: str
    ) -> Prepared:
        from tui.core.rounds.prepare import allocate_intent

        writer = self._writer()
        pipeline = writer.pipeline()
        index = self._index()
        with self.backend._read_lock:
            intent = allocate_intent(
                pipeline.rpc, pipeline.network, pipeline.content, sender=writer._sender(), round_id=round_id,
                kind=kind, target=target, amount=amount, reason=reason, conn=index.conn,
            )  # fmt: skip
        return self._prepared(intent, ("round_allocate", round_id, kind, target, amount))

    def prepare_claim(self, round_id: int, kind: int, target: int) -> Prepared:
        from tui.core.rounds.prepare import claim_intent

        writer = self._writer()
        pipeline = writer.pipeline()
        intent = claim_intent(
            pipeline.rpc, pipeline.network, sender=writer._sender(), round_id=round_id,
            kind=kind, target=target,
        )  # fmt: skip
        return self._prepared(intent, ("round_claim", round_id, kind, target))

    def prepare_reclaim(self, round_id: int) -> Prepared:
        from tui.core.rounds.prepare import reclaim_intent

        pipeline = self._writer().pipeline()
        intent = reclaim_intent(pipeline.rpc, pipeline.network, round_id=round_id)
        return self._prepared(intent, ("round_reclaim", round_id))


# --- the in-memory fake ------------------------------------------------------------------------

FAKE_ROUNDS_ADDRESS = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"
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


class FakeRounds:
    """Fixed rounds over ``FakeBackend``'s people; writes become fake confirmations."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.prepared: list[Any] = []
        """Requests prepared, in order (tests assert on them)."""

    def me(self) -> str:
        return str(getattr(self.backend, "account", ""))

    def now(self) -> int:
        from tui.ui.backends.fake import FAKE_NOW

        return FAKE_NOW

    def rounds(self) -> list[RoundView]:
        return _fake_views(self.me(), self.now())

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

    def _confirmation(
        self, summary: str, function: str, args: tuple[tuple[str, str], ...], value: int = 0,
        payee: Payee | None = None,
    ) -> Confirmation:  # fmt: skip
        writer = self.backend.writer
        return Confirmation(
            network=writer.network, chain_id=writer.chain_id, sender=self.me(),
            to=FAKE_ROUNDS_ADDRESS, value_wei=value, function=function, args=args,
            gas_limit=150_000, max_fee_per_gas=2_000_000_000, max_priority_fee_per_gas=1_000_000,
            nonce=7, balance_wei=writer.balances.get(self.me(), 0), summary=summary,
            notice=MONEY if value else PUBLIC, payee=payee,
        )  # fmt: skip

    def _view(self, round_id: int) -> RoundView:
        view = self.round(round_id)
        if view is None:
            raise UsageError(f"There is no round #{round_id}.")
        return view

    def prepare_open(self, request: OpenRequest) -> Prepared:
        checks.check_open(
            pot=request.pot_wei, evaluators=list(request.evaluators), quorum=request.quorum,
            allocate_end=self.now() + request.allocate_for,
            claim_end=self.now() + request.allocate_for + request.claim_for, now=self.now(),
        )  # fmt: skip
        self.prepared.append(request)
        summary = (
            f"Open a funding round of {format_eth(request.pot_wei)} with "
            f"{len(request.evaluators)} evaluator(s), quorum {request.quorum}"
        )
        args = (("amount", str(request.pot_wei)), ("quorum", str(request.quorum)))
        conf = self._confirmation(summary, "open(address,uint256,string,address[],uint256,uint256,uint256)", args, request.pot_wei)  # fmt: skip
        return Prepared(request=request, confirmation=conf)

    def prepare_allocate(
        self, round_id: int, kind: int, target: int, amount: int, reason: str
    ) -> Prepared:
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
        request = ("round_allocate", round_id, kind, target, amount, reason)
        self.prepared.append(request)
        name = checks.label(kind, target)
        summary = f"Allocate {format_eth(amount)} to {name} in round #{round_id}"
        args = (("roundId", str(round_id)), ("kind", str(kind)), ("id", str(target)),
                ("amount", str(amount)))  # fmt: skip
        conf = self._confirmation(summary, "allocate(uint256,uint8,uint256,uint256,string)", args)
        return Prepared(request=request, confirmation=conf)

    def prepare_claim(self, round_id: int, kind: int, target: int) -> Prepared:
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
        request = ("round_claim", round_id, kind, target)
        self.prepared.append(request)
        what = "current holder of article" if kind == KIND_ARTICLE else "author of post"
        conf = self._confirmation(
            f"Claim {format_eth(amount)} for {checks.label(kind, target)} from round #{round_id}",
            "claim(uint256,uint8,uint256)",
            (("roundId", str(round_id)), ("kind", str(kind)), ("id", str(target))),
            payee=Payee(payee, f"{what} #{target}, claiming from round #{round_id}"),
        )
        return Prepared(request=request, confirmation=conf)

    def prepare_reclaim(self, round_id: int) -> Prepared:
        view = self._view(round_id)
        amount = checks.check_reclaim(self._chain_round(view), now=self.now())
        request = ("round_reclaim", round_id)
        self.prepared.append(request)
        conf = self._confirmation(
            f"Return {format_eth(amount)} left in round #{round_id} to its funder",
            "reclaim(uint256)", (("roundId", str(round_id)),),
        )  # fmt: skip
        return Prepared(request=request, confirmation=conf)


def rounds_of(backend: Any) -> RoundsSide:
    """The rounds side of ``backend``: one per backend, made on first use."""
    side = getattr(backend, "_rounds_side", None)
    if side is None:
        from tui.ui.backend import CoreBackend

        side = CoreRounds(backend) if isinstance(backend, CoreBackend) else FakeRounds(backend)
        backend._rounds_side = side
    return side
