"""Read an article (verified Markdown, links never opened blindly) and collect an edition.

The body is loaded, bounded and highlighted in a thread worker, then mounted a few blocks at a
time (``ArticleBody``), so a hostile body never freezes the app; one past the caps is shown as
plain text under a notice. A body that is unavailable or invalid is shown as such, never as a
crash. Links go through LinkModal, collecting through the confirm → submit flow.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Markdown, Static

from tui.core.content.documents import Attachment
from tui.core.errors import AgoraError
from tui.core.images.attachments import markdown_images
from tui.core.models import ArticleView
from tui.core.units import format_eth
from tui.ui import flows
from tui.ui.latest import call_latest
from tui.ui.pending import NO_PENDING, PendingActions, pending_of
from tui.ui.widgets.article_body import ArticleBody, PreparedBody, prepare_body
from tui.ui.widgets.post_images import PostImages


def owned_text(article: ArticleView) -> str:
    """``you own edition #41`` ("" when the account holds none)."""
    if not article.owned_editions:
        return ""
    marks = ", ".join(f"#{e}" for e in article.owned_editions)
    return f"you own edition{'s' if len(article.owned_editions) > 1 else ''} {marks}"


def edition_line(article: ArticleView) -> str:
    """Price and editions left (and the editions the user owns), as the reader shows them."""
    left = article.editions_left
    owned = owned_text(article)
    if left is None:
        return "Not collectable" + (f" · {owned}" if owned else "")
    price = "free" if article.price_wei == 0 else format_eth(article.price_wei)
    if article.unlimited:
        line = f"Edition price {price} · unlimited editions ({article.editions:,} collected)"
    elif left == 0:
        line = f"Sold out ({article.max_editions:,} editions)"
    else:
        line = f"Edition price {price} · {left:,} of {article.max_editions:,} left"
    return line + (f" · {owned}" if owned else "")


def byline(article: ArticleView) -> Content:
    """The author, and the current holder when the token changed hands: editions pay them."""
    from tui.core.ens.verified import verified_name

    ens = verified_name(article.author)
    shown = (f"{ens} ✓", "bold $success") if ens else (article.author_name or "anonymous", "bold")
    line = Content.assemble("by ", shown, " ", (article.author, "dim"))
    if article.owner and article.owner != article.author:
        line += Content.assemble(
            "\nheld by ",
            (article.owner_name or "anonymous", "bold"),
            " ",
            (article.owner, "dim"),
            (" (a collect pays the holder)", "dim italic"),
        )
    return line


def edition_content(article: ArticleView, pending: PendingActions = NO_PENDING) -> Content:
    """The edition line, with ``◷ collecting`` while the user's own collect is unconfirmed."""
    line = Content(edition_line(article))
    if pending.collecting(article.id):
        line += Content.from_markup("  [$warning b]◷ collecting[/]")
    return line


class ArticleReaderScreen(Screen[None]):
    """One article, its author, its edition terms and its body."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c",
            "collect",
            "Collect",
            id="reader.collect",
            tooltip="Collect an edition of this article (asks for confirmation)",
        ),
        Binding("escape", "close", "Back", id="reader.close", tooltip="Back to the list"),
        Binding("j,down", "scroll('down')", "Down", id="reader.down", tooltip="Scroll down a line", show=False),
        Binding("k,up", "scroll('up')", "Up", id="reader.up", tooltip="Scroll up a line", show=False),
        Binding("space,pagedown", "scroll('page_down')", "Page down", id="reader.page_down", tooltip="Scroll down a page", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", id="reader.page_up", tooltip="Scroll up a page", show=False),
        Binding("g,home", "scroll('home')", "Top", id="reader.top", tooltip="Go to the start of the article", show=False, priority=True),
        Binding("G,end", "scroll('end')", "End", id="reader.end", tooltip="Go to the end of the article", show=False, priority=True),
    ]  # fmt: skip

    def __init__(self, article: ArticleView) -> None:
        super().__init__(classes="write-screen")
        self.article = article
        self.pending: PendingActions = NO_PENDING
        """The user's own unconfirmed actions (◷ collecting), read with each refresh."""

    def reload_after_write(self) -> None:
        """The user's own write was sent or indexed (a collect): show ◷ / the editions left."""
        self.refresh_article()

    @work(thread=True, exclusive=True, group="reader-article", exit_on_error=False)
    def refresh_article(self) -> None:
        app: Any = self.app
        self.pending = pending_of(app.backend)
        try:
            found = [
                a
                for a in app.backend.articles(author=self.article.author)
                if a.id == self.article.id
            ]
        except AgoraError:
            found = []  # the old line stays; the status bar says why the index is unreachable
        call_latest(self.app, self._show_article, found[0] if found else self.article)

    def _show_article(self, article: ArticleView) -> None:
        self.article = article
        self.query_one("#reader-author", Static).update(byline(article))
        self.query_one("#reader-editions", Static).update(edition_content(article, self.pending))

    def compose(self) -> ComposeResult:
        art = self.article
        yield Static(Content(art.title or "(untitled)"), classes="dialog-title", id="reader-title")
        yield Static(byline(art), id="reader-author")
        if art.description:
            yield Static(Content(art.description), id="reader-summary")
        yield Static(Content(edition_line(art)), id="reader-editions")
        with VerticalScroll(id="reader-scroll"):
            yield Static(Content("Loading…"), id="reader-status")
            yield ArticleBody(id="reader-body")
            yield PostImages(id="reader-images")
        yield Static(
            Content("c collect · j/k scroll · g/G top/end · escape back"), classes="dialog-keys"
        )

    def on_mount(self) -> None:
        self.load_body()
        self.load_pending()

    @work(thread=True, exclusive=True, group="reader-pending", exit_on_error=False)
    def load_pending(self) -> None:
        """Only a marker: the article itself is already known, so it is not re-read."""
        app: Any = self.app
        pending = pending_of(app.backend)
        if not pending.empty:
            self.pending = pending
            call_latest(self.app, self._show_article, self.article)

    @work(thread=True, exclusive=True, group="article-body", exit_on_error=False)
    def load_body(self) -> None:
        """Read, bound and highlight the body here, off the event loop."""
        app: Any = self.app
        try:
            text = app.backend.article_body(self.article)
            body = prepare_body(text, ansi=app.native_ansi_color, dark=app.current_theme.dark)
            images = markdown_images(text)
        except AgoraError as exc:
            self.app.call_from_thread(self._show_problem, f"Unavailable: {exc}")
            return
        except Exception:
            self.app.call_from_thread(
                self._show_problem, "Unavailable: the body could not be read."
            )
            return
        self.app.call_from_thread(self._start_body, body, images)

    def _start_body(self, body: PreparedBody, images: tuple[Attachment, ...] = ()) -> None:
        if self.is_attached:  # Escape may have closed the reader while the body was read
            self.show_body(body)
            self.query_one("#reader-images", PostImages).show_images(self.article.cid, images)

    @work(exclusive=True, group="article-show")
    async def show_body(self, body: PreparedBody) -> None:
        """Mount the body chunk by chunk; closing the reader cancels this worker."""
        self.query_one("#reader-status", Static).display = False
        await self.query_one("#reader-body", ArticleBody).show(body)

    def _show_problem(self, message: str) -> None:
        self.query_one("#reader-status", Static).update(Content(message))

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        from tui.ui.screens.link import LinkModal

        event.prevent_default()
        self.app.push_screen(LinkModal(event.href))

    def action_collect(self) -> None:
        flows.start(self.app, flows.collect(self.app, self.article))

    def action_scroll(self, where: str) -> None:
        """Vim-style and paging keys move the body (Markdown widgets take no focus here)."""
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        if where == "down":
            scroll.scroll_down(animate=False)
        elif where == "up":
            scroll.scroll_up(animate=False)
        elif where == "page_down":
            scroll.scroll_page_down(animate=False)
        elif where == "page_up":
            scroll.scroll_page_up(animate=False)
        elif where == "home":
            scroll.scroll_home(animate=False)
        else:
            scroll.scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
