"""Post images in the TUI: drawn in the thread, markers on cards, fallbacks, ``o`` to open."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.hostile.test_tui_hostile import _screen_text
from tests.images.fake_posts import TOP, attach
from tests.images.helpers import gradient_png, lying_png, noise_png
from tests.ui.conftest import build, settle
from tui.core.images import viewer
from tui.core.images.sandbox import shutdown
from tui.ui.backend import FakeBackend
from tui.ui.backends.images import FakeImages, images_for
from tui.ui.screens.open_image import OpenImageModal
from tui.ui.screens.thread import ThreadScreen
from tui.ui.widgets import post_images
from tui.ui.widgets.image_view import ImageView

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    post_images._cache.clear()
    yield
    post_images._cache.clear()


@pytest.fixture(scope="module", autouse=True)
def _sandbox() -> Iterator[None]:
    yield
    shutdown()


async def _until(pilot: Any, ready: Any) -> None:
    """Pause until ``ready()`` (a flow waiting on a modal never completes, so no settle)."""
    for _ in range(100):
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never got there")


async def _open_thread(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_thread_draws_the_image_with_its_alt_text() -> None:
    backend = FakeBackend()
    attach(backend, TOP, [(gradient_png(), "a red-green gradient")])
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_thread(pilot)
        assert isinstance(app.screen, ThreadScreen)
        (view,) = app.screen.query(ImageView)
        assert view.display and view.raster is not None
        assert (view.size.width, view.size.height) == (24, 8)  # 48×32 kept at 3:2, 8 rows
        text = _screen_text(app)
        assert "▣ a red-green gradient" in text and "▀" in text


async def test_the_timeline_card_carries_a_marker_with_the_alt_text() -> None:
    backend = FakeBackend()
    attach(backend, TOP, [(gradient_png(), "a gradient"), (gradient_png(8), "small")])
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        text = _screen_text(app)
        assert "2 images: a gradient" in text
        assert text.count("▀") >= 16  # the first image, small, at the card's right
        await pilot.press("z")  # compact: a marker only
        await settle(pilot)
        text = _screen_text(app)
        assert "▣" in text and "▀" not in text


async def test_hostile_images_fall_back_to_text() -> None:
    backend = FakeBackend()
    bomb, cut, gif = lying_png(60_000, 60_000), noise_png(40, 40)[:2000], gradient_png(fmt="GIF")
    attach(backend, TOP, [(bomb, "bomb"), (cut, "cut")])
    attach(backend, TOP - 1, [(gif, "claims png")], mime="image/png")
    attach(backend, 20, [(gradient_png(20), "never served")], serve=False)
    attach(backend, 22, [(gradient_png(21), "behind a CW")])  # post 22 has a content warning
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_thread(pilot)
        text = _screen_text(app)
        assert "[image: bomb] (too large)" in text and "[image: cut] (malformed)" in text
        assert "▀" not in text
    for post_id, expected in ((TOP - 1, "[image: claims png] (malformed)"),
                              (20, "[image: never served] (not fetched)"),
                              (22, "CW: finale spoilers")):  # fmt: skip
        app = build(backend)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.push_screen(ThreadScreen(post_id))
            await settle(pilot)
            assert expected in _screen_text(app)
            assert "behind a CW" not in _screen_text(app)  # images stay behind the warning


async def test_hostile_alt_text_reaches_the_screen_sanitised() -> None:
    backend = FakeBackend()
    alt = "\x1b]0;pwned\x07 [@click=app.quit]x[/] \u202eevil"
    attach(backend, TOP, [(gradient_png(), alt)], serve=False)
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_thread(pilot)
        text = _screen_text(app)
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "[@click=app.quit]x[/]" in text  # shown as text, not run
        assert app.is_running


async def test_an_image_that_never_arrives_does_not_stall_the_screen() -> None:
    backend = FakeBackend()
    (attachment,) = attach(backend, TOP, [(gradient_png(), "slow")])
    images = images_for(backend)
    assert isinstance(images, FakeImages)
    images.stall.add(attachment.cid)
    app = build(backend)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            for key in ("2", "enter"):
                await pilot.pause(0.2)
                await pilot.press(key)
            await pilot.pause(0.3)
            assert isinstance(app.screen, ThreadScreen)
            assert "[image: slow] (fetching…)" in _screen_text(app)
            await pilot.press("escape")  # the app still answers
            await pilot.pause(0.2)
            assert not isinstance(app.screen, ThreadScreen)
            images.release.set()
    finally:
        images.release.set()


async def test_o_shows_what_will_run_then_runs_only_that(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(viewer.shutil, "which", lambda name: f"/usr/bin/{name}")
    ran: list[tuple[str, ...]] = []
    monkeypatch.setattr(viewer, "run", lambda plan: ran.append(plan.command))
    backend = FakeBackend()
    gif = gradient_png(fmt="GIF")
    attach(backend, TOP, [(gif, "a gif; rm -rf ~")])
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_thread(pilot)
        await pilot.press("o")
        await _until(pilot, lambda: isinstance(app.screen, OpenImageModal))
        assert isinstance(app.screen, OpenImageModal)
        plan = app.screen.plan
        assert plan.path.suffix == ".gif"
        await pilot.pause()
        text = _screen_text(app)
        assert f"Run: /usr/bin/xdg-open {plan.path}" in text and "image/gif" in text
        assert f"{len(gif):,} bytes" in text
        await pilot.press("escape")  # no: nothing runs, the file goes
        await settle(pilot)
        assert ran == [] and not plan.path.exists()
        await pilot.press("o")
        await _until(pilot, lambda: isinstance(app.screen, OpenImageModal))
        assert isinstance(app.screen, OpenImageModal)
        second = app.screen.plan
        await pilot.press("y")
        await settle(pilot)
        assert ran == [("/usr/bin/xdg-open", str(second.path))]
        assert second.path.read_bytes() == gif
        second.path.unlink()


class _Article(FakeBackend):
    """A fake whose articles have this Markdown body."""

    def __init__(self, body: str) -> None:
        super().__init__()
        self.body = body

    def article_body(self, article: Any) -> str:
        return self.body


async def test_an_article_draws_its_ipfs_images_with_alt_text() -> None:
    from tui.ui.screens.article_reader import ArticleReaderScreen

    chart, missing = gradient_png(40, 20), gradient_png(30, 30)
    backend = _Article("")
    cid = backend.add_fake_block(chart)
    from tui.core.content.cid import cid_for

    backend.body = (
        f"# Results\n\n![a chart \x1b[31m]({'ipfs://' + cid})\n\n"
        f'![gone](ipfs://{cid_for(missing)} "title")\n\n![web](https://example.org/x.png)\n'
    )
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(ArticleReaderScreen(backend.articles()[0]))
        await settle(pilot)
        views = [v for v in app.screen.query(ImageView) if v.display]
        assert len(views) == 1 and views[0].raster is not None
        text = _screen_text(app)
        assert "[image: gone] (not fetched)" in text and "\x1b" not in text
        assert "a chart" in text  # the caption under the drawn image (https ones are not fetched)


async def test_a_card_with_a_thumbnail_wraps_its_text_beside_it() -> None:
    """At 80 columns the text was wrapped for the full width, then cut for the thumbnail:
    "Press o to open it." came out as "Pres…" and "open it.", the key lost."""
    import dataclasses

    backend = FakeBackend()
    text = "First page of the winter-coast zine, drawn in the terminal. Press o to open it."
    post = dataclasses.replace(backend._by_id[TOP], text=text)
    backend._by_id[TOP] = post
    backend._posts = [post if p.id == TOP else p for p in backend._posts]
    attach(backend, TOP, [(gradient_png(), "a gradient")])
    app = build(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await _until(pilot, lambda: _screen_text(app).count("▀") >= 16)
        words = [w.strip("▌▀") for w in _screen_text(app).split()]
        shown = " ".join(w for w in words if w)  # the card's lines, the thumbnail taken out
        assert "terminal. Press o to open it." in shown, shown[:400]
