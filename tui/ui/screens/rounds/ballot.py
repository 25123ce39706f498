"""A round's candidates and the evaluator's ballot: eligible posts and articles with their
signals (tips, replies, collects), what each has been given, and your budget left."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.errors import AgoraError
from tui.core.rounds.model import KIND_ARTICLE
from tui.core.rounds.pot_unit import ETH
from tui.core.rounds.present import money, target_label
from tui.core.rounds.views import Candidate, RoundView
from tui.core.text import clean_line
from tui.core.units import format_eth
from tui.ui.accounts import learn_names, profile_of, who
from tui.ui.latest import call_latest
from tui.ui.messages import PostsIndexed
from tui.ui.widgets.status_bar import bottom_bars


class BallotScreen(Screen[None]):
    """enter or a allocates to the highlighted candidate; w withdraws your allocation."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="ballot.back", tooltip="Back to the rounds"),
        Binding("a", "allocate", "Allocate", id="ballot.allocate", tooltip="Give part of your budget to the highlighted work"),
        Binding("w", "withdraw", "Withdraw", id="ballot.withdraw", tooltip="Take back your allocation to the highlighted work"),
    ]  # fmt: skip

    def __init__(self, view: RoundView) -> None:
        super().__init__()
        self.view = view
        self.candidates: list[Candidate] = []
        self.me = ""
        self.names: dict[str, str] = {}

    @property
    def side(self) -> Any:
        from tui.ui.backends.rounds import rounds_of

        return rounds_of(getattr(self.app, "backend", None))

    def compose(self) -> ComposeResult:
        r = self.view.round
        name = clean_line(self.view.scope_name, 60) or "(scope unavailable)"
        yield Static(Content(f"Round #{r.round_id} · {name} · candidates"), classes="screen-title")
        yield Static(Content(""), id="ballot-budget")
        yield OptionList(id="ballot-list")
        yield Static(Content("a allocate · w withdraw · esc back"), classes="dialog-keys")
        yield bottom_bars()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="ballot", exit_on_error=False)
    def load(self) -> None:
        side = self.side
        try:
            view = side.round(self.view.round.round_id) or self.view
            candidates, me, names = side.candidates(view), side.me(), side.names()
        except AgoraError as exc:
            call_latest(self.app, self._budget, clean_line(str(exc), 300))
            return
        call_latest(self.app, self._show, view, candidates, me, names)

    def reload(self) -> None:
        self.load()

    def reload_after_write(self) -> None:
        """The app indexed the user's own transaction: show what it changed."""
        self.load()

    def on_posts_indexed(self, _event: PostsIndexed) -> None:
        """New events were indexed (someone else's allocation, claim or round)."""
        self.load()

    def _budget(self, text: str) -> None:
        self.query_one("#ballot-budget", Static).update(Content(text))

    def _given(self, c: Candidate) -> tuple[int, int, int]:
        """(total, backers, mine) for a candidate."""
        result = self.view.results.targets.get((c.kind, c.target))
        if result is None:
            return 0, 0, 0
        return result.total, result.backer_count, result.backers.get(self.me.lower(), 0)

    def _prompt(self, c: Candidate) -> Content:
        total, backers, mine = self._given(c)
        name, clash = profile_of(c.holder)
        holder = who(
            name or clean_line(self.names.get(c.holder.lower(), ""), 30), c.holder, clash, ""
        )
        role = "held by" if c.kind == KIND_ARTICLE else "by"
        signals = (
            f"{c.collects} collects" if c.kind == KIND_ARTICLE
            else f"tips {format_eth(c.tips_wei)} · {c.replies} repl{'y' if c.replies == 1 else 'ies'}"
        )  # fmt: skip
        quorum = (
            "✓"
            if backers >= self.view.round.quorum and total
            else f"{backers}/{self.view.round.quorum}"
        )
        line1 = Content(f"{target_label(c.kind, c.target)} {role} ") + holder
        line1 += Content(f" · {signals}")
        if self._evaluators_work(c):
            line1 += Content(" · an evaluator's work: cannot be backed")
        line2 = f"  {clean_line(c.excerpt, 70) or '(content not fetched yet)'}"
        line3 = f"  given {money(self.view, total)} ({quorum})" + (
            f" · yours {money(self.view, mine)}" if mine else ""
        )
        return Content("\n").join([line1, Content(line2), Content(line3)])

    def _evaluators_work(self, c: Candidate) -> bool:
        r = self.view.round
        return r.is_evaluator(c.holder) or r.is_evaluator(c.author)

    def _show(
        self, view: RoundView, candidates: list[Candidate], me: str, names: dict[str, str]
    ) -> None:
        self.view, self.me, self.names = view, me, names
        # Work an evaluator wrote or holds cannot be backed: listed after the rest, marked.
        self.candidates = sorted(candidates, key=self._evaluators_work)
        r = view.round
        if r.is_evaluator(me):
            left = view.results.budget_left(me)
            budget = f"Your budget: {money(view, r.budget)}; {money(view, left)} left to allocate."
        else:
            budget = (
                "You are not an evaluator of this round: you can read the ballot, not change it."
            )
        self._budget(budget + f" Quorum {r.quorum} of {len(r.evaluators)}.")
        options = self.query_one(OptionList)
        highlighted = options.highlighted or 0
        options.clear_options()
        options.add_options(
            [Option(self._prompt(c), id=f"{c.kind}-{c.target}") for c in self.candidates]
        )
        if self.candidates:
            options.highlighted = min(highlighted, len(self.candidates) - 1)
        learn_names(self, [c.holder for c in self.candidates], self._redraw_names)

    def _redraw_names(self) -> None:
        """Names arrived: the candidates' lines draw them."""
        options = self.query_one(OptionList)
        for index, c in enumerate(self.candidates[: options.option_count]):
            prompt = self._prompt(c)
            if prompt != options.get_option_at_index(index).prompt:  # re-measured only if new
                options.replace_option_prompt_at_index(index, prompt)

    @property
    def current(self) -> Candidate | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.candidates):
            return None
        return self.candidates[index]

    def on_option_list_option_selected(self, _event: OptionList.OptionSelected) -> None:
        self.action_allocate()

    def action_allocate(self) -> None:
        self._allocate(withdraw=False)

    def action_withdraw(self) -> None:
        self._allocate(withdraw=True)

    def _allocate(self, *, withdraw: bool) -> None:
        c = self.current
        if c is None:
            return
        from tui.ui import flows
        from tui.ui.screens.rounds.modals import AllocateModal
        from tui.ui.screens.rounds.rounds import run_planned

        _total, _backers, mine = self._given(c)
        rid = self.view.round.round_id
        left = self.view.results.budget_left(self.me)

        async def flow() -> None:
            if withdraw:
                if not mine:
                    self.app.notify("You have allocated nothing to this.", markup=False)
                    return
                choice: tuple[int, str] | None = (0, "")
            else:
                unit = self.view.unit or ETH
                modal: Any = AllocateModal(target_label(c.kind, c.target), left, mine, unit)
                choice = await self.app.push_screen_wait(modal)
            if choice is None:
                return
            amount, reason = choice
            await run_planned(
                self.app, lambda: self.side.allocate_request(rid, c.kind, c.target, amount, reason)
            )
            self.load()

        flows.start(self.app, flow())
