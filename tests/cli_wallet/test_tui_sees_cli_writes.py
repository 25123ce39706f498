"""The open TUI (real CoreBackend on anvil) shows what is published elsewhere, not only posts.

A CLI write indexes its own block, so the TUI's next sync finds nothing new itself: the poll
must notice that another process changed the index, and an article must reload the lists
as a post does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_wallet.test_cli_flows import agora
from tests.hostile.test_tui_hostile import _screen_text
from tests.index.kit import Agora
from tui.core.context import AgoraContext
from tui.ui.backend import CoreBackend
from tui.ui.factory import make_app
from tui.ui.run import network_resolver


async def _while_open(tab: str, write: Callable[[], None]) -> tuple[str, str]:
    """The screen's text on ``tab`` before ``write`` runs and after the next poll."""
    ctx = AgoraContext.load()
    backend = CoreBackend(ctx)  # exactly what `agora` builds (tui.ui.run.run_tui)
    app = make_app(ctx, backend=backend, resolve=network_resolver(ctx, backend), first_run=False)
    app.animation_level = "none"
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(tab)  # loaded before the write
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = _screen_text(app)
        await asyncio.to_thread(write)
        app.poll_status()  # what the 5-second timer does
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        return before, _screen_text(app)


def _cli(*args: str) -> Callable[[], None]:
    def run() -> None:
        done = agora(*args)
        assert done.returncode == 0, done.stderr

    return run


def test_an_article_published_from_the_cli_appears_in_the_open_tui(
    kit: Agora, passphrase_file: Path, tmp_path: Path
) -> None:
    essay = tmp_path / "essay.md"
    essay.write_text("# Hello\n\nFrom another terminal.\n", encoding="utf-8")
    publish = _cli(
        "article", "publish", str(essay), "--title", "Written in a shell",
        "--yes", "--passphrase-file", str(passphrase_file),
    )  # fmt: skip
    before, after = asyncio.run(_while_open("3", publish))
    assert "Written in a shell" not in before and "Written in a shell" in after


@pytest.mark.usefixtures("passphrase_file")
def test_an_article_indexed_by_the_tui_itself_appears(kit: Agora) -> None:
    """No other process indexed it: the TUI's own sync brings an article and no post."""
    before, after = asyncio.run(
        _while_open("3", lambda: kit.publish(2, "From a third party", "body"))
    )
    assert "From a third party" not in before and "From a third party" in after


def test_a_post_from_the_cli_is_announced_in_the_open_tui(
    kit: Agora, passphrase_file: Path
) -> None:
    kit.post(0, "already there")
    _cli("sync", "--fetch-budget", "0")()  # indexed before the TUI opens: no marker yet
    post = _cli("post", "posted in a shell", "--yes", "--passphrase-file", str(passphrase_file))
    before, after = asyncio.run(_while_open("2", post))
    assert "new post" not in before and "1 new post above" in after
