"""A community's points (``o`` on a community): the account's balance, earned and claimable
amounts, a claim and a redemption (``b``), every proposed root with "✓ matches the rule" or "✗ MISMATCH" (and the
accounts that differ, while the owner can still veto), and the latest epoch's earners with the
givers whose shares earned it.

Everything shown is recomputed by the rule (``tui.core.points``) in a worker; the claim goes
through the shared confirmation (``CommunitiesApp.community_write``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.core.errors import AgoraError, UsageError
from tui.core.points.view import PointsView
from tui.core.text import clean_line
from tui.core.units import format_units
from tui.ui.widgets.status_bar import bottom_bars


def _short(address: str) -> str:
    return f"{address[:6]}…{address[-4:]}" if len(address) == 42 else clean_line(address, 20)


def _amount(units: int, symbol: str = "") -> str:
    return format_units(units, 18, symbol)


def view_lines(view: PointsView) -> list[Content]:
    """The screen's text, top to bottom (pure, so tests can read it)."""
    sym = view.symbol
    out = [
        Content.from_markup("[b]$name[/b] ($sym) · community #$c · epochs of $n blocks · token $token",
                            name=view.name, sym=sym, c=str(view.community), n=str(view.config.epoch_blocks),
                            token=view.token),
        Content.from_markup("You ($me): [b]$bal[/b] held · earned $earned · claimable [b]$claim[/b]",
                            me=_short(view.account) or "no account", bal=_amount(view.balance, sym),
                            earned=_amount(view.earned), claim=_amount(view.claimable)),
    ]  # fmt: skip
    bad = view.mismatch
    if bad is not None:
        out.append(Content(""))
        out.append(Content.from_markup(
            "[$error][b]✗ MISMATCH[/b]: the pending root of epoch $e does not match the rule; "
            "the owner can veto it before block $at.[/]", e=str(bad.epoch), at=str(bad.active_block)))  # fmt: skip
        for account, mine, theirs in bad.verdict.differences[:10]:
            out.append(Content.from_markup(
                "[$error]  $who: rule $mine, proposed $theirs[/]",
                who=_short(account), mine=_amount(mine), theirs=_amount(theirs)))  # fmt: skip
    out += [Content(""), Content.from_markup("[b]Roots[/b]")]
    for row in view.roots:
        mark = "[$success]✓ matches the rule[/]" if row.verdict.matches else "[$error]✗ MISMATCH[/]"
        out.append(Content.from_markup(
            f"  epoch $e · $state · total $total · by $who · {mark}",
            e=str(row.epoch), state=row.state, total=_amount(row.verdict.proposed_total),
            who=_short(row.proposer)))  # fmt: skip
    if not view.roots:
        out.append(Content("  no root proposed yet"))
    out += [Content("")]
    if view.latest_epoch >= 0:
        out.append(
            Content.from_markup(
                "[b]Epoch $e[/b]: who earned what, and from whom", e=str(view.latest_epoch)
            )
        )
        for earner in view.earners:
            out.append(Content.from_markup(
                "  $who  +$earned  (total $total)", who=_short(earner.account),
                earned=_amount(earner.earned, sym), total=_amount(earner.cumulative)))  # fmt: skip
            if not earner.givers:
                out.append(Content.from_markup("    [dim]the moderators' share[/dim]"))
            for giver, share, posts in earner.givers[:6]:
                what = ", ".join(f"#{p} ×{w}" for p, w in posts[:8])
                out.append(Content.from_markup(
                    "    [dim]$share of $giver's budget, for $what[/dim]",
                    share=f"{share / 1000:g}", giver=_short(giver), what=what))  # fmt: skip
        if not view.earners:
            out.append(Content("  nobody earned points in this epoch"))
    else:
        out.append(Content("The first epoch has not ended yet."))
    return out


class PointsScreen(Screen[None]):
    """One community's points."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="points.back", tooltip="Back to the community"),
        Binding("c", "claim", "Claim", id="points.claim", tooltip="Claim what you earned by the latest accepted root"),
        Binding("b", "redeem", "Redeem", id="points.redeem", tooltip="Burn points for a perk the community's rules name"),
        Binding("R", "reload", "Reload", id="points.reload", tooltip="Read and recompute again", show=False),
    ]  # fmt: skip

    def __init__(self, community: int) -> None:
        super().__init__()
        self.community = community
        self.view: PointsView | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(f"Points · community #{self.community}"), classes="screen-title")
        with VerticalScroll(id="points-body"):
            yield Static(Content("Recomputing the rule from the chain…"), id="points-text")
        yield bottom_bars()

    def on_mount(self) -> None:
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="points", exit_on_error=False)
    def load(self) -> None:
        app: Any = self.app
        try:
            view = app.points_source.view(self.community)
        except AgoraError as exc:
            app.call_from_thread(self._say, clean_line(str(exc), 300))
            return
        except Exception as exc:  # a node that went away, a malformed answer
            app.call_from_thread(self._say, "Could not read points: " + clean_line(str(exc), 300))
            return
        app.call_from_thread(self._show, view)

    def _say(self, text: str) -> None:
        self.query_one("#points-text", Static).update(Content(text))

    def _show(self, view: PointsView | None) -> None:
        self.view = view
        if view is None:
            self._say(f"Community #{self.community} has not enabled points.")
            return
        self.query_one("#points-text", Static).update(Content("\n").join(view_lines(view)))

    def action_claim(self) -> None:
        from tui.core.points import intents

        view = self.view
        if view is None or view.claim_args is None:
            self.notify("Nothing to claim here.", severity="warning")
            return
        cumulative, proof = view.claim_args
        app: Any = self.app
        c, who, already, sym = view.community, view.account, view.claimed, view.symbol
        app.community_write(
            f"Claim {_amount(cumulative - already, sym)} in community #{c}",
            lambda _store: intents.claim(c, who, cumulative, proof, already, sym),
            done=self.load,
        )

    def action_redeem(self) -> None:
        from tui.ui.screens.communities.modals import TextModal

        view = self.view
        if view is None:
            self.notify("Points are not loaded yet.", severity="warning")
            return
        title = f"Redeem {view.symbol} in community #{view.community}"
        context = (
            f"PERK AMOUNT, e.g. `1 5` burns 5 {view.symbol} for perk 1 (the rules name the perks)"
        )

        def chosen(text: str | None) -> None:
            if text is not None:
                self._redeem(view, text)

        self.app.push_screen(TextModal(title, context), chosen)

    def _redeem(self, view: PointsView, text: str) -> None:
        from tui.core.points import intents
        from tui.core.units import parse_units

        parts = text.split()
        try:
            if len(parts) != 2 or not parts[0].isdigit():
                raise UsageError("Give a perk number and an amount, e.g. `1 5`.")
            perk = int(parts[0])
            amount = parse_units(parts[1], 18, view.symbol, positive=True)
            intent = intents.redeem(view.community, perk, amount, view.balance, view.symbol)
        except UsageError as exc:
            self.notify(clean_line(str(exc), 200), severity="error")
            return
        app: Any = self.app
        app.community_write(intent.summary, lambda _store: intent, done=self.load)
