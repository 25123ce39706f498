"""Snapshot tests of E1's screens and their error paths, at 100x30 and 80x24."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import SIZES, build, settle
from tui.ui.backend import FakeBackend


def run(*keys: str) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES)
class TestTimeline:
    def test_home(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run())

    def test_global_with_invalid_and_markup_posts(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("2", "j"))

    def test_articles(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("3"))

    def test_notifications(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("4"))

    def test_rpc_down_keeps_cached_timeline(self, snap_compare: Any, size: Any) -> None:
        app = build(FakeBackend(offline=True))
        assert snap_compare(app, terminal_size=size, run_before=run())

    def test_content_warning_revealed(self, snap_compare: Any, size: Any) -> None:
        # post 22 carries a content warning in the fake data; it is the 3rd item of global
        assert snap_compare(build(), terminal_size=size, run_before=run("2", "j", "j", "c"))

    def test_empty_timeline(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(FakeBackend(posts=0)), terminal_size=size, run_before=run())

    def test_new_posts_line_and_tab_counts(self, snap_compare: Any, size: Any) -> None:
        backend = FakeBackend()

        async def before(pilot: Any) -> None:
            await run("2", "1", "2", "j", "j", "j")(pilot)
            backend.add_posts(3)  # by the user: new on Home and on Global
            pilot.app.screen.check_new()
            await settle(pilot)

        assert snap_compare(build(backend), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
class TestThread:
    def test_thread_with_replies(self, snap_compare: Any, size: tuple[int, int]) -> None:
        # post 19 has a reply (20) in the fake data; global lists it 6th
        keys = ("2", "j", "j", "j", "j", "j", "enter")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))

    def test_thread_not_found(self, snap_compare: Any, size: tuple[int, int]) -> None:
        async def before(pilot: Any) -> None:
            await settle(pilot)
            pilot.app.action_open_thread(999)
            await settle(pilot)

        assert snap_compare(build(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
class TestProfile:
    def test_own_profile(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("p"))

    def test_profile_without_name(self, snap_compare: Any, size: tuple[int, int]) -> None:
        async def before(pilot: Any) -> None:
            await settle(pilot)
            pilot.app.action_open_profile("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")
            await settle(pilot)

        assert snap_compare(build(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
class TestSearch:
    def test_results(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("slash", *"agora", "enter")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))

    def test_no_results(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("slash", *"zzz", "enter")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))


@pytest.mark.parametrize("size", SIZES)
class TestHelp:
    def test_timeline_help(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("question_mark"))

    def test_every_screens_keys(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("question_mark", "a"))


@pytest.mark.parametrize("size", SIZES)
class TestSettings:
    def test_form(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("s"))

    def test_invalid_input_rejected(self, snap_compare: Any, size: tuple[int, int]) -> None:
        async def before(pilot: Any) -> None:
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            screen = pilot.app.screen
            screen.query_one("#net-name").value = "sepolia"
            screen.query_one("#net-rpc_url").value = "ftp://nope"
            screen.query_one("#net-chain_id").value = "11155111"
            await pilot.press("ctrl+s")
            await settle(pilot)
            pilot.app.clear_notifications()
            await settle(pilot)

        assert snap_compare(build(), terminal_size=size, run_before=before)

    def test_keymap_note_names_the_table_and_path(
        self, snap_compare: Any, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The end of the form: ``[keymap]`` shown as text, then the settings file's real path."""
        monkeypatch.setenv("AGORA_CONFIG", "/home/ada/.config/agora/settings.toml")

        async def before(pilot: Any) -> None:
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            pilot.app.screen.query_one("#cancel").focus()
            await settle(pilot)

        assert snap_compare(build(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
class TestWelcome:
    def test_first_run(self, snap_compare: Any, size: Any, fixed_keyring: None) -> None:
        assert snap_compare(build(first_run=True), terminal_size=size, run_before=run())
