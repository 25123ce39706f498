"""Article bodies built to freeze a Markdown renderer, opened in the real app: the reader shows
them (as plain text past the caps), code is never run through a risky lexer, and Escape pressed
while a body is still being built is handled between two chunks, not after the whole body."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBlock, MarkdownFence

from tests.hostile.corpus import ARTICLES, worst_within_caps
from tui.core.content.markdown_bounds import CAPS, bound_markdown
from tui.core.text import clean_text
from tui.ui.backend import FAKE_NOW, FakeBackend
from tui.ui.factory import make_app
from tui.ui.screens.article_reader import ArticleReaderScreen
from tui.ui.widgets.article_body import ArticleBody

SIZE = (100, 30)
PLAIN = sorted(name for name, text in ARTICLES.items() if bound_markdown(text).plain)
CODE = sorted(set(ARTICLES) - set(PLAIN))
BUILT_IN_STEPS = ["worst_within_caps", "paragraphs_at_the_cap"]
"""Bodies within the caps, mounted a chunk per step: Escape must land in the middle of them."""


def _text(name: str) -> str:
    if name == "worst_within_caps":
        return worst_within_caps()
    if name == "paragraphs_at_the_cap":
        return "".join(f"Paragraph {i} with *emphasis*.\n\n" for i in range(CAPS.blocks))
    return ARTICLES[name]


class _Backend(FakeBackend):
    def __init__(self, body: str) -> None:
        super().__init__()
        self.body = body

    def article_body(self, article: Any) -> str:
        return clean_text(self.body, 256 * 1024)  # as CoreBackend returns a verified body


def _screen_text(app: Any) -> str:
    svg = app.export_screenshot()
    text = html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)))
    return text.replace("\xa0", " ")


async def _open(pilot: Any, body: str) -> ArticleReaderScreen:
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    screen = ArticleReaderScreen(app.backend.articles()[0])
    app.push_screen(screen)
    await pilot.pause()
    return screen


async def _until(condition: Callable[[], bool], steps: int = 20_000) -> None:
    """Let the event loop run until ``condition`` holds (``pilot.pause`` would wait for the
    whole body); fails after ``steps`` turns instead of hanging."""
    for _ in range(steps):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("the body never started to show")


async def _until_built(pilot: Any, screen: ArticleReaderScreen) -> ArticleBody:
    body = screen.query_one("#reader-body", ArticleBody)
    for _ in range(3):
        await screen.workers.wait_for_complete()
        await pilot.pause()
    assert body.complete
    return body


@pytest.mark.anyio
@pytest.mark.parametrize("name", PLAIN)
async def test_past_the_caps_a_notice_and_the_plain_text_in_full(name: str) -> None:
    app = make_app(backend=_Backend(ARTICLES[name]), now=FAKE_NOW, first_run=False)
    async with app.run_test(size=SIZE) as pilot:
        app.animation_level = "none"
        screen = await _open(pilot, ARTICLES[name])
        body = await _until_built(pilot, screen)
        assert "Too large to render in full" in _screen_text(app)
        assert not body.query(Markdown) and not body.query(MarkdownBlock)
        last = [line for line in clean_text(ARTICLES[name], 256 * 1024).split("\n") if line][-1]
        await pilot.press("G")
        await pilot.pause()
        assert last[-30:] in _screen_text(app).replace("\n", "")  # readable to the end
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ArticleReaderScreen)


@pytest.mark.anyio
@pytest.mark.parametrize("name", CODE)
async def test_code_in_a_risky_or_unknown_language_is_shown_plain(name: str) -> None:
    app = make_app(backend=_Backend(ARTICLES[name]), now=FAKE_NOW, first_run=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, ARTICLES[name])
        await _until_built(pilot, screen)
        fences = list(screen.query(MarkdownFence))
        assert len(fences) == 1
        assert fences[0]._highlighted_code.spans == []  # no lexer ran over it
        assert "a b" in _screen_text(app)


def test_allow_listed_code_is_still_highlighted() -> None:
    async def run() -> list[Any]:
        source = "```python\ndef f(x):\n    return x  # note\n```\n"
        app = make_app(backend=_Backend(source), now=FAKE_NOW, first_run=False)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _open(pilot, source)
            await _until_built(pilot, screen)
            app.theme = "textual-light"  # the colours are theme variables: still highlighted
            await pilot.pause()
            return list(screen.query_one(MarkdownFence)._highlighted_code.spans)

    assert asyncio.run(run())


@pytest.mark.anyio
@pytest.mark.parametrize("name", BUILT_IN_STEPS)
async def test_escape_while_a_body_is_built_is_handled_between_chunks(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _text(name)
    seen: dict[str, Any] = {}
    close = ArticleReaderScreen.action_close

    def built(screen: ArticleReaderScreen) -> int:
        body = screen.query_one("#reader-body")
        return len(body.query(MarkdownBlock)) + len(body.query(".body-plain"))

    def record(screen: ArticleReaderScreen) -> None:
        seen["built"] = built(screen)
        close(screen)

    monkeypatch.setattr(ArticleReaderScreen, "action_close", record)
    app = make_app(backend=_Backend(text), now=FAKE_NOW, first_run=False)
    async with app.run_test(size=SIZE) as pilot:
        whole = await _open(pilot, text)  # first, how much the whole body builds
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        full = built(whole)
        await pilot.press("escape")
        await pilot.pause()
        seen.clear()
        screen = ArticleReaderScreen(app.backend.articles()[0])
        app.push_screen(screen)

        def started() -> bool:
            found = screen.query("#reader-body")
            return bool(found and built(screen))

        await _until(started)
        await pilot.press("escape")
        await pilot.pause()
        assert seen, "Escape was not handled"
        assert 0 < seen["built"] < full, (seen, full)  # handled while the body was being built
        assert not isinstance(app.screen, ArticleReaderScreen)
        await app.workers.wait_for_complete()
        assert app.is_running


@pytest.mark.anyio
@pytest.mark.parametrize("name", sorted(ARTICLES))
async def test_escape_as_soon_as_a_hostile_body_shows(name: str) -> None:
    app = make_app(backend=_Backend(ARTICLES[name]), now=FAKE_NOW, first_run=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = ArticleReaderScreen(app.backend.articles()[0])
        app.push_screen(screen)
        await _until(lambda: bool(screen.query(".body-plain") or screen.query(MarkdownBlock)))
        await pilot.press("escape")
        assert not isinstance(app.screen, ArticleReaderScreen)
        await app.workers.wait_for_complete()
        assert app.is_running and type(app.screen).__name__ == "TimelineScreen"


# --- the IPFS view: a large text block or article body opened with `o` -------------------------


def _ipfs_app(data: bytes, article: bool = False) -> tuple[Any, str]:
    from tui.core.content.documents import article_metadata

    backend = FakeBackend()
    cid = backend.add_fake_block(data)
    if article:
        cid = backend.add_fake_block(article_metadata("Hostile", "A body built to freeze.", cid))
    return make_app(backend=backend, now=FAKE_NOW, first_run=False), cid


@pytest.mark.anyio
async def test_ipfs_text_block_at_full_size_is_drawn_lazily_and_readable_to_the_end() -> None:
    from tui.ui.screens.ipfs_view import IpfsScreen
    from tui.ui.widgets.plain_text import PlainText

    text = "".join(f"line {i}\n" for i in range(20_000))
    app, cid = _ipfs_app(text.encode())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = IpfsScreen(cid)
        app.push_screen(screen)
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        plain = screen.query_one("#ipfs-body .body-plain", PlainText)  # one lazily drawn widget
        assert len(plain.lines) >= 20_000
        await pilot.press("end")
        await pilot.pause()
        assert "line 19999" in _screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, IpfsScreen)
        assert app.is_running


@pytest.mark.anyio
@pytest.mark.parametrize("name", ["huge_table", "quadratic_lexer_code"])
async def test_ipfs_article_body_is_bounded_like_the_reader(name: str) -> None:
    from tui.ui.screens.ipfs_view import IpfsScreen

    app, cid = _ipfs_app(ARTICLES[name].encode(), article=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.push_screen(IpfsScreen(cid))
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        body = app.screen.query_one("#ipfs-body", ArticleBody)
        assert body.complete
        if name == "huge_table":
            assert "Too large to render in full" in _screen_text(app)
            assert not body.query(MarkdownBlock)
        else:
            assert body.query_one(MarkdownFence)._highlighted_code.spans == []


@pytest.mark.anyio
async def test_a_body_the_markdown_widget_fails_on_is_shown_as_plain_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.ui.widgets.article_body import BodyMarkdown

    update = BodyMarkdown.update

    def broken(self: Any, markdown: str) -> Any:
        if markdown:  # the widget's own empty update on mount works
            raise ValueError("a bug in the widget")
        return update(self, markdown)

    monkeypatch.setattr(BodyMarkdown, "update", broken)
    text = "# Title\n\nA paragraph that the widget cannot draw.\n"
    app = make_app(backend=_Backend(text), now=FAKE_NOW, first_run=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, text)
        await _until_built(pilot, screen)
        shown = _screen_text(app)
        assert "could not be drawn as Markdown" in shown
        assert "A paragraph that the widget cannot draw." in shown
        assert app.is_running
