"""Write a long-form article (Markdown with a live preview), then publish it as an NFT.

The draft (title, summary, body) autosaves to ``AGORA_HOME/drafts/article.json``. Publishing
asks for an optional edition price and supply (``PublishModal``), then goes through the usual
confirm → submit flow; the draft is deleted once the content is stored and confirmed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input, Markdown, Static, TextArea

from tui.core.content.cid import MAX_BLOCK
from tui.core.content.documents import MAX_SUMMARY, MAX_TITLE
from tui.core.errors import UsageError
from tui.core.text import is_digits
from tui.core.units import parse_eth
from tui.ui import flows
from tui.ui.drafts import DraftStore
from tui.ui.editor import edit_externally
from tui.ui.web import keys_hint

ARTICLE_DRAFT = "article"
PREVIEW_DELAY = 0.3
MAX_EDITIONS = 1_000_000


class PublishModal(ModalScreen[tuple[int, int] | None]):
    """Edition price (ETH, empty = not for sale) and supply; returns (price wei, supply)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="publish.cancel", tooltip="Back to the editor"),
        Binding("enter", "next_field", "Next", id="publish.next", tooltip="From the price, on to the number of editions", show=False, priority=True),
    ]  # fmt: skip

    def __init__(self, title: str) -> None:
        super().__init__(classes="agora-modal")
        self.article_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="publish-dialog", classes="write-dialog"):
            yield Static(Content("Publish article"), classes="dialog-title")
            yield Static(Content(self.article_title), id="publish-title")
            yield Static(
                Content("Editions (optional): readers can collect a copy as an NFT."),
                classes="dim",
            )
            yield Input(placeholder="Price per edition in ETH (e.g. 0.005; 0 = free)", id="price")
            yield Input(placeholder="Number of editions (empty = not collectable)", id="supply")
            yield Static(Content(""), id="publish-error", classes="error")
            yield Static(Content("enter continue · escape back"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#price", Input).focus()

    def read(self) -> tuple[int, int]:
        """The (price wei, supply) typed; raises UsageError with what to fix."""
        price_text = self.query_one("#price", Input).value.strip()
        supply_text = self.query_one("#supply", Input).value.strip()
        price = parse_eth(price_text) if price_text else 0
        if not supply_text:
            if price:
                raise UsageError("A price needs a number of editions.")
            return 0, 0
        if not is_digits(supply_text) or not 0 < int(supply_text) <= MAX_EDITIONS:
            raise UsageError(f"Editions must be a whole number from 1 to {MAX_EDITIONS:,}.")
        return price, int(supply_text)

    def action_next_field(self) -> None:
        """Enter in the price moves on now, before the keys typed after it are delivered (as Tab
        does, tui/ui/focus.py); in the supply it submits as usual."""
        if self.focused is None or self.focused.id != "price":
            raise SkipAction()
        self.set_focus(self.query_one("#supply", Input))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "price":
            self.query_one("#supply", Input).focus()
            return
        try:
            self.dismiss(self.read())
        except UsageError as exc:
            self.query_one("#publish-error", Static).update(Content(str(exc)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ArticleEditorScreen(Screen[None]):
    """Title, summary and a Markdown body, with a live preview beside it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "publish",
            "Publish",
            id="article.publish",
            tooltip="Publish the article as an NFT (asks for price and editions)",
        ),
        Binding(
            "ctrl+g",
            "external_editor",
            "$EDITOR",
            id="article.editor",
            tooltip="Edit the body in your $EDITOR",
        ),
        Binding(
            "ctrl+t",
            "toggle_preview",
            "Preview",
            id="article.preview",
            tooltip="Show or hide the live Markdown preview",
        ),
        Binding(
            "escape",
            "close",
            "Close",
            id="article.close",
            tooltip="Leave; the draft is kept and restored next time",
        ),
    ]

    def __init__(self, *, drafts: DraftStore | None = None) -> None:
        super().__init__(classes="write-screen")
        self.drafts = drafts or DraftStore()
        self._save_timer: Timer | None = None
        self._preview_timer: Timer | None = None
        self.sending = False

    def compose(self) -> ComposeResult:
        draft = self.drafts.load(ARTICLE_DRAFT)
        yield Static(Content("New article"), classes="dialog-title")
        title = Input(draft.get("title", ""), placeholder="Title", id="article-title")
        title.max_length = MAX_TITLE
        yield title
        summary = Input(draft.get("summary", ""), placeholder="Summary", id="article-summary")
        summary.max_length = MAX_SUMMARY
        yield summary
        with Horizontal(id="article-panes"):
            yield TextArea(
                draft.get("body", ""),
                id="article-body",
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",  # Tab walks the fields; escape closes, as the footer says
            )
            with VerticalScroll(id="article-preview-pane"):
                yield Markdown(draft.get("body", ""), id="article-preview", open_links=False)
        yield Static(id="article-counter")
        yield Static(
            Content(
                keys_hint(
                    self.app, "ctrl+s publish · ctrl+g $EDITOR · ctrl+t preview · escape close"
                )
            ),
            classes="dialog-keys",
        )

    def on_mount(self) -> None:
        self.query_one("#article-title", Input).focus()
        self._refresh_counter()

    def _fields(self) -> dict[str, str]:
        return {
            "title": self.query_one("#article-title", Input).value,
            "summary": self.query_one("#article-summary", Input).value,
            "body": self.query_one("#article-body", TextArea).text,
        }

    def _refresh_counter(self) -> None:
        size = len(self.query_one("#article-body", TextArea).text.encode("utf-8"))
        style = "" if size <= MAX_BLOCK else "bold $text-error"
        self.query_one("#article-counter", Static).update(
            Content.styled(f"{size:,} / {MAX_BLOCK:,} bytes", style)
        )

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._refresh_counter()
        self._schedule_save()
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._update_preview)

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._schedule_save()

    async def _update_preview(self) -> None:
        preview = self.query_one("#article-preview", Markdown)
        body = self.query_one("#article-body", TextArea).text
        if len(body.encode("utf-8")) <= MAX_BLOCK:
            await preview.update(body)

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(0.4, self.save_draft)

    def save_draft(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self.sending:
            self.drafts.save(ARTICLE_DRAFT, self._fields())

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        from tui.ui.screens.link import LinkModal

        event.prevent_default()
        self.app.push_screen(LinkModal(event.href))

    def action_toggle_preview(self) -> None:
        pane = self.query_one("#article-preview-pane")
        pane.display = not pane.display

    def action_close(self) -> None:
        self.save_draft()
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No $EDITOR key in a browser page (``agora serve``: no terminal to lend it)."""
        return not (action == "external_editor" and self.app.is_web)

    def action_external_editor(self) -> None:
        """Suspend the app, edit the body in $VISUAL/$EDITOR, and read it back."""
        body = self.query_one("#article-body", TextArea)
        edited = edit_externally(self, body.text, prefix="agora-article-")
        if edited is None:
            return
        body.load_text(edited)
        body.move_cursor(body.document.end)
        self._refresh_counter()
        self.save_draft()

    def action_publish(self) -> None:
        if self.sending:
            return
        fields = self._fields()
        problem = ""
        if not fields["title"].strip():
            problem = "An article needs a title."
        elif not fields["body"].strip():
            problem = "The article is empty."
        elif len(fields["body"].encode("utf-8")) > MAX_BLOCK:
            problem = f"The article is over {MAX_BLOCK:,} bytes; shorten it."
        if problem:
            self.notify(problem, markup=False, severity="error")
            return
        self.save_draft()
        self.sending = True
        flows.start(self.app, self._publish_flow(fields))

    async def _publish_flow(self, fields: dict[str, str]) -> None:
        try:
            modal: Any = PublishModal(fields["title"].strip())
            terms = await self.app.push_screen_wait(modal)
            if terms is None:
                return
            price, supply = terms
            await flows.publish_article(
                self.app,
                fields["title"].strip(),
                fields["summary"].strip(),
                fields["body"],
                price,
                supply,
                on_confirmed=self._published,
            )
        finally:
            self.sending = False

    def _published(self) -> None:
        self.drafts.delete(ARTICLE_DRAFT)
        self.sending = True
        if self.is_current:
            self.dismiss(None)


def edition_terms(price_wei: int, supply: int) -> str:
    """``"100 editions at 0.005 ETH"`` / ``"not collectable"``."""
    if supply == 0:
        return "not collectable"
    return f"{supply:,} editions at {flows.price_label(price_wei)}"
