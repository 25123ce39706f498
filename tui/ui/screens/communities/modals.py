"""Dialogs of the Communities screens: a reason from the numbered rules, a community form
(create and fork), and a text box (a community post, an appeal). Each returns its value on
``ctrl+s`` or None on ``escape``; the transaction itself goes through ConfirmModal after.

What is typed in them is a draft on disk (``tui.core.drafts``, like compose's): saved a moment
after each change and on ``escape``, filled back in when the same dialog opens again (the same
community, action and target), and deleted only once its transaction is confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Checkbox, Input, SelectionList, Static, TextArea

from tui.core.communities import documents as docs
from tui.core.drafts import DraftStore
from tui.core.errors import ContentError
from tui.core.text import clean_line, is_digits

AUTOSAVE_DELAY = 0.4
"""Seconds after the last change before the draft is written (compose waits as long)."""


class DraftKept:
    """A dialog whose fields are kept as a draft named ``draft_key`` ("" keeps nothing).

    Subclasses say what their fields hold (``draft_fields``) and how to fill them back
    (``restore``); this writes the draft after changes and on cancel, and ``sent`` deletes it.
    """

    draft_key: str = ""
    _draft_timer: Timer | None = None
    _restoring = False

    def draft_fields(self) -> dict[str, str]:
        raise NotImplementedError

    def restore(self, fields: dict[str, str]) -> None:
        raise NotImplementedError

    def load_draft(self) -> None:
        """Fill the fields from the kept draft (call once the widgets are mounted)."""
        if not self.draft_key:
            return
        fields = DraftStore().load(self.draft_key)
        if fields:
            self._restoring = True
            try:
                self.restore(fields)
            finally:
                self.call_after_refresh(self._restored)

    def _restored(self) -> None:
        self._restoring = False

    def save_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.draft_key:
            DraftStore().save(self.draft_key, self.draft_fields())

    def _changed(self) -> None:
        if not self.draft_key or self._restoring:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(AUTOSAVE_DELAY, self.save_draft)

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._changed()

    def on_checkbox_changed(self, _event: Checkbox.Changed) -> None:
        self._changed()

    def on_selection_list_selected_changed(self, _event: Any) -> None:
        self._changed()

    def on_unmount(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()

    # Provided by Textual's Screen, which every subclass also is.
    call_after_refresh: Any
    set_timer: Any

    @staticmethod
    def sent(key: str) -> None:
        """Forget the draft ``key`` once its transaction was confirmed."""
        if key:
            DraftStore().delete(key)


@dataclass(frozen=True)
class Reason:
    rules: tuple[int, ...]
    note: str = ""


class RuleReasonModal(DraftKept, ModalScreen[Reason | None]):
    """Pick the rules an action cites (space toggles) and add a short note; never a quote."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "Done", id="community_reason.done", tooltip="Use these rules as the reason"),
        Binding("escape", "cancel", "Cancel", id="community_reason.cancel", tooltip="Close without acting"),
    ]  # fmt: skip

    def __init__(
        self, title: str, rules: tuple[tuple[int, str], ...], *, need_rule: bool = True,
        draft_key: str = "",
    ) -> None:  # fmt: skip
        super().__init__(classes="agora-modal")
        self.title_text = title
        self.rules = rules
        self.need_rule = need_rule
        self.draft_key = draft_key

    def draft_fields(self) -> dict[str, str]:
        picked = sorted(self.query_one(SelectionList).selected)
        note = self.query_one("#reason-note", Input).value
        # Picked rules alone are no text to keep: a draft exists once a note is written.
        return {"note": note, "rules": ",".join(str(n) for n in picked) if note else ""}

    def restore(self, fields: dict[str, str]) -> None:
        self.query_one("#reason-note", Input).value = fields.get("note", "")
        picks = self.query_one(SelectionList)
        for part in fields.get("rules", "").split(","):
            if is_digits(part) and int(part) in {n for n, _ in self.rules}:
                picks.select(int(part))

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
        self.load_draft()
        self.query_one(SelectionList).focus()

    def action_done(self) -> None:
        chosen = tuple(sorted(self.query_one(SelectionList).selected))
        if self.need_rule and not chosen:
            self.query_one("#reason-error", Static).update(Content("Pick at least one rule."))
            self.query_one(SelectionList).focus()  # where space picks one
            return
        self.save_draft()
        self.dismiss(Reason(chosen, self.query_one("#reason-note", Input).value))

    def action_cancel(self) -> None:
        self.save_draft()
        self.dismiss(None)


@dataclass(frozen=True)
class CommunityForm:
    name: str
    goal: str
    rules: list[tuple[int, str]]
    restricted: bool = False
    vote: bool = False


class CommunityFormModal(DraftKept, ModalScreen[CommunityForm | None]):
    """Name, goal, numbered rules (one per line), restricted and governance: create or fork."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "Review", id="community_form.done", tooltip="Check the form and review the transaction"),
        Binding("escape", "cancel", "Cancel", id="community_form.cancel", tooltip="Close without creating"),
    ]  # fmt: skip

    def __init__(
        self, title: str, rules: tuple[tuple[int, str], ...] = (), name: str = "",
        *, draft_key: str = "",
    ) -> None:  # fmt: skip
        super().__init__(classes="agora-modal")
        self.title_text = title
        self.rules = rules
        self.initial_name = name
        self.draft_key = draft_key

    def _rules_text(self) -> str:
        return "\n".join(f"{n}. {text}" for n, text in self.rules) or "1. Be kind\n"

    def draft_fields(self) -> dict[str, str]:
        name = self.query_one("#form-name", Input).value
        goal = self.query_one("#form-goal", Input).value
        rules = self.query_one("#form-rules", TextArea).text
        if name == self.initial_name and not goal and rules == self._rules_text():
            return {}  # only what the dialog filled in itself: nothing written yet
        flags = {
            "restricted": self.query_one("#form-restricted", Checkbox).value,
            "vote": self.query_one("#form-vote", Checkbox).value,
        }
        return {
            "name": name, "goal": goal, "rules": rules,
            **{key: "1" if on else "" for key, on in flags.items()},
        }  # fmt: skip

    def restore(self, fields: dict[str, str]) -> None:
        self.query_one("#form-name", Input).value = fields.get("name", self.initial_name)
        self.query_one("#form-goal", Input).value = fields.get("goal", "")
        if fields.get("rules", "").strip():
            self.query_one("#form-rules", TextArea).text = fields["rules"]
        self.query_one("#form-restricted", Checkbox).value = bool(fields.get("restricted"))
        self.query_one("#form-vote", Checkbox).value = bool(fields.get("vote"))

    def compose(self) -> ComposeResult:
        rules_text = self._rules_text()
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
        self.load_draft()
        self.query_one("#form-name", Input).focus()

    def action_done(self) -> None:
        self.save_draft()
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
        self.save_draft()
        self.dismiss(None)


class TextModal(DraftKept, ModalScreen[str | None]):
    """A few lines of text: a post into a community, or an appeal."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "Send", id="community_text.done", tooltip="Review and send"),
        Binding("escape", "cancel", "Cancel", id="community_text.cancel", tooltip="Close; the text is kept for next time"),
    ]  # fmt: skip

    kept: ClassVar[dict[str, str]] = {}
    """Unsent text by dialog title, for dialogs without a draft key (kept while Agora runs)."""

    def __init__(self, title: str, context: str = "", *, draft_key: str = "") -> None:
        super().__init__(classes="agora-modal")
        self.title_text = title
        self.context = context
        self.draft_key = draft_key

    def draft_fields(self) -> dict[str, str]:
        return {"text": self.query_one(TextArea).text}

    def restore(self, fields: dict[str, str]) -> None:
        area = self.query_one(TextArea)
        area.text = fields.get("text", "")
        area.move_cursor(area.document.end)

    def compose(self) -> ComposeResult:
        with Vertical(classes="write-dialog", id="community-text"):
            yield Static(Content(clean_line(self.title_text, 70)), classes="dialog-title")
            if self.context:
                yield Static(Content(clean_line(self.context, 200)), classes="dim")
            kept = "" if self.draft_key else self.kept.get(self.title_text, "")
            yield TextArea(kept, id="text-body")
            yield from self.more_fields()
            yield Static("", classes="error", id="text-error")
            yield Static(Content(self.keys_line), classes="dialog-keys")

    keys_line = "ctrl+s send · escape cancel (kept)"

    def more_fields(self) -> ComposeResult:
        """Widgets under the text (a community post's linked article); none by default."""
        yield from ()

    def on_mount(self) -> None:
        self.load_draft()
        self.query_one(TextArea).focus()

    def _keep(self) -> None:
        if self.draft_key:
            self.save_draft()
        else:
            self.kept[self.title_text] = self.query_one(TextArea).text

    def action_done(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.query_one("#text-error", Static).update(Content("Write a few words first."))
            return
        self._keep()
        self.dismiss(text)

    def action_cancel(self) -> None:
        self._keep()
        self.dismiss(None)


@dataclass(frozen=True)
class ProposalForm:
    kind: str
    """A ``ProposalKind`` slug: add-mod, remove-mod, set-owner, set-restricted, set-rules."""
    target: str = ""
    rules: list[tuple[int, str]] | None = None
    note: str = ""


class ProposalModal(DraftKept, ModalScreen[ProposalForm | None]):
    """A proposal of one of the fixed kinds: an address, on/off, or new rules; and why."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "Review", id="community_proposal.done", tooltip="Check the proposal and review the transaction"),
        Binding("escape", "cancel", "Cancel", id="community_proposal.cancel", tooltip="Close without proposing"),
    ]  # fmt: skip

    def __init__(
        self, title: str, rules: tuple[tuple[int, str], ...] = (), *, draft_key: str = ""
    ) -> None:
        super().__init__(classes="agora-modal")
        self.title_text = title
        self.rules = rules
        self.draft_key = draft_key

    def _rules_text(self) -> str:
        return "\n".join(f"{n}. {t}" for n, t in self.rules)

    def draft_fields(self) -> dict[str, str]:
        from textual.widgets import Select

        target = self.query_one("#proposal-target", Input).value
        note = self.query_one("#proposal-note", Input).value
        rules = self.query_one("#proposal-rules", TextArea).text
        if not (target.strip() or note.strip() or rules != self._rules_text()):
            return {}
        kind = str(self.query_one("#proposal-kind", Select).value)
        return {"kind": kind, "target": target, "note": note, "rules": rules}

    def restore(self, fields: dict[str, str]) -> None:
        from textual.widgets import Select

        from tui.core.communities.fold import ProposalKind

        if ProposalKind.parse(fields.get("kind", "")) is not None:
            self.query_one("#proposal-kind", Select).value = fields["kind"]
        self.query_one("#proposal-target", Input).value = fields.get("target", "")
        self.query_one("#proposal-note", Input).value = fields.get("note", "")
        if fields.get("rules", "").strip():
            self.query_one("#proposal-rules", TextArea).text = fields["rules"]

    def on_mount(self) -> None:
        self.load_draft()

    def on_select_changed(self, _event: Any) -> None:
        self._changed()

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
            yield TextArea(self._rules_text(), id="proposal-rules")
            yield Input(placeholder="Why (optional)", id="proposal-note", max_length=docs.MAX_TEXT)
            yield Static("", classes="error", id="proposal-error")
            yield Static(Content("ctrl+s review · escape cancel"), classes="dialog-keys")

    def action_done(self) -> None:
        from textual.widgets import Select

        self.save_draft()

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
        self.save_draft()
        self.dismiss(None)
