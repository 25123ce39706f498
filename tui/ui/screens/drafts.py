"""The Drafts screen: every unsent post, reply and article, to resume or delete.

The list reads ``tui.core.drafts`` (the files the editors autosave), so it shows what
``agora drafts`` prints. Deleting asks for the key twice: a draft holds words the user wrote
and nothing else keeps them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.drafts import DraftInfo, DraftStore, draft_community, format_when, parse_when
from tui.core.errors import AgoraError, UsageError
from tui.core.text import clean_line
from tui.ui.timefmt import relative_time
from tui.ui.widgets.status_bar import bottom_bars


def draft_row(draft: DraftInfo, now: float) -> Content:
    """``reply to #12 · 3m · first words`` — the preview sanitised, on one line; a scheduled
    draft starts with ``◷ scheduled for …``."""
    what = {"post": "post", "article": "article"}.get(draft.kind, f"reply to #{draft.reply_to}")
    if draft.kind == "community":
        community = draft_community(draft.key)
        what = f"community #{community}" if community else "new community"
    schedule: Content | str = ""
    if draft.scheduled_at:
        schedule = Content.styled(
            f"◷ scheduled for {format_when(draft.scheduled_at)}  ", "bold $warning"
        )
    return Content.assemble(
        (f"{what:<16}", "bold"),
        (f" {relative_time(draft.saved_at, now):>6}  ", "dim"),
        schedule,
        clean_line(draft.preview, 200) or ("(no text yet)", "dim italic"),
    )


class ScheduleModal(ModalScreen[int | None]):
    """When to send a draft: a delay, a UTC time or date; empty removes the schedule.

    Returns the unix time (0 = no schedule) or None when cancelled.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="schedule.cancel", tooltip="Back, unchanged"),
    ]

    def __init__(self, current: int) -> None:
        super().__init__(classes="agora-modal")
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="schedule-dialog", classes="write-dialog"):
            yield Static(Content("Send later"), classes="dialog-title")
            yield Static(
                Content(
                    "When the time comes while Agora runs, the confirmation opens: nothing is "
                    "signed before you accept it."
                ),
                classes="dim",
            )
            now = format_when(self.current) if self.current else ""
            yield Input(
                now.removesuffix(" UTC"),
                placeholder="10m, 2h, 1d, 09:30 or 2026-12-05 09:30 (UTC)",
                id="schedule-when",
            )
            yield Static(Content(""), id="schedule-error", classes="error")
            yield Static(
                Content("enter schedule (empty: no schedule) · escape cancel"),
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        app: Any = self.app
        value = event.value.strip()
        if not value:
            self.dismiss(0)
            return
        try:
            self.dismiss(parse_when(value, app.now()))
        except UsageError as exc:
            self.query_one("#schedule-error", Static).update(Content(str(exc)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class DraftsScreen(Screen[None]):
    """Enter resumes the highlighted draft in its editor; ``t`` schedules it; ``d`` twice deletes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="drafts.back", tooltip="Back"),
        Binding("enter", "resume", "Resume", id="drafts.resume", tooltip="Open the draft in its editor"),
        Binding("d", "delete", "Delete", id="drafts.delete", tooltip="Delete the draft (press twice)"),
        Binding("t", "schedule", "Send later", id="drafts.schedule", tooltip="Schedule the post or reply (confirmed when due)"),
    ]  # fmt: skip

    def __init__(self, *, drafts: DraftStore | None = None) -> None:
        super().__init__()
        self.drafts = drafts or DraftStore()
        self.items: list[DraftInfo] = []
        self._armed: str | None = None
        """The draft a first ``d`` asked about; a second ``d`` on it deletes."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Drafts"), classes="screen-title")
        yield Static(Content(""), id="drafts-summary")
        yield OptionList(id="drafts-list")
        yield bottom_bars()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the drafts again (an editor closed, or one was deleted)."""
        app: Any = self.app
        self.items = self.drafts.list()
        self._armed = None
        options = self.query_one(OptionList)
        before = self.current()
        index = options.highlighted or 0
        options.clear_options()
        options.add_options([Option(draft_row(d, app.now()), id=d.key) for d in self.items])
        keys = [d.key for d in self.items]
        if before is not None and before.key in keys:  # the same draft stays highlighted
            index = keys.index(before.key)
        if self.items:
            options.highlighted = min(index, len(self.items) - 1)
        count = len(self.items)
        self.query_one("#drafts-summary", Static).update(
            Content(
                f"{count} unsent draft{'s' if count != 1 else ''} — enter resumes, t sends later, "
                "d d deletes"
                if count
                else "No drafts: what you write and do not send is kept here."
            )
        )

    def current(self) -> DraftInfo | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.items):
            return None
        return self.items[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_resume()

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self._armed = None

    def action_resume(self) -> None:
        draft = self.current()
        if draft is None:
            return
        from tui.ui.screens.article_editor import ArticleEditorScreen
        from tui.ui.screens.compose import ComposeScreen

        if draft.kind == "article":
            self.app.push_screen(ArticleEditorScreen(drafts=self.drafts))
        elif draft.kind == "community":  # its dialog fills itself in when opened again
            app: Any = self.app
            community = draft_community(draft.key)
            if community:
                app.action_open_community(community)
            else:
                app.action_communities()
            self.notify(
                "Open the same dialog there (post, reply, appeal, reason, fork or proposal): "
                "the text is waiting in it.",
                markup=False,
            )
        elif draft.kind == "post":
            self.app.push_screen(ComposeScreen(drafts=self.drafts, key=draft.key))
        else:
            self._resume_reply(draft.reply_to, draft.key)

    @work(thread=True, exclusive=True, group="drafts-reply", exit_on_error=False)
    def _resume_reply(self, post_id: int, key: str) -> None:
        """A reply needs its parent post (shown above the text), read from the index."""
        app: Any = self.app
        try:
            parent = app.backend.thread(post_id).post
        except (AgoraError, KeyError, LookupError) as exc:
            self.app.call_from_thread(
                self.notify,
                clean_line(f"Cannot open post #{post_id}: {exc} The draft is kept.", 300),
                markup=False,
                severity="warning",
            )
            return
        from tui.ui.screens.compose import ComposeScreen

        self.app.call_from_thread(
            self.app.push_screen, ComposeScreen(reply_to=parent, drafts=self.drafts, key=key)
        )

    def action_schedule(self) -> None:
        draft = self.current()
        if draft is None:
            return
        if draft.kind == "article":
            self.notify(
                "Articles cannot be scheduled: publishing asks for the edition terms.",
                markup=False,
                severity="warning",
            )
            return

        def chosen(when: int | None) -> None:
            if when is None:
                return
            try:
                self.drafts.schedule(draft.key, when)
            except AgoraError as exc:
                self.notify(clean_line(str(exc), 300), markup=False, severity="error")
                return
            self.notify(
                f"Scheduled for {format_when(when)}: the confirmation opens then."
                if when
                else "No longer scheduled; kept as a draft.",
                markup=False,
                title="Send later",
            )
            self.reload()

        self.app.push_screen(ScheduleModal(draft.scheduled_at), chosen)

    def action_delete(self) -> None:
        draft = self.current()
        if draft is None:
            return
        if self._armed != draft.key:
            self._armed = draft.key
            self.notify(
                "Press d again to delete this draft; its words are not kept anywhere else.",
                markup=False,
                title="Delete draft?",
            )
            return
        self.drafts.delete(draft.key)
        self.notify(f"Deleted draft {draft.key}.", markup=False)
        self.reload()
