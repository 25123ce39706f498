"""An untrusted Markdown body, shown a few blocks at a time so the app never freezes on it.

``prepare_body`` runs in a thread worker: it bounds the body (``tui.core.content.markdown_bounds``)
and highlights the allow-listed code blocks within a time budget. ``ArticleBody.show`` then mounts
Markdown chunk by chunk, handing the event loop back between chunks, so keys (Escape) are
handled while a long article is still being built; a body past the caps is one ``PlainText``
under a notice. Code is never lexed on the event loop: the fence widget only looks up what the
thread highlighted, and shows plain code otherwise.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Markdown, Static
from textual.widgets._markdown import MarkdownBlock, MarkdownFence

from tui.core.content.markdown_bounds import (
    BoundedBody,
    CodeBlock,
    bound_markdown,
    highlight_language,
    plain_chunks,
)
from tui.ui.widgets.plain_text import PlainText

HIGHLIGHT_BUDGET = 0.25
"""Seconds of highlighting per body (in the thread); code past it is shown plain."""

HighlightKey = tuple[str, str, bool, bool]
"""(code, info string, ANSI colours, dark ANSI theme): what a fence is highlighted for."""


def highlight_key(code: str, info: str, ansi: bool, dark: bool) -> HighlightKey:
    """The theme colours are variables resolved when drawn, so only ANSI themes depend on dark."""
    return (code, info, ansi, dark and ansi)


@dataclass(frozen=True)
class PreparedBody:
    """A bounded body and the code the thread highlighted for the current theme."""

    body: BoundedBody
    highlights: dict[HighlightKey, Content] = field(default_factory=dict)


def highlight_blocks(
    blocks: tuple[CodeBlock, ...], *, ansi: bool, dark: bool, budget: float = HIGHLIGHT_BUDGET
) -> dict[HighlightKey, Content]:
    """Highlight the code blocks whose language is allow-listed, until the budget is spent."""
    from textual.highlight import highlight

    if ansi:
        from textual.highlight import ANSIDarkHighlightTheme, ANSILightHighlightTheme

        theme = ANSIDarkHighlightTheme if dark else ANSILightHighlightTheme
    else:
        from textual.highlight import HighlightTheme as theme  # type: ignore[assignment]
    done: dict[HighlightKey, Content] = {}
    deadline = time.monotonic() + budget
    for block in blocks:
        language = highlight_language(block.info, block.code)
        key = highlight_key(block.code, block.info, ansi, dark)
        if language is None or key in done:
            continue
        if time.monotonic() > deadline:
            break
        done[key] = highlight(block.code, language=language, theme=theme)
    return done


def prepare_body(markdown: str, *, ansi: bool = False, dark: bool = True) -> PreparedBody:
    """Bound and highlight a body: CPU work for a thread worker, never the event loop."""
    body = bound_markdown(markdown)
    highlights = {} if body.plain else highlight_blocks(body.code, ansi=ansi, dark=dark)
    return PreparedBody(body, highlights)


class SafeFence(MarkdownFence):
    """A code block that never runs a lexer on the event loop (a lexer can be quadratic)."""

    def highlight(  # type: ignore[override]
        self, code: str, language: str, ansi: bool = False, dark: bool = False
    ) -> Content:
        markdown = self._markdown
        found = (
            markdown.highlights.get(highlight_key(code, language, ansi, dark))
            if isinstance(markdown, BodyMarkdown)
            else None
        )
        return found if found is not None else Content(code)


class BodyMarkdown(Markdown):
    """One chunk of a bounded body: links reported (never opened), code highlighted ahead."""

    BLOCKS: dict[str, type[MarkdownBlock]] = {  # noqa: RUF012 (Textual declares it so)
        **Markdown.BLOCKS,
        "fence": SafeFence,
        "code_block": SafeFence,
    }

    def __init__(self, highlights: dict[HighlightKey, Content], **kwargs: object) -> None:
        super().__init__(open_links=False, **kwargs)  # type: ignore[arg-type]
        self.highlights = highlights


class ArticleBody(Vertical):
    """Where a bounded body is shown: Markdown chunks, or a notice and plain text."""

    DEFAULT_CSS = """
    ArticleBody { height: auto; }
    ArticleBody > .body-notice { padding: 0 1; margin-bottom: 1; color: $text-warning; }
    ArticleBody > .body-plain { padding: 0 1; }
    ArticleBody > BodyMarkdown { margin: 0; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.chunks_shown = 0
        """Chunks mounted so far (a long body is built over many event-loop turns)."""
        self.complete = False
        """True once every chunk is mounted."""

    @property
    def source(self) -> str:
        """The Markdown (or plain text) shown, all chunks together."""
        return "\n".join(
            child.source if isinstance(child, Markdown) else getattr(child, "plain", "")
            for child in self.children
            if not child.has_class("body-notice")
        )

    async def show(self, prepared: PreparedBody) -> None:
        """Mount the body one chunk per step; the event loop runs between steps.

        A chunk the Markdown widget fails on (a bug, not the caps) does not take the screen
        down: the whole body is shown as plain text instead, saying so.
        """
        try:
            await self._show(prepared.body, prepared.highlights)
        except Exception:
            sources = prepared.body.chunks
            fallback = BoundedBody(plain_chunks("\n".join(sources)), plain=True, failed=True)
            await self._show(fallback, {})

    async def _show(self, body: BoundedBody, highlights: dict[HighlightKey, Content]) -> None:
        import asyncio

        await self.remove_children()
        self.chunks_shown = 0
        self.complete = False
        if body.notice:
            await self.mount(Static(Content(body.notice), classes="body-notice"))
        if body.plain:  # one widget that draws only the rows on screen
            await self.mount(PlainText("\n".join(body.chunks), classes="body-plain"))
            self.chunks_shown = len(body.chunks)
        for chunk in () if body.plain else body.chunks:
            markdown = BodyMarkdown(highlights)
            await self.mount(markdown)
            await markdown.update(chunk)
            self.chunks_shown += 1
            await asyncio.sleep(0)  # let keys and timers in between chunks
        self.complete = True
