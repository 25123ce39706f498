"""Pilot tests: keys, drafts and flows assert on state (fake backend, real screens)."""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.ui.write.conftest import ARTICLE, POST, HostApp, settle
from tui.core.content.documents import MAX_POST_TEXT
from tui.core.errors import ContentError, UsageError
from tui.core.units import format_eth, parse_eth
from tui.ui import flows
from tui.ui.backend import FakeBackend
from tui.ui.drafts import DraftStore
from tui.ui.screens.article_editor import ArticleEditorScreen, PublishModal
from tui.ui.screens.compose import ComposeScreen, counter_text
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.link import check_link
from tui.ui.screens.tip import TipModal
from tui.ui.writes import FakeWriter, PostRequest, PublishRequest, TipRequest


def writer(app: HostApp) -> FakeWriter:
    w = app.backend.writer
    assert isinstance(w, FakeWriter)
    return w


def run(coro: Any) -> Any:
    return asyncio.run(coro)


class TestAmounts:
    def test_parse_and_format(self) -> None:
        assert parse_eth("0.005") == 5 * 10**15
        assert parse_eth("1 ETH") == 10**18
        assert format_eth(5 * 10**15) == "0.005 ETH"
        assert format_eth(10**18 * 1234) == "1,234 ETH"
        for bad in ("-1", "1e3", "abc", "0.0000000000000000001", ""):
            with pytest.raises(UsageError):
                parse_eth(bad)


class TestCompose:
    def test_counter_counts_bytes(self) -> None:
        _, fits = counter_text("é" * (MAX_POST_TEXT // 2))
        assert fits
        _, fits = counter_text("é" * (MAX_POST_TEXT // 2 + 1))
        assert not fits

    def test_draft_autosaved_restored_and_deleted_after_send(self, isolated_home: Path) -> None:
        async def scenario() -> None:
            app = HostApp()
            async with app.run_test(size=(100, 30)) as pilot:
                await app.push_screen(ComposeScreen())
                await pilot.press(*"draft text")
                await settle(pilot, lambda: DraftStore().exists("post"), rounds=60)
                assert DraftStore().load("post")["text"] == "draft text"
                await pilot.press("escape")
                await pilot.pause()
                assert not isinstance(app.screen, ComposeScreen)
                await app.push_screen(ComposeScreen())
                await pilot.pause()
                assert app.screen.text == "draft text"  # type: ignore[attr-defined]
                await pilot.press("ctrl+s")
                await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
                await pilot.press("n")  # cancelled: the draft stays
                await settle(pilot)
                assert isinstance(app.screen, ComposeScreen)
                assert DraftStore().exists("post")
                await pilot.press("ctrl+s")
                await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
                await pilot.press("enter")
                await settle(pilot, lambda: bool(writer(app).history))
                assert writer(app).submitted == [PostRequest("draft text")]
                assert not DraftStore().exists("post")
                assert not isinstance(app.screen, ComposeScreen)

        run(scenario())
        assert (isolated_home / "drafts").is_dir()

    def test_reply_has_its_own_draft_and_cw(self) -> None:
        async def scenario() -> None:
            app = HostApp()
            async with app.run_test(size=(80, 24)) as pilot:
                await app.push_screen(ComposeScreen(POST))
                await pilot.press(*"agreed", "ctrl+o", *"politics")
                await pilot.press("ctrl+s")
                await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
                await pilot.press("y")
                await settle(pilot, lambda: bool(writer(app).history))
                assert writer(app).submitted == [PostRequest("agreed", 12, "politics")]

        run(scenario())

    def test_empty_and_oversized_posts_are_not_sent(self) -> None:
        async def scenario() -> None:
            app = HostApp()
            async with app.run_test(size=(80, 24)) as pilot:
                screen = ComposeScreen()
                await app.push_screen(screen)
                await pilot.press("ctrl+s")
                await settle(pilot)
                screen.query_one("#compose-text").load_text("x" * (MAX_POST_TEXT + 1))  # type: ignore[attr-defined]
                await pilot.press("ctrl+s")
                await settle(pilot)
                assert isinstance(app.screen, ComposeScreen)
                assert writer(app).submitted == []

        run(scenario())

    @pytest.mark.skipif(sys.platform == "win32", reason="shell script editor")
    def test_external_editor_replaces_text(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        script = tmp_path / "editor.sh"
        script.write_text('#!/bin/sh\nprintf "written in vim" > "$1"\n')
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
        monkeypatch.setenv("EDITOR", str(script))
        monkeypatch.delenv("VISUAL", raising=False)

        async def scenario() -> None:
            app = HostApp()
            async with app.run_test(size=(80, 24)) as pilot:
                await app.push_screen(ComposeScreen())
                await pilot.press("ctrl+g")
                await settle(pilot)
                assert app.screen.text == "written in vim"  # type: ignore[attr-defined]
                assert DraftStore().load("post")["text"] == "written in vim"

        run(scenario())
        assert os.environ["EDITOR"] == str(script)


class TestConfirmAndTip:
    def test_escape_cancels_and_nothing_is_sent(self) -> None:
        async def scenario() -> None:
            app = HostApp()
            async with app.run_test(size=(80, 24)) as pilot:
                worker = flows.start(app, flows.tip(app, POST))
                await settle(pilot, lambda: isinstance(app.screen, TipModal))
                await pilot.press("3")
                await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
                await pilot.click("#confirm-details")  # clicking never confirms
                await pilot.press("escape")
                await worker.wait()
                assert writer(app).submitted == []

        run(scenario())

    def test_custom_tip_amount(self) -> None:
        async def scenario() -> None:
            app = HostApp()
            async with app.run_test(size=(80, 24)) as pilot:
                worker = flows.start(app, flows.tip(app, POST))
                await settle(pilot, lambda: isinstance(app.screen, TipModal))
                app.screen.query_one("#tip-custom").focus()
                await pilot.press(*"0.02", "enter")
                await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
                await pilot.press("y")
                await worker.wait()
                expected = TipRequest(12, 2 * 10**16, POST.author)
                assert writer(app).submitted == [expected]

        run(scenario())

    def test_tip_over_balance_is_refused_in_the_modal(self) -> None:
        async def scenario() -> None:
            backend = FakeBackend()
            app = HostApp(backend)
            async with app.run_test(size=(80, 24)) as pilot:
                flows.start(app, flows.tip(app, POST))
                await settle(pilot, lambda: isinstance(app.screen, TipModal))
                app.screen.query_one("#tip-custom").focus()
                await pilot.press(*"100", "enter")
                await settle(pilot)
                assert isinstance(app.screen, TipModal)

        run(scenario())


class TestArticles:
    def test_publish_with_editions(self) -> None:
        async def scenario() -> None:
            app = HostApp()
            async with app.run_test(size=(100, 30)) as pilot:
                await app.push_screen(ArticleEditorScreen())
                await pilot.press(*"T", "tab", *"S", "tab", *"Body")
                await settle(pilot, lambda: DraftStore().exists("article"), rounds=60)
                await pilot.press("ctrl+s")
                await settle(pilot, lambda: isinstance(app.screen, PublishModal))
                await pilot.press(*"0.01", "enter", *"5", "enter")
                await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
                await pilot.press("y")
                await settle(pilot, lambda: bool(writer(app).history))
                assert writer(app).submitted == [PublishRequest("T", "S", "Body", 10**16, 5)]
                assert not DraftStore().exists("article")

        run(scenario())

    def test_collect(self) -> None:
        async def scenario() -> None:
            app = HostApp()
            async with app.run_test(size=(80, 24)) as pilot:
                worker = flows.start(app, flows.collect(app, ARTICLE))
                await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
                await pilot.press("y")
                await worker.wait()
                assert writer(app).history[0].status == "confirmed"

        run(scenario())

    @pytest.mark.parametrize(
        "href",
        [
            "javascript:alert(1)",
            "http://example.org",
            "-oProxyCommand=x",
            "https://exa mple.org",
            "https://example.org/\u202egpj.exe",
            "https://user@example.org",
            "file:///etc/passwd",
        ],
    )
    def test_bad_links_refused(self, href: str) -> None:
        with pytest.raises(ContentError):
            check_link(href)

    def test_good_links(self) -> None:
        assert check_link("https://example.org/a?b=1").host == "example.org"
        assert check_link("https://bücher.de").host == "xn--bcher-kva.de"
        assert check_link("ipfs://bafkreiabc").scheme == "ipfs"
