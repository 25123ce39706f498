"""Drafts: the core store and its listing, `agora drafts`, and the Drafts screen (pilot)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList, TextArea

from tests.ui.write.conftest import make_agora, settle
from tui.core.drafts import DraftStore
from tui.core.errors import NotFoundError, UsageError
from tui.ui.backend import FAKE_NOW, FakeBackend
from tui.ui.screens.article_editor import ArticleEditorScreen
from tui.ui.screens.compose import ComposeScreen
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.drafts import DraftsScreen


def seed(home: Path) -> DraftStore:
    """A post, a reply to post 3 and an article, saved at fixed times (newest: the reply)."""
    store = DraftStore(home / "drafts")
    store.save("post", {"text": "half a thought\nand more", "cw": ""})
    store.save("reply-3", {"text": "\x1b[31mred\x1b[0m reply", "cw": ""})
    store.save("article", {"title": "On drafts", "summary": "", "body": "# Hi"})
    for key, age in (("post", 600), ("reply-3", 60), ("article", 7200)):
        os.utime(store.root / f"{key}.json", (FAKE_NOW - age, FAKE_NOW - age))
    return store


class TestStore:
    def test_list_newest_first_with_kind_and_preview(self, isolated_home: Path) -> None:
        store = seed(isolated_home)
        listed = store.list()
        assert [d.key for d in listed] == ["reply-3", "post", "article"]
        assert [d.kind for d in listed] == ["reply", "post", "article"]
        assert listed[0].reply_to == 3
        assert listed[1].preview == "half a thought"
        assert listed[2].preview == "On drafts"

    def test_files_are_private_and_garbage_is_skipped(self, isolated_home: Path) -> None:
        store = seed(isolated_home)
        mode = stat.S_IMODE((store.root / "post.json").stat().st_mode)
        assert mode == 0o600
        (store.root / "junk.json").write_text("[1, 2]")
        (store.root / "Bad Name.json").write_text('{"text": "x"}')
        assert {d.key for d in store.list()} == {"post", "reply-3", "article"}

    def test_remove_names_what_is_wrong(self, isolated_home: Path) -> None:
        store = seed(isolated_home)
        with pytest.raises(NotFoundError):
            store.remove("reply-9")
        with pytest.raises(UsageError):
            store.remove("../settings")
        store.remove("post")
        assert not store.exists("post")


def agora(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


class TestCli:
    def test_drafts_json_and_delete(self, isolated_home: Path) -> None:
        seed(isolated_home)
        done = agora("drafts", "--json")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert [d["id"] for d in data] == ["reply-3", "post", "article"]
        assert data[0]["reply_to"] == 3 and data[0]["kind"] == "reply"
        assert data[1]["preview"] == "half a thought"
        assert data[0]["saved_at"] == FAKE_NOW - 60

        plain = agora("drafts")
        assert plain.returncode == 0
        assert "reply to #3" in plain.stdout and "\x1b" not in plain.stdout

        gone = agora("drafts", "delete", "post", "--json")
        assert gone.returncode == 0 and json.loads(gone.stdout) == {"deleted": "post"}
        assert not (isolated_home / "drafts" / "post.json").exists()

    def test_delete_unknown_and_bad_ids(self, isolated_home: Path) -> None:
        seed(isolated_home)
        missing = agora("drafts", "delete", "reply-99", "--json")
        assert missing.returncode == 3
        assert json.loads(missing.stderr)["error"] == "not_found"
        bad = agora("drafts", "delete", "../../etc/passwd")
        assert bad.returncode == 2 and "Traceback" not in bad.stderr

    def test_no_drafts(self, isolated_home: Path) -> None:
        done = agora("drafts")
        assert done.returncode == 0 and done.stdout.strip() == "No drafts."


def pick(app: Any, key: str) -> None:
    """Highlight the draft ``key`` (saving a draft moves it to the top of the list)."""
    screen = app.screen
    assert isinstance(screen, DraftsScreen)
    screen.query_one(OptionList).highlighted = [d.key for d in screen.items].index(key)


def rows(app: Any) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


class TestScreen:
    @pytest.mark.anyio
    async def test_key_lists_resumes_and_deletes(self, isolated_home: Path) -> None:
        seed(isolated_home)
        app = make_agora()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("D")
            await settle(pilot, lambda: isinstance(app.screen, DraftsScreen))
            assert isinstance(app.screen, DraftsScreen)
            shown = rows(app)
            assert shown[0].startswith("reply to #3") and "\x1b" not in shown[0]
            assert "half a thought" in shown[1] and "On drafts" in shown[2]

            await pilot.press("down", "enter")  # the post draft, in the compose screen
            await settle(pilot, lambda: isinstance(app.screen, ComposeScreen))
            assert app.screen.text == "half a thought\nand more"  # type: ignore[attr-defined]
            await pilot.press("escape")
            await settle(pilot, lambda: isinstance(app.screen, DraftsScreen))

            pick(app, "article")
            await pilot.press("enter")  # the article, in the article editor
            await settle(pilot, lambda: isinstance(app.screen, ArticleEditorScreen))
            await pilot.press("escape")
            await settle(pilot, lambda: isinstance(app.screen, DraftsScreen))

            pick(app, "reply-3")
            await pilot.press("enter")  # the reply, with its parent from the index
            await settle(pilot, lambda: isinstance(app.screen, ComposeScreen))
            screen = app.screen
            assert isinstance(screen, ComposeScreen)
            assert screen.reply_to is not None and screen.reply_to.id == 3
            assert screen.text.endswith("red\x1b[0m reply")  # the user's own words, verbatim
            await pilot.press("escape")
            await settle(pilot, lambda: isinstance(app.screen, DraftsScreen))

            pick(app, "reply-3")
            await pilot.press("d")  # once: only asks
            await settle(pilot)
            assert DraftStore().exists("reply-3")
            await pilot.press("d")
            await settle(pilot)
            assert not DraftStore().exists("reply-3")
            assert len(rows(app)) == 2

    @pytest.mark.anyio
    async def test_reply_to_an_unknown_post_keeps_the_draft(self, isolated_home: Path) -> None:
        DraftStore().save("reply-9999", {"text": "orphan", "cw": ""})
        app = make_agora(FakeBackend())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await app.push_screen(DraftsScreen())
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DraftsScreen)
            assert DraftStore().exists("reply-9999")

    @pytest.mark.anyio
    async def test_command_line_opens_drafts(self, isolated_home: Path) -> None:
        app = make_agora()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("colon", *"drafts", "enter")
            await settle(pilot, lambda: isinstance(app.screen, DraftsScreen))
            assert isinstance(app.screen, DraftsScreen)
            assert "No drafts" in str(app.screen.query_one("#drafts-summary").render())

    @pytest.mark.anyio
    async def test_cancelled_command_line_post_is_kept_beside_the_draft(
        self, isolated_home: Path
    ) -> None:
        DraftStore().save("post", {"text": "the compose draft", "cw": ""})
        app = make_agora()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("colon", *"post second thought", "enter")
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            await pilot.press("n")
            await settle(pilot)
        assert DraftStore().load("post")["text"] == "the compose draft"
        assert DraftStore().load("post-2")["text"] == "second thought"
        assert [d.kind for d in DraftStore().list()] == ["post", "post"]

    @pytest.mark.anyio
    async def test_confirmed_command_line_post_leaves_no_draft(self, isolated_home: Path) -> None:
        app = make_agora()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("colon", *"post sent now", "enter")
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            await pilot.press("enter")
            await settle(pilot, lambda: not DraftStore().list())
        assert DraftStore().list() == []


class TestArticleEditorEditor:
    @pytest.mark.anyio
    async def test_ctrl_g_edits_the_body_and_keeps_it(
        self, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        DraftStore().save("article", {"title": "T", "summary": "", "body": "old body"})
        monkeypatch.setenv(
            "VISUAL", """sh -c 'printf "%s\\n# Edited\\n" "$(cat "$1")" > "$1"' sh"""
        )
        app = make_agora()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await app.push_screen(ArticleEditorScreen())
            await settle(pilot)
            await pilot.press("ctrl+g")
            await settle(pilot)
            body = app.screen.query_one("#article-body", TextArea).text
            assert body == "old body\n# Edited"
        assert DraftStore().load("article")["body"] == "old body\n# Edited"

    @pytest.mark.anyio
    async def test_failing_editor_leaves_the_body(
        self, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        DraftStore().save("article", {"title": "T", "summary": "", "body": "kept"})
        monkeypatch.setenv("VISUAL", "false")
        app = make_agora()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await app.push_screen(ArticleEditorScreen())
            await settle(pilot)
            await pilot.press("ctrl+g")
            await settle(pilot)
            assert app.screen.query_one("#article-body", TextArea).text == "kept"
            assert any("status 1" in str(n.message) for n in app._notifications)
        assert DraftStore().load("article")["body"] == "kept"


SIZES = pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])


class TestSnapshots:
    @SIZES
    def test_drafts_list(self, snap_compare: Any, isolated_home: Path, size: Any) -> None:
        seed(isolated_home)

        async def run(pilot: Any) -> None:
            await settle(pilot)
            await pilot.press("D")
            await settle(pilot, lambda: isinstance(pilot.app.screen, DraftsScreen))

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)

    @SIZES
    def test_no_drafts(self, snap_compare: Any, isolated_home: Path, size: Any) -> None:
        async def run(pilot: Any) -> None:
            await settle(pilot)
            await pilot.press("D")
            await settle(pilot, lambda: isinstance(pilot.app.screen, DraftsScreen))

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)
