"""A community's points (``o`` on a community): the account's balance, earned and claimable
amounts, a claim and a redemption (``b``), every proposed root with "✓ matches the rule" or "✗ MISMATCH" (and the
accounts that differ, while the owner can still veto), and the latest epoch's earners with the
givers whose shares earned it.

The governance part says how votes weigh (and the account's weight), who is admitted by
earned points and the membership for sale (and the account's, or that it expired); its writes
(``m`` buy membership, ``j`` join with earned points, ``S`` the owner's settings, ``V`` a
members' vote to veto the pending root) build their proofs from the chain right before the
confirmation: the user never pastes one. A "Governance log" lists the latest changes (rules,
perks, memberships bought, veto votes) from the index, and when the node does not answer the
screen still shows the last indexed settings and log, marked as possibly stale.

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
from tui.core.text import clean_line, is_digits
from tui.core.units import format_units
from tui.ui.accounts import account, is_address, learn_names
from tui.ui.latest import call_latest
from tui.ui.widgets.status_bar import bottom_bars


def _who(address: str, style: str = "") -> Content:
    """An account as timelines draw it (tui.ui.accounts); other text cleaned, cut to 20."""
    return account(address, style) if is_address(address) else Content(clean_line(address, 20))


def accounts_in(view: PointsView | None, log: Any = None) -> list[str]:
    """Every account the screen names, for the name lookups."""
    found: list[str] = []
    if view is not None:
        found += [view.account, *(row.proposer for row in view.roots)]
        if view.mismatch is not None:
            found += [a for a, _, _ in view.mismatch.verdict.differences[:10]]
        for earner in view.earners:
            found += [earner.account, *(g for g, _, _ in earner.givers[:6])]
    if log is not None:
        found += [ch.by for ch in log.changes[-LOG_ROWS:]]
    return found


def _amount(units: int, symbol: str = "") -> str:
    return format_units(units, 18, symbol)


def view_lines(view: PointsView, rules: Any = None, log: Any = None) -> list[Content]:
    """The screen's text, top to bottom (pure, so tests can read it)."""
    sym = view.symbol
    out = [
        Content.from_markup("[b]$name[/b] ($sym) · community #$c · epochs of $n blocks · token $token",
                            name=view.name, sym=sym, c=str(view.community), n=str(view.config.epoch_blocks),
                            token=view.token),
        Content("You (") + (_who(view.account) if view.account else Content("no account"))
        + Content.from_markup("): [b]$bal[/b] held · earned $earned · claimable [b]$claim[/b]",
                              bal=_amount(view.balance, sym), earned=_amount(view.earned),
                              claim=_amount(view.claimable)),
    ]  # fmt: skip
    bad = view.mismatch
    if bad is not None:
        out.append(Content(""))
        out.append(Content.from_markup(
            "[$error][b]✗ MISMATCH[/b]: the pending root of epoch $e does not match the rule; "
            "the owner can veto it before block $at.[/]", e=str(bad.epoch), at=str(bad.active_block)))  # fmt: skip
        for account, mine, theirs in bad.verdict.differences[:10]:
            out.append(Content("  ") + _who(account) + Content.from_markup(
                "[$error]: rule $mine, proposed $theirs[/]",
                mine=_amount(mine), theirs=_amount(theirs)))  # fmt: skip
    out += [Content(""), Content.from_markup("[b]Roots[/b]")]
    for row in view.roots:
        mark = "[$success]✓ matches the rule[/]" if row.verdict.matches else "[$error]✗ MISMATCH[/]"
        out.append(Content.from_markup(
            "  epoch $e · $state · total $total · by ",
            e=str(row.epoch), state=row.state, total=_amount(row.verdict.proposed_total),
        ) + _who(row.proposer) + Content.from_markup(f" · {mark}"))  # fmt: skip
    if not view.roots:
        out.append(Content("  no root proposed yet"))
    if rules is not None:
        from tui.core.points.governance import governance_lines

        out += [Content(""), Content.from_markup("[b]Governance[/b]")]
        out += [Content("  " + line) for line in governance_lines(rules, view.earned)]
    out += [Content("")]
    if view.latest_epoch >= 0:
        out.append(
            Content.from_markup(
                "[b]Epoch $e[/b]: who earned what, and from whom", e=str(view.latest_epoch)
            )
        )
        for earner in view.earners:
            out.append(Content("  ") + _who(earner.account, "b") + Content.from_markup(
                "  +$earned  (total $total)",
                earned=_amount(earner.earned, sym), total=_amount(earner.cumulative)))  # fmt: skip
            if not earner.givers:
                out.append(Content.from_markup("    [dim]the moderators' share[/dim]"))
            for giver, share, posts in earner.givers[:6]:
                what = ", ".join(f"#{p} ×{w}" for p, w in posts[:8])
                out.append(
                    Content.from_markup("    [dim]$share of[/dim] ", share=f"{share / 1000:g}")
                    + _who(giver) + Content.from_markup("[dim]'s budget, for $what[/dim]", what=what))  # fmt: skip
        if not view.earners:
            out.append(Content("  nobody earned points in this epoch"))
    else:
        out.append(Content("The first epoch has not ended yet."))
    if log is not None:
        out += [Content(""), *log_lines(view.community, log.changes)]
    return out


LOG_ROWS = 6
"""Governance changes shown, newest first (``agora points history`` lists them all)."""


def log_lines(community: int, changes: list[Any]) -> list[Content]:
    """The "Governance log": the latest changes, one bounded line each. The text is Agora's
    own, from integers; it is cleaned all the same, as everything from the index is."""
    from datetime import UTC, datetime

    head = Content.from_markup(
        "[b]Governance log[/b] [dim](latest $n of $all; agora points history $c)[/dim]",
        n=str(min(LOG_ROWS, len(changes))), all=str(len(changes)), c=str(community),
    )  # fmt: skip
    out = [head]
    for ch in reversed(changes[-LOG_ROWS:]):
        when = (
            datetime.fromtimestamp(ch.timestamp, UTC).strftime("%Y-%m-%d %H:%M")
            if ch.timestamp
            else "?"
        )
        out.append(Content.from_markup(
            "  [dim]block $b · $when ·[/dim] ", b=str(ch.block), when=when,
        ) + _who(ch.by) + Content(" ") + Content(clean_line(ch.text, 160)))  # fmt: skip
    if not changes:
        out.append(Content("  no change indexed yet"))
    return out


def offline_lines(community: int, why: str, log: Any) -> list[Content]:
    """The screen when the node cannot be read: the settings and changes last indexed,
    marked as possibly stale (the recomputed parts need the node)."""
    from tui.core.points.gov_source import gate_phrase, perk_phrase, votes_phrase

    r = log.rules
    out = [
        Content.from_markup(
            "[$warning]Points could not be read from the node ($why). Shown: the settings and "
            "changes last indexed (block $n); they may be stale.[/]", why=clean_line(why, 120), n=str(log.block)),
        Content(""),
        Content.from_markup("[b]Governance[/b] [dim](indexed)[/dim]"),
        Content("  " + votes_phrase(r.vote_by_points, r.unproven)),
        Content("  " + gate_phrase(r.threshold)),
        Content("  " + perk_phrase(1, r.membership_blocks)),
    ]  # fmt: skip
    if r.member_until:
        out.append(Content(f"  your membership runs until block {r.member_until}"))
    return [*out, Content(""), *log_lines(community, log.changes)]


class PointsScreen(Screen[None]):
    """One community's points."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="points.back", tooltip="Back to the community"),
        Binding("c", "claim", "Claim", id="points.claim", tooltip="Claim what you earned by the latest accepted root"),
        Binding("b", "redeem", "Redeem", id="points.redeem", tooltip="Burn points for a perk the community's rules name"),
        Binding("R", "reload", "Reload", id="points.reload", tooltip="Read and recompute again", show=False),
        Binding("m", "membership", "Membership", id="points.membership", tooltip="Buy blocks of membership with points (at the owner's price)", show=False),
        Binding("j", "join_earned", "Join", id="points.join", tooltip="Join with the points you earned (no invite needed above the threshold)", show=False),
        Binding("S", "settings", "Settings", id="points.settings", tooltip="Owner: vote weight, admission threshold, membership price", show=False),
        Binding("V", "veto_vote", "Veto vote", id="points.veto_vote", tooltip="Propose that the members veto the pending root", show=False),
    ]  # fmt: skip

    def __init__(self, community: int) -> None:
        super().__init__()
        self.community = community
        self.view: PointsView | None = None
        self.rules: Any = None

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
        source = app.points_source
        view, rules, failure = None, None, ""
        try:
            view = source.view(self.community)
            rules = source.rules(self.community) if view is not None else None
        except AgoraError as exc:
            failure = clean_line(str(exc), 300)
        except Exception as exc:  # a node that went away, a malformed answer
            failure = "Could not read points: " + clean_line(str(exc), 300)
        log = self._governance(source)
        if not failure:
            call_latest(app, self._show, view, rules, log)
        elif log is not None and log.rules is not None:
            call_latest(app, self._show_offline, failure, log)
        else:
            call_latest(app, self._say, failure)

    def _governance(self, source: Any) -> Any:
        """The governance log from the index (None when it cannot be read: it is a courtesy)."""
        try:
            return source.governance(self.community)
        except Exception:
            return None

    def _say(self, text: str) -> None:
        self.query_one("#points-text", Static).update(Content(text))

    def _show(self, view: PointsView | None, rules: Any = None, log: Any = None) -> None:
        self.view, self.rules = view, rules
        if view is None:
            self._say(f"Community #{self.community} has not enabled points.")
            return
        self._draw(view_lines, view, rules, log)
        learn_names(self, accounts_in(view, log), lambda: self._draw(view_lines, view, rules, log))

    def _draw(self, lines_of: Any, *args: Any) -> None:
        """Draw (again, when names arrived) the lines ``lines_of(*args)`` gives."""
        self.query_one("#points-text", Static).update(Content("\n").join(lines_of(*args)))

    def _show_offline(self, why: str, log: Any) -> None:
        self.view, self.rules = None, None
        args = (self.community, why, log)
        self._draw(offline_lines, *args)
        learn_names(self, accounts_in(None, log), lambda: self._draw(offline_lines, *args))

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
            if len(parts) != 2 or not is_digits(parts[0]):
                raise UsageError("Give a perk number and an amount, e.g. `1 5`.")
            perk = int(parts[0])
            amount = parse_units(parts[1], 18, view.symbol, positive=True)
            intent = intents.redeem(view.community, perk, amount, view.balance, view.symbol)
        except UsageError as exc:
            self.notify(clean_line(str(exc), 200), severity="error")
            return
        app: Any = self.app
        app.community_write(intent.summary, lambda _store: intent, done=self.load)

    # --- governance ----------------------------------------------------------------------------

    def _loaded(self) -> tuple[PointsView, Any] | None:
        if self.view is None or self.rules is None:
            self.notify("Points are not loaded yet.", severity="warning")
            return None
        return self.view, self.rules

    def action_membership(self) -> None:
        from tui.ui.screens.communities.modals import TextModal

        loaded = self._loaded()
        if loaded is None:
            return
        view, rules = loaded
        if not rules.membership_blocks:
            self.notify(f"Community #{view.community} sells no membership for points.",
                        severity="warning", markup=False)  # fmt: skip
            return
        title = f"Buy membership in community #{view.community}"
        context = (f"AMOUNT of {view.symbol}: each buys {rules.membership_blocks} blocks; "
                   f"you hold {_amount(view.balance, view.symbol)}")  # fmt: skip

        def chosen(text: str | None) -> None:
            if text is not None:
                self._buy(view, rules, text)

        self.app.push_screen(TextModal(title, context), chosen)

    def _buy(self, view: PointsView, rules: Any, text: str) -> None:
        from tui.core.points.governance import membership_intent
        from tui.core.units import parse_units
        from tui.ui.backends.points import steps_request

        try:
            amount = parse_units(text.strip(), 18, view.symbol, positive=True)
            intent = membership_intent(view.community, amount, view.balance, rules, view.symbol)
        except UsageError as exc:
            self.notify(clean_line(str(exc), 200), severity="error", markup=False)
            return
        app: Any = self.app
        app.points_write(steps_request(intent.summary, [intent]), done=self.load)

    def action_join_earned(self) -> None:
        from tui.core.points.governance import plan_join
        from tui.ui.backends.points import planned

        loaded = self._loaded()
        if loaded is None:
            return
        view, rules = loaded
        if not rules.threshold:
            self.notify(f"Community #{view.community} does not admit by earned points.",
                        severity="warning", markup=False)  # fmt: skip
            return
        c = view.community

        def build(rpc: Any, where: Any, sender: str, _content: Any) -> Any:
            if rpc is None:  # the fake backend: a canned proof
                from tui.core.points.governance import _call

                return _call("join.earned", "joinEarned(uint256,uint256,uint256,bytes32[])",
                             ("community", "epoch", "cumulative", "proof"),
                             (c, 0, rules.threshold, [b"\x11" * 32]), f"Join community #{c}")  # fmt: skip
            return plan_join(rpc, where, c, sender)

        app: Any = self.app
        app.points_write(planned(f"Join community #{c} with earned points", build), done=self.load)

    def action_settings(self) -> None:
        from tui.ui.screens.communities.modals import TextModal

        loaded = self._loaded()
        if loaded is None:
            return
        view, rules = loaded
        title = f"Points settings of community #{view.community}"
        context = ("vote=points|one unproven=0|1 threshold=POINTS membership=BLOCKS_PER_POINT "
                   "(the owner; words left out keep their value)")  # fmt: skip

        def chosen(text: str | None) -> None:
            if text is not None:
                self._settings(rules, text)

        self.app.push_screen(TextModal(title, context), chosen)

    def _settings(self, rules: Any, text: str) -> None:
        from tui.core.points.governance import parse_settings
        from tui.ui.backends.points import steps_request

        try:
            calls = parse_settings(text, rules)
        except UsageError as exc:
            self.notify(clean_line(str(exc), 200), severity="error", markup=False)
            return
        app: Any = self.app
        summary = f"Change the points settings of community #{rules.community}"
        app.points_write(steps_request(summary, calls), done=self.load)

    def action_veto_vote(self) -> None:
        from tui.core.points.governance import veto_proposal
        from tui.core.points.history import read_info
        from tui.ui.backends.points import planned

        loaded = self._loaded()
        if loaded is None:
            return
        view, _rules = loaded
        c = view.community
        pending = [r for r in view.roots if r.state == "pending"]
        if not pending:
            self.notify(f"Community #{c} has no pending root to veto.", severity="warning",
                        markup=False)  # fmt: skip
            return
        fallback = pending[-1].verdict.proposed_root
        note = ("The pending root does not match the public rule." if not pending[-1].verdict.matches
                else "The members should decide on this root.")  # fmt: skip

        def build(rpc: Any, where: Any, _sender: str, content: Any) -> Any:
            root = fallback
            if rpc is not None:  # the root pending now, read right before the confirmation
                info = read_info(rpc, where.points, c)
                root = info.pending_root if info and info.pending_block else b"\x00" * 32
            return veto_proposal(content, c, root, note)

        app: Any = self.app
        app.points_write(planned(f"Propose a veto vote in community #{c}", build), done=self.load)
