"""Write a post or a reply: a text area with a live byte counter, a content warning, $EDITOR,
and a draft on disk that survives leaving the screen or the app dying.

``ctrl+s`` sends: the flow stores the document in the content store, shows the confirmation,
and only then closes this screen and deletes the draft.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static, TextArea

from tui.core.content.documents import MAX_CW, MAX_POST_TEXT
from tui.core.models import PostView
from tui.ui import flows
from tui.ui.drafts import DraftStore, draft_key
from tui.ui.editor import edit_externally
from tui.ui.web import keys_hint
from tui.ui.widgets.post_card import who

AUTOSAVE_DELAY = 0.4
"""Seconds of quiet typing after which the draft is written to disk."""


def counter_text(text: str) -> tuple[Content, bool]:
    """``"12 / 4,096 bytes · 12 characters"`` and whether the text fits."""
    size = len(text.encode("utf-8", "surrogatepass"))
    fits = size <= MAX_POST_TEXT
    line = Content.assemble(
        (f"{size:,} / {MAX_POST_TEXT:,} bytes", "" if fits else "bold $text-error"),
        f" · {len(text):,} characters",
    )
    if not fits:
        line = line + Content(f" · {size - MAX_POST_TEXT:,} bytes over the limit")
    return line, fits


class ComposeScreen(Screen[None]):
    """New post (``reply_to`` None) or reply."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send", id="compose.send", tooltip="Review and send the post"),
        Binding(
            "ctrl+g",
            "external_editor",
            "$EDITOR",
            id="compose.editor",
            tooltip="Edit the text in your $EDITOR",
        ),
        Binding(
            "ctrl+o",
            "toggle_cw",
            "Content warning",
            id="compose.cw",
            tooltip="Add or remove a content warning shown before the text",
        ),
        Binding(
            "escape",
            "close",
            "Close",
            id="compose.close",
            tooltip="Leave; the draft is kept and restored next time",
        ),
    ]

    def __init__(
        self,
        reply_to: PostView | None = None,
        *,
        drafts: DraftStore | None = None,
        key: str | None = None,
    ):
        super().__init__(classes="write-screen")
        self.reply_to = reply_to
        self.drafts = drafts or DraftStore()
        self.key = key or draft_key(reply_to.id if reply_to else 0)
        """The draft this screen edits (the Drafts screen resumes ``post-2`` and the like)."""
        self._timer: Timer | None = None
        self.sending = False

    def compose(self) -> ComposeResult:
        draft = self.drafts.load(self.key)
        title = f"Reply to post #{self.reply_to.id}" if self.reply_to else "New post"
        with Vertical(id="compose-body"):
            yield Static(Content(title), id="compose-title", classes="dialog-title")
            if self.reply_to is not None:
                parent = self.reply_to
                quote = parent.text if len(parent.text) <= 280 else parent.text[:279] + "…"
                yield Static(
                    Content.from_markup("[dim]↳[/dim] ")
                    + who(parent.author_name, parent.author, parent.name_clash)
                    + Content("\n" + quote),
                    id="compose-parent",
                )
            cw = draft.get("cw", "")
            cw_input = Input(
                cw, placeholder="Content warning (shown before the text)", id="compose-cw"
            )
            cw_input.display = bool(cw)
            cw_input.max_length = MAX_CW
            yield cw_input
            yield TextArea(
                draft.get("text", ""),
                id="compose-text",
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",
            )
            yield Static(id="compose-counter")
            yield Static(
                Content(
                    keys_hint(
                        self.app,
                        "ctrl+s send · ctrl+g $EDITOR · ctrl+o content warning · escape close",
                    )
                ),
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        area = self.query_one("#compose-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self._refresh_counter()

    # --- state ---------------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self.query_one("#compose-text", TextArea).text

    @property
    def content_warning(self) -> str:
        cw = self.query_one("#compose-cw", Input)
        return cw.value.strip() if cw.display else ""

    def _refresh_counter(self) -> None:
        line, _ = counter_text(self.text)
        self.query_one("#compose-counter", Static).update(line)

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._refresh_counter()
        self._schedule_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "compose-cw":
            self._schedule_save()

    def _schedule_save(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_DELAY, self.save_draft)

    def save_draft(self) -> None:
        """Write the draft now (also called when leaving the screen)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.sending:
            return
        cw = self.query_one("#compose-cw", Input).value
        self.drafts.save(self.key, {"text": self.text, "cw": cw})

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    # --- actions -------------------------------------------------------------------------
    def action_close(self) -> None:
        self.save_draft()
        self.dismiss(None)

    def action_toggle_cw(self) -> None:
        cw = self.query_one("#compose-cw", Input)
        cw.display = not cw.display
        if cw.display:
            cw.focus()
        else:
            self.query_one("#compose-text", TextArea).focus()
        self._schedule_save()

    def action_send(self) -> None:
        if self.sending:
            return
        text = self.text
        _, fits = counter_text(text)
        if not text.strip():
            self.notify("Write something first.", markup=False, severity="warning")
            return
        if not fits:
            self.notify(
                f"The post is over the {MAX_POST_TEXT:,}-byte limit; shorten it.",
                markup=False,
                severity="error",
            )
            return
        self.save_draft()
        self.sending = True
        reply_to = self.reply_to.id if self.reply_to else 0
        flows.start(
            self.app,
            self._send_flow(text, reply_to, self.content_warning),
        )

    async def _send_flow(self, text: str, reply_to: int, cw: str) -> None:
        try:
            await flows.post(self.app, text, reply_to, cw, on_confirmed=self._sent)
        finally:
            self.sending = False

    def _sent(self) -> None:
        """The content is in the store and the user confirmed: the draft is no longer needed."""
        self.drafts.delete(self.key)
        self.sending = True  # no autosave may bring the draft back while closing
        if self.is_current:
            self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No $EDITOR key in a browser page (``agora serve``: no terminal to lend it)."""
        return not (action == "external_editor" and self.app.is_web)

    def action_external_editor(self) -> None:
        """Suspend the app, edit the text in $VISUAL/$EDITOR, and read it back."""
        area = self.query_one("#compose-text", TextArea)
        edited = edit_externally(self, area.text, prefix="agora-post-")
        if edited is None:
            return
        area.load_text(edited)
        area.move_cursor(area.document.end)
        self._refresh_counter()
        self.save_draft()
