"""The Rounds screen (F): open and past rounds, the highlighted one's pot, scope, evaluators,
deadlines and results, and what is waiting for you (awards to claim, deadlines)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.ens.verified import verified_name
from tui.core.errors import AgoraError
from tui.core.rounds.alerts import RoundAlert
from tui.core.rounds.model import Phase
from tui.core.rounds.present import PHASE_TEXT, money, show_lines
from tui.core.rounds.views import RoundView
from tui.core.text import clean_line
from tui.ui.accounts import learn_names
from tui.ui.latest import call_latest
from tui.ui.messages import PostsIndexed
from tui.ui.tx_progress import TxUpdate
from tui.ui.widgets.status_bar import bottom_bars
from tui.ui.writes import PlannedRequest


def _styled(text: Content, mark: str) -> Content:
    """``text`` with every ``(name ✓)`` in the success colour. Only verified names get the ✓
    (a profile name cannot carry one), so no profile name is styled by this."""
    plain, start = text.plain, 0
    while (found := plain.find(mark, start)) >= 0:
        text = text.stylize("$success", found + 1, found + len(mark) - 1)
        start = found + len(mark)
    return text


def round_prompt(view: RoundView) -> Content:
    r = view.round
    name = clean_line(view.scope_name, 40) or "(scope unavailable)"
    return Content(f"#{r.round_id} {PHASE_TEXT[view.phase]} · {money(view, r.pot)} · {name}")


class RoundsScreen(Screen[None]):
    """Rounds newest first; the detail pane follows the highlight."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="rounds.back", tooltip="Back"),
        Binding("c", "candidates", "Candidates", id="rounds.candidates", tooltip="Eligible work, its signals and your ballot"),
        Binding("o", "open_round", "Open round", id="rounds.open", tooltip="Open a new funding round"),
        Binding("y", "claim", "Claim", id="rounds.claim", tooltip="Claim your award from the highlighted round"),
        Binding("x", "reclaim", "Reclaim", id="rounds.reclaim", tooltip="Return an ended round's leftover to its funder"),
        Binding("r", "reload", "Reload", id="rounds.reload", tooltip="Read the rounds again", show=False),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.views: list[RoundView] = []
        self.alerts: list[RoundAlert] = []
        self.names: dict[str, str] = {}
        self.now = 0

    @property
    def side(self) -> Any:
        from tui.ui.backends.rounds import rounds_of

        return rounds_of(getattr(self.app, "backend", None))

    def compose(self) -> ComposeResult:
        yield Static(Content("Funding rounds"), classes="screen-title")
        with Horizontal(id="rounds-body"):
            yield OptionList(id="rounds-list")
            with VerticalScroll(id="round-detail"):
                yield Static(Content("loading…"), id="round-detail-text")
        yield Static(Content(""), id="rounds-alerts")
        yield Static(
            Content("c candidates & ballot · y claim · o open a round · x reclaim · esc back"),
            classes="dialog-keys",
        )
        yield bottom_bars()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    def action_reload(self) -> None:
        self.load()

    def reload(self) -> None:
        self.load()

    def reload_after_write(self) -> None:
        """The app indexed the user's own transaction: show what it changed."""
        self.load()

    def on_posts_indexed(self, _event: PostsIndexed) -> None:
        """New events were indexed (someone else's allocation, claim or round)."""
        self.load()

    @work(thread=True, exclusive=True, group="rounds", exit_on_error=False)
    def load(self) -> None:
        side = self.side
        try:
            views, alerts, names, now = side.rounds(), side.alerts(), side.names(), side.now()
        except AgoraError as exc:
            call_latest(self.app, self._fail, clean_line(str(exc), 300))
            return
        call_latest(self.app, self._show, views, alerts, names, now)

    def _fail(self, message: str) -> None:
        self.query_one("#round-detail-text", Static).update(Content(message))

    def _show(
        self, views: list[RoundView], alerts: list[RoundAlert], names: dict[str, str], now: int
    ) -> None:
        self.views, self.alerts, self.names, self.now = views, alerts, names, now
        options = self.query_one(OptionList)
        highlighted = options.highlighted or 0
        options.clear_options()
        options.add_options([Option(round_prompt(v), id=str(v.round.round_id)) for v in views])
        if views:
            options.highlighted = min(highlighted, len(views) - 1)
        else:
            self._fail("No funding rounds yet. Press o to open one.")
        lines = [f"• {clean_line(a.text, 200)}" for a in alerts]
        self.query_one("#rounds-alerts", Static).update(
            Content("For you:\n" + "\n".join(lines) if lines else "")
        )
        self._detail()

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self._detail()

    def on_option_list_option_selected(self, _event: OptionList.OptionSelected) -> None:
        self.action_candidates()

    @property
    def current(self) -> RoundView | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.views):
            return None
        return self.views[index]

    def _detail(self) -> None:
        view = self.current
        if view is None:
            return
        people = [view.round.funder, *view.round.evaluators]
        verified = {a.lower(): verified_name(a) for a in people if verified_name(a)}
        names = {**self.names, **{a: f"{ens} ✓" for a, ens in verified.items()}}
        lines = show_lines(view, self.now, names)
        mine = [a for a in self.alerts if a.round_id == view.round.round_id and a.kind == "award"]
        for alert in mine:
            lines.append(f"» {alert.text} (press y)")
        text = Content("\n".join(lines))
        for ens in set(verified.values()):  # verified names drawn as timelines draw them
            text = _styled(text, f"({ens} ✓)")
        self.query_one("#round-detail-text", Static).update(text)
        learn_names(self, people, self._detail)

    def action_candidates(self) -> None:
        view = self.current
        if view is None:
            return
        from tui.ui.screens.rounds.ballot import BallotScreen

        self.app.push_screen(BallotScreen(view))

    def action_open_round(self) -> None:
        from tui.ui import flows
        from tui.ui.screens.rounds.modals import OpenRoundModal

        async def flow() -> None:
            request = await self.app.push_screen_wait(OpenRoundModal())
            if request is None:
                return
            await run_planned(self.app, lambda: self._open_request(request))
            self.load()

        flows.start(self.app, flow())

    def _open_request(self, request: Any) -> PlannedRequest:
        """Blocking: evaluators typed as ENS names resolved (said as ``ada.eth → 0x…``), the
        round planned with their addresses, and the names checked again before signing."""
        from dataclasses import replace

        from tui.ui.backends.names import recheck_typed, typed_accounts

        app: Any = self.app
        targets = typed_accounts(app.backend, request.evaluators)
        for target in targets:
            if target.name:
                app.call_from_thread(app.notify, target.text(), title="ENS name", markup=False)
        evaluators = tuple(t.address for t in targets)
        planned = self.side.open_request(replace(request, evaluators=evaluators))
        return replace(planned, before_signing=recheck_typed(app.backend, targets))

    def action_claim(self) -> None:
        view = self.current
        if view is None:
            return
        awards = [a for a in self.alerts if a.round_id == view.round.round_id and a.kind == "award"]
        if not awards:
            self.app.notify(
                f"Nothing for you to claim in round #{view.round.round_id}.", markup=False
            )
            return
        award = awards[0]
        self._write(
            lambda: self.side.claim_request(award.round_id, award.target_kind, award.target)
        )

    def action_reclaim(self) -> None:
        view = self.current
        if view is None:
            return
        if view.phase != Phase.ENDED:
            self.app.notify(
                f"Round #{view.round.round_id} can be reclaimed once its claim window closes.",
                markup=False,
            )
            return
        self._write(lambda: self.side.reclaim_request(view.round.round_id))

    def _write(self, build: Callable[[], PlannedRequest]) -> None:
        from tui.ui import flows

        async def flow() -> None:
            await run_planned(self.app, build)
            self.load()

        flows.start(self.app, flow())


async def run_planned(app: Any, build: Callable[[], PlannedRequest]) -> TxUpdate | None:
    """Build a round write in a thread (the in-memory side checks it there), then plan, confirm
    and submit each of its steps (``flows.run_steps``); a refused one is reported, not raised."""
    import asyncio

    from tui.ui import flows

    try:
        request = await asyncio.to_thread(build)
    except AgoraError as error:
        flows.report(app, error, "Cannot prepare the transaction")
        return None
    return await flows.run_steps(app, request)
