"""The in-memory rounds (named fake: tests, snapshots, screenshots): two fixed ETH rounds over
``FakeBackend``'s people, and on request a third paid in a DEMO token. Writes are checked with
the same rules as the core's (tui.core.rounds.checks) and become ``PlannedRequest``s whose
``fake`` steps the in-memory writer confirms.
"""

from __future__ import annotations

from typing import Any

from tui.core.actions.intents import CallIntent
from tui.core.errors import UsageError
from tui.core.rounds import checks
from tui.core.rounds.alerts import RoundAlert
from tui.core.rounds.documents import Scope
from tui.core.rounds.intents import ALLOCATE, CLAIM, OPEN, RECLAIM
from tui.core.rounds.model import ETH_TOKEN, KIND_ARTICLE, KIND_POST, Allocation, Claim, Round
from tui.core.rounds.pot_unit import PotUnit
from tui.core.rounds.present import money
from tui.core.rounds.results import fold
from tui.core.rounds.views import Candidate, RoundView
from tui.core.units import format_eth
from tui.ui.backends.rounds import OpenRequest
from tui.ui.writes import PlannedRequest

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
        in_token = (FAKE_TOKEN_UNIT.decimals, FAKE_TOKEN_UNIT.symbol) if unit is not None else None

        def step() -> tuple[CallIntent, bool]:
            approve = next(steps, False)
            if approve:
                return CallIntent(
                    "round.approve", FAKE_TOKEN, "approve(address,uint256)",
                    ("spender", "amount"), (FAKE_ROUNDS_ADDRESS, pot),
                    f"Before the round: allow Rounds to move exactly {shown}, not more; then "
                    "open it", notes=(f"Token: {FAKE_TOKEN_UNIT.symbol} (18 decimals) at "
                                      f"{FAKE_TOKEN}",), units=in_token,
                ), False  # fmt: skip
            self.prepared.append(request)
            return CallIntent(
                "round.open", FAKE_ROUNDS_ADDRESS, OPEN,
                ("token", "amount", "quorum"), (token, pot, request.quorum),
                f"Open a funding round of {shown} with {len(request.evaluators)} "
                f"evaluator(s), quorum {request.quorum}",
                value_wei=0 if unit is not None else pot, money=True, units=in_token,
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
        pot_unit = None if view.round.token.lower() == ETH_TOKEN else view.unit
        in_token = (pot_unit.decimals, pot_unit.shown_symbol) if pot_unit is not None else None

        def step() -> tuple[CallIntent, bool]:
            self.prepared.append(("round_allocate", round_id, kind, target, amount, reason))
            return CallIntent(
                "round.allocate", FAKE_ROUNDS_ADDRESS, ALLOCATE,
                ("roundId", "kind", "id", "amount"), (round_id, kind, target, amount), summary,
                units=in_token,
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
