"""Write a post or a reply: a text area with a live byte counter, a content warning, $EDITOR,
and a draft on disk that survives leaving the screen or the app dying.

``ctrl+s`` sends: the flow stores the document in the content store, shows the confirmation,
and only then closes this screen and deletes the draft.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static, TextArea

from tui.core.content.documents import MAX_ATTACHMENTS, MAX_CW, MAX_POST_TEXT, Attachment
from tui.core.images.attachments import ATTACHMENTS_FIELD, draft_attachments, draft_field
from tui.core.models import PostView
from tui.core.text import clean_line
from tui.ui import flows
from tui.ui.accounts import who
from tui.ui.drafts import DraftStore, draft_key
from tui.ui.editor import edit_externally
from tui.ui.web import keys_hint

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
        Binding(
            "ctrl+l",
            "attach",
            "Attach image",
            id="compose.attach",
            tooltip="Attach an image (a file path and its alt text)",
            show=False,
        ),
        Binding(
            "ctrl+r",
            "detach",
            "Remove image",
            id="compose.detach",
            tooltip="Remove the last attached image",
            show=False,
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
        self.attachments: list[Attachment] = []
        """Images checked and in the content store, kept in the draft."""

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
            self.attachments = list(draft_attachments(draft.get(ATTACHMENTS_FIELD, "")))
            yield Static(id="compose-attachments")
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
        self._refresh_attachments()

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
        fields = {"text": self.text, "cw": cw}
        if self.attachments:
            fields[ATTACHMENTS_FIELD] = draft_field(tuple(self.attachments))
        self.drafts.save(self.key, fields)

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
            self._send_flow(text, reply_to, self.content_warning, tuple(self.attachments)),
        )

    async def _send_flow(
        self, text: str, reply_to: int, cw: str, attachments: tuple[Attachment, ...] = ()
    ) -> None:
        try:
            await flows.post(
                self.app, text, reply_to, cw, on_confirmed=self._sent, attachments=attachments
            )
        finally:
            self.sending = False

    def _sent(self) -> None:
        """The content is in the store and the user confirmed: the draft is no longer needed."""
        self.drafts.delete(self.key)
        self.sending = True  # no autosave may bring the draft back while closing
        if self.is_current:
            self.dismiss(None)

    # --- images ----------------------------------------------------------------------------
    def _refresh_attachments(self) -> None:
        """One line per image (type, size, pixels, alt); hidden while there are none."""
        shown = self.query_one("#compose-attachments", Static)
        shown.display = bool(self.attachments)
        lines = [
            Content.from_markup(
                "[$accent]▣[/] $n. $mime · $size · $dims · $alt",
                n=str(n),
                mime=a.mime,
                size=f"{a.bytes:,} bytes" if a.bytes < 10_240 else f"{a.bytes / 1024:.0f} KiB",
                dims=f"{a.width}×{a.height}",
                alt=clean_line(a.alt, 60) or "no alt text",
            )
            for n, a in enumerate(self.attachments, 1)
        ]
        if lines:
            lines.append(Content.styled("ctrl+l attach another · ctrl+r remove the last", "dim"))
        shown.update(Content("\n").join(lines))

    def action_attach(self) -> None:
        if len(self.attachments) >= MAX_ATTACHMENTS:
            self.notify(f"At most {MAX_ATTACHMENTS} images per post.", markup=False)
            return
        from tui.ui.screens.attach_image import AttachImageModal

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self._check_image(*answer)

        self.app.push_screen(AttachImageModal(), chosen)

    @work(thread=True, exclusive=True, group="compose-attach", exit_on_error=False)
    def _check_image(self, path: str, alt: str) -> None:
        """Read, check (sandboxed decode) and store the file, off the event loop."""
        from pathlib import Path

        from tui.core.errors import AgoraError
        from tui.core.images.attachments import read_image
        from tui.ui.backends.images import images_for

        try:
            image = read_image(Path(path).expanduser(), alt)
            images_for(self.app.backend).store(image.data)  # type: ignore[attr-defined]
        except AgoraError as exc:
            message = clean_line(exc.message, 300)
            if exc.hint:
                message += " " + clean_line(exc.hint, 200)
            self.app.call_from_thread(
                self.notify, message, title="Image not attached", severity="error", markup=False
            )
            return
        except Exception as exc:  # a bug, not the file: say so instead of failing silently
            self.app.call_from_thread(
                self.notify,
                f"The image could not be attached ({type(exc).__name__}: {clean_line(str(exc), 200)}).",
                title="Image not attached",
                severity="error",
                markup=False,
            )
            return
        self.app.call_from_thread(self._attached, image.attachment)

    def _attached(self, attachment: Attachment) -> None:
        if len(self.attachments) >= MAX_ATTACHMENTS:
            return
        self.attachments.append(attachment)
        self._refresh_attachments()
        self.save_draft()

    def action_detach(self) -> None:
        if not self.attachments:
            self.notify("No image is attached.", markup=False)
            return
        removed = self.attachments.pop()
        self._refresh_attachments()
        self.save_draft()
        self.notify(
            f"Removed the image {clean_line(removed.alt, 60) or removed.cid[:16]}.", markup=False
        )

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
