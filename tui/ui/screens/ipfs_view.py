"""An ipfs:// link opened inside Agora: fetched in a worker, verified against its CID, shown safely.

The backend fetches the block (local store first, then gateways; every byte hashed against the
CID; size capped) and classifies it. This screen only renders the sanitised result: an Agora
post, profile or article (its Markdown body verified the same way) as elsewhere in Agora, any
other UTF-8 text as plain text, never as markup; refusals and failures say why. Bodies and
plain text are bounded and prepared in the fetch worker and mounted a chunk at a time
(``ArticleBody``), so a large block never freezes the app.
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

from tui.core.content.markdown_bounds import BoundedBody, plain_chunks
from tui.core.text import clean_line
from tui.ui.ipfs import FetchedContent, FetchOutcome
from tui.ui.widgets.article_body import ArticleBody, PreparedBody, prepare_body

PROBLEM = {
    FetchOutcome.INVALID: (
        "[$error b]✗ invalid content[/]",
        "The bytes do not match the CID, so they were discarded and are not shown.",
    ),
    FetchOutcome.UNAVAILABLE: (
        "[$warning b]? unavailable[/]",
        "Neither the local store nor any gateway had this content (it may appear later).",
    ),
    FetchOutcome.TOO_LARGE: ("[$error b]✗ refused: too large[/]", ""),
    FetchOutcome.BINARY: ("[$error b]✗ refused: not text[/]", ""),
    FetchOutcome.UNSUPPORTED: ("[$error b]✗ refused: unsupported CID[/]", ""),
}
KIND = {
    FetchOutcome.POST: "Agora post",
    FetchOutcome.PROFILE: "Agora profile",
    FetchOutcome.ARTICLE: "Agora article",
    FetchOutcome.TEXT: "plain text",
}


def status_content(result: FetchedContent) -> Content:
    """``✓ verified · Agora post · 123 bytes from the local store``, or why nothing is shown."""
    if result.outcome.shown:
        return Content.from_markup(
            "[$success b]✓ verified[/] [dim]· $kind · $size bytes from $source[/dim]",
            kind=KIND[result.outcome],
            size=f"{result.size:,}",
            source=result.source or "?",
        )
    badge, why = PROBLEM[result.outcome]
    lines = [Content.from_markup(badge)]
    if why:
        lines.append(Content(why))
    if result.detail:
        lines.append(Content.from_markup("[dim]$detail[/dim]", detail=result.detail))
    return Content("\n").join(lines)


def body_content(result: FetchedContent, revealed: bool) -> Content:
    """The document itself, as plain Content built from sanitised fields (never markup)."""
    outcome = result.outcome
    if outcome is FetchOutcome.POST:
        if result.detail and not revealed:
            return Content.from_markup(
                "[$warning]⚠ CW: $cw[/] [dim](press c to show)[/]", cw=result.detail
            )
        return Content(result.text)
    if outcome is FetchOutcome.PROFILE:
        lines = [Content.from_markup("[b]$name[/b]", name=result.title or "(no name)")]
        if result.text:
            lines.append(Content(result.text))
        if result.detail:
            lines.append(Content.from_markup("[dim]links:[/dim]\n$links", links=result.detail))
        return Content("\n").join(lines)
    if outcome is FetchOutcome.ARTICLE:
        lines = [Content.from_markup("[b]$title[/b]", title=result.title or "(untitled)")]
        if result.text:
            lines.append(Content.from_markup("[i]$summary[/i]", summary=result.text))
        return Content("\n").join(lines)
    return Content("")  # plain text is shown by ArticleBody, a chunk at a time


class IpfsScreen(Screen[None]):
    """Opened from the link modal ("open in Agora") for ipfs://<cid> and /ipfs/<cid> links."""

    DEFAULT_CSS = """
    IpfsScreen #ipfs-cid, IpfsScreen #ipfs-status { padding: 0 1; height: auto; }
    IpfsScreen #ipfs-scroll { height: 1fr; }
    IpfsScreen #ipfs-text { padding: 1 1 0 1; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="ipfs.close", tooltip="Back to where the link was"),
        Binding("c", "reveal", "Show CW", id="ipfs.reveal", tooltip="Show text behind a content warning"),
        Binding("y", "copy_cid", "Copy CID", id="ipfs.copy", tooltip="Copy the ipfs:// link"),
    ]  # fmt: skip

    def __init__(self, cid: str) -> None:
        super().__init__(classes="write-screen")
        self.cid = cid
        self.result: FetchedContent | None = None
        self.revealed = False

    def compose(self) -> ComposeResult:
        yield Static(Content("IPFS content"), classes="dialog-title")
        yield Static(Content(f"ipfs://{clean_line(self.cid, 120)}"), id="ipfs-cid")
        yield Static(Content("Fetching and verifying…"), id="ipfs-status")
        with VerticalScroll(id="ipfs-scroll"):
            yield Static(Content(""), id="ipfs-text")
            yield ArticleBody(id="ipfs-body")
        yield Static(Content("c show CW · y copy link · escape back"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.fetch()

    @work(thread=True, exclusive=True, group="ipfs-fetch", exit_on_error=False)
    def fetch(self) -> None:
        """Network and hashing off the event loop; an article's body is verified the same way."""
        app: Any = self.app
        backend: Any = getattr(app, "backend", None)
        shown: PreparedBody | None = None
        try:
            result: FetchedContent = backend.fetch_verified(self.cid)
            body: FetchedContent | None = None
            if result.outcome is FetchOutcome.ARTICLE and result.body_cid:
                body = backend.fetch_verified(result.body_cid)
                if body.outcome is FetchOutcome.TEXT:
                    theme = {"ansi": app.native_ansi_color, "dark": app.current_theme.dark}
                    shown = prepare_body(body.text, **theme)
            elif result.outcome is FetchOutcome.TEXT:
                shown = PreparedBody(BoundedBody(plain_chunks(result.text), plain=True))
        except Exception:  # a backend bug must show as "unavailable", not kill the screen
            result = FetchedContent(
                self.cid, FetchOutcome.UNAVAILABLE, detail="The content could not be read."
            )
            body = shown = None
        self.app.call_from_thread(self._show, result, body, shown)

    def _show(
        self, result: FetchedContent, body: FetchedContent | None, shown: PreparedBody | None
    ) -> None:
        if not self.is_attached:  # closed while fetching
            return
        self.result = result
        self.query_one("#ipfs-status", Static).update(status_content(result))
        self.query_one("#ipfs-text", Static).update(body_content(result, self.revealed))
        if shown is not None:
            self.show_body(shown)
        if result.outcome is not FetchOutcome.ARTICLE or shown is not None:
            return
        text = self.query_one("#ipfs-text", Static)
        problem = (
            status_content(body)
            if body is not None
            else Content.from_markup("[$warning]The article names no body.[/]")
        )
        text.update(
            body_content(result, self.revealed)
            + Content.from_markup("\n\n[dim]Body:[/dim] ")
            + problem
        )

    @work(exclusive=True, group="ipfs-show")
    async def show_body(self, shown: PreparedBody) -> None:
        """Mount the body or text chunk by chunk; closing the screen cancels this worker."""
        await self.query_one("#ipfs-body", ArticleBody).show(shown)

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        from tui.ui.screens.link import LinkModal

        event.prevent_default()
        self.app.push_screen(LinkModal(event.href))

    def action_reveal(self) -> None:
        result = self.result
        if result is None or result.outcome is not FetchOutcome.POST or not result.detail:
            return
        self.revealed = not self.revealed
        self.query_one("#ipfs-text", Static).update(body_content(result, self.revealed))

    def action_copy_cid(self) -> None:
        link = f"ipfs://{self.cid}"
        self.app.copy_to_clipboard(link)
        self.notify(link, title="Link copied", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
