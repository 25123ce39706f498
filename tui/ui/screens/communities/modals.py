"""Dialogs of the Communities screens: a reason from the numbered rules, a community form
(create and fork), and a text box (a community post, an appeal). Each returns its value on
``ctrl+s`` or None on ``escape``; the transaction itself goes through ConfirmModal after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, SelectionList, Static, TextArea

from tui.core.communities import documents as docs
from tui.core.errors import ContentError
from tui.core.text import clean_line


@dataclass(frozen=True)
class Reason:
    rules: tuple[int, ...]
    note: str = ""


class RuleReasonModal(ModalScreen[Reason | None]):
    """Pick the rules an action cites (space toggles) and add a short note; never a quote."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "Done", id="community_reason.done", tooltip="Use these rules as the reason"),
        Binding("escape", "cancel", "Cancel", id="community_reason.cancel", tooltip="Close without acting"),
    ]  # fmt: skip

    def __init__(
        self, title: str, rules: tuple[tuple[int, str], ...], *, need_rule: bool = True
    ) -> None:
        super().__init__(classes="agora-modal")
        self.title_text = title
        self.rules = rules
        self.need_rule = need_rule

    def compose(self) -> ComposeResult:
        with Vertical(classes="write-dialog", id="community-reason"):
            yield Static(Content(clean_line(self.title_text, 70)), classes="dialog-title")
            yield Static(Content("Cite the rules this breaks (space to pick):"), classes="dim")
            yield SelectionList[int](
                *((Content(f"{n}. {clean_line(text, 60)}"), n) for n, text in self.rules),
                id="reason-rules",
            )
            yield Input(
                placeholder="A short note in your own words (never quote the post)",
                id="reason-note",
                max_length=docs.MAX_NOTE,
            )
            yield Static("", classes="error", id="reason-error")
            yield Static(Content("ctrl+s done · escape cancel"), classes="dialog-keys")

    def on_mount(self) -> None:
        if not self.rules:
            self.query_one("#reason-error", Static).update(
                Content("The community's rules are not loaded yet: sync, then try again.")
            )
        self.query_one(SelectionList).focus()

    def action_done(self) -> None:
        chosen = tuple(sorted(self.query_one(SelectionList).selected))
        if self.need_rule and not chosen:
            self.query_one("#reason-error", Static).update(Content("Pick at least one rule."))
            return
        self.dismiss(Reason(chosen, self.query_one("#reason-note", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class CommunityForm:
    name: str
    goal: str
    rules: list[tuple[int, str]]
    restricted: bool = False
    vote: bool = False


class CommunityFormModal(ModalScreen[CommunityForm | None]):
    """Name, goal, numbered rules (one per line), restricted and governance: create or fork."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "Review", id="community_form.done", tooltip="Check the form and review the transaction"),
        Binding("escape", "cancel", "Cancel", id="community_form.cancel", tooltip="Close without creating"),
    ]  # fmt: skip

    def __init__(self, title: str, rules: tuple[tuple[int, str], ...] = (), name: str = "") -> None:
        super().__init__(classes="agora-modal")
        self.title_text = title
        self.rules = rules
        self.initial_name = name

    def compose(self) -> ComposeResult:
        rules_text = "\n".join(f"{n}. {text}" for n, text in self.rules) or "1. Be kind\n"
        with Vertical(classes="write-dialog", id="community-form"):
            yield Static(Content(clean_line(self.title_text, 70)), classes="dialog-title")
            yield Input(
                value=self.initial_name,
                placeholder="Name",
                id="form-name",
                max_length=docs.MAX_NAME,
            )
            yield Input(
                placeholder="Goal: what is it for?", id="form-goal", max_length=docs.MAX_GOAL
            )
            yield Static(Content("Rules, one per line, numbered:"), classes="dim")
            yield TextArea(rules_text, id="form-rules")
            with Horizontal(id="form-flags"):
                yield Checkbox("Restricted (invite only)", id="form-restricted")
                yield Checkbox("Governed by members' vote", id="form-vote")
            yield Static("", classes="error", id="form-error")
            yield Static(Content("ctrl+s review · escape cancel"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#form-name", Input).focus()

    def action_done(self) -> None:
        error = self.query_one("#form-error", Static)
        name = self.query_one("#form-name", Input).value
        goal = self.query_one("#form-goal", Input).value
        try:
            rules = docs.parse_rules_text(self.query_one("#form-rules", TextArea).text)
            docs.meta_document(name, goal)
        except ContentError as exc:
            error.update(Content(clean_line(exc.message, 200)))
            return
        self.dismiss(
            CommunityForm(
                name,
                goal,
                rules,
                self.query_one("#form-restricted", Checkbox).value,
                self.query_one("#form-vote", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextModal(ModalScreen[str | None]):
    """A few lines of text: a post into a community, or an appeal."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "Send", id="community_text.done", tooltip="Review and send"),
        Binding("escape", "cancel", "Cancel", id="community_text.cancel", tooltip="Close; the text is kept for next time"),
    ]  # fmt: skip

    kept: ClassVar[dict[str, str]] = {}
    """Unsent text by dialog title: reopening the dialog brings it back (nothing is lost)."""

    def __init__(self, title: str, context: str = "") -> None:
        super().__init__(classes="agora-modal")
        self.title_text = title
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(classes="write-dialog", id="community-text"):
            yield Static(Content(clean_line(self.title_text, 70)), classes="dialog-title")
            if self.context:
                yield Static(Content(clean_line(self.context, 200)), classes="dim")
            yield TextArea(self.kept.get(self.title_text, ""), id="text-body")
            yield Static("", classes="error", id="text-error")
            yield Static(Content("ctrl+s send · escape cancel (kept)"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_done(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.query_one("#text-error", Static).update(Content("Write a few words first."))
            return
        self.kept[self.title_text] = text
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.kept[self.title_text] = self.query_one(TextArea).text
        self.dismiss(None)

    @classmethod
    def sent(cls, title: str) -> None:
        """Forget the kept text once its transaction was confirmed."""
        cls.kept.pop(title, None)


@dataclass(frozen=True)
class ProposalForm:
    kind: str
    """A ``ProposalKind`` slug: add-mod, remove-mod, set-owner, set-restricted, set-rules."""
    target: str = ""
    rules: list[tuple[int, str]] | None = None
    note: str = ""


class ProposalModal(ModalScreen[ProposalForm | None]):
    """A proposal of one of the fixed kinds: an address, on/off, or new rules; and why."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "Review", id="community_proposal.done", tooltip="Check the proposal and review the transaction"),
        Binding("escape", "cancel", "Cancel", id="community_proposal.cancel", tooltip="Close without proposing"),
    ]  # fmt: skip

    def __init__(self, title: str, rules: tuple[tuple[int, str], ...] = ()) -> None:
        super().__init__(classes="agora-modal")
        self.title_text = title
        self.rules = rules

    def compose(self) -> ComposeResult:
        from textual.widgets import Select

        from tui.core.communities.fold import ProposalKind

        kinds = [(kind.slug, kind.slug) for kind in ProposalKind]
        with Vertical(classes="write-dialog", id="community-proposal"):
            yield Static(Content(clean_line(self.title_text, 70)), classes="dialog-title")
            yield Select(kinds, value="add-mod", allow_blank=False, id="proposal-kind")
            yield Input(
                placeholder="0x address (moderators, owner) or on/off (restricted)",
                id="proposal-target",
            )
            yield Static(Content("New rules (set-rules only), one per line:"), classes="dim")
            yield TextArea("\n".join(f"{n}. {t}" for n, t in self.rules), id="proposal-rules")
            yield Input(placeholder="Why (optional)", id="proposal-note", max_length=docs.MAX_TEXT)
            yield Static("", classes="error", id="proposal-error")
            yield Static(Content("ctrl+s review · escape cancel"), classes="dialog-keys")

    def action_done(self) -> None:
        from textual.widgets import Select

        kind = str(self.query_one("#proposal-kind", Select).value)
        target = self.query_one("#proposal-target", Input).value.strip()
        rules = None
        try:
            if kind == "set-rules":
                rules = docs.parse_rules_text(self.query_one("#proposal-rules", TextArea).text)
            elif not target:
                raise ContentError(f"A {kind} proposal needs a target.")
        except ContentError as exc:
            self.query_one("#proposal-error", Static).update(Content(clean_line(exc.message, 200)))
            return
        self.dismiss(
            ProposalForm(kind, target, rules, self.query_one("#proposal-note", Input).value)
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
