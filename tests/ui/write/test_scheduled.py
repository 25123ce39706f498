"""Scheduled posts: parsing the time, keeping the schedule, and the confirmation at the due time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList

from tests.ui.write.conftest import make_agora, settle
from tui.core.drafts import DraftStore, format_when, parse_when
from tui.core.errors import NotFoundError, UsageError
from tui.ui.backend import FAKE_NOW, FakeBackend
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.drafts import DraftsScreen, ScheduleModal
from tui.ui.writes import FakeWriter, PostRequest

NOW = 1_750_000_000  # 2025-06-15 15:06:40 UTC (FAKE_NOW)


class TestParseWhen:
    def test_delays_times_and_dates(self) -> None:
        assert parse_when("10m", NOW) == NOW + 600
        assert parse_when("+2h", NOW) == NOW + 7200
        assert parse_when("1d", NOW) == NOW + 86400
        assert format_when(parse_when("16:00", NOW)) == "2025-06-15 16:00 UTC"
        assert format_when(parse_when("09:30", NOW)) == "2025-06-16 09:30 UTC"  # tomorrow
        assert format_when(parse_when("2025-07-01 08:15", NOW)) == "2025-07-01 08:15 UTC"

    @pytest.mark.parametrize("bad", ["soon", "", "25:99", "2025-06-15 15:00", "400d", "0m"])
    def test_bad_or_past_times_say_why(self, bad: str) -> None:
        with pytest.raises(UsageError):
            parse_when(bad, NOW)


class TestStore:
    def test_schedule_survives_autosave_and_can_be_removed(self, isolated_home: Path) -> None:
        store = DraftStore()
        store.save("post", {"text": "later", "cw": ""})
        store.schedule("post", NOW + 600)
        store.save("post", {"text": "later, edited", "cw": ""})  # what compose autosaves
        assert store.list()[0].scheduled_at == NOW + 600
        assert store.due(NOW + 599) == []
        assert [d.key for d in store.due(NOW + 600)] == ["post"]
        store.schedule("post", 0)
        assert store.list()[0].scheduled_at == 0
        assert store.load("post")["text"] == "later, edited"

    def test_articles_and_missing_drafts_cannot_be_scheduled(self, isolated_home: Path) -> None:
        store = DraftStore()
        store.save("article", {"title": "T", "summary": "", "body": "b"})
        with pytest.raises(UsageError):
            store.schedule("article", NOW + 60)
        with pytest.raises(NotFoundError):
            store.schedule("post", NOW + 60)


def writer(app: Any) -> FakeWriter:
    w = app.backend.writer
    assert isinstance(w, FakeWriter)
    return w


async def schedule_first(pilot: Any, when: str) -> None:
    app = pilot.app
    await app.push_screen(DraftsScreen())
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot, lambda: isinstance(app.screen, ScheduleModal))
    await pilot.press(*when, "enter")
    await settle(pilot, lambda: isinstance(app.screen, DraftsScreen))


class TestPilot:
    @pytest.mark.anyio
    async def test_due_post_opens_its_confirmation_and_is_sent(self, isolated_home: Path) -> None:
        DraftStore().save("reply-3", {"text": "good morning", "cw": ""})
        clock = [float(FAKE_NOW)]
        app = make_agora(FakeBackend())
        app.now = lambda: clock[0]  # type: ignore[attr-defined]
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await schedule_first(pilot, "10m")
            row = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
            assert "◷ scheduled for 2025-06-15 15:16 UTC" in row
            assert DraftStore().list()[0].scheduled_at == FAKE_NOW + 600

            app.check_scheduled()  # type: ignore[attr-defined]
            await settle(pilot)
            assert not isinstance(app.screen, ConfirmModal)  # not yet due
            assert writer(app).history == []

            clock[0] += 600
            app.check_scheduled()  # type: ignore[attr-defined]
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            assert isinstance(app.screen, ConfirmModal)
            assert writer(app).submitted == []  # nothing signed before the user accepts
            await pilot.press("enter")
            await settle(pilot, lambda: bool(writer(app).submitted))
            assert writer(app).submitted == [PostRequest("good morning", reply_to=3)]
            await settle(pilot, lambda: not DraftStore().list())
        assert DraftStore().list() == []

    @pytest.mark.anyio
    async def test_cancelled_when_due_keeps_the_draft_unscheduled(
        self, isolated_home: Path
    ) -> None:
        DraftStore().save("post", {"text": "maybe later", "cw": ""})
        DraftStore().schedule("post", FAKE_NOW - 1)
        app = make_agora(FakeBackend())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.check_scheduled()  # type: ignore[attr-defined]
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            await pilot.press("n")
            await settle(pilot)
            assert writer(app).submitted == []
            app.check_scheduled()  # type: ignore[attr-defined]
            await settle(pilot)
            assert not isinstance(app.screen, ConfirmModal)  # not asked again
        drafts = DraftStore().list()
        assert [(d.key, d.scheduled_at) for d in drafts] == [("post", 0)]
        assert DraftStore().load("post")["text"] == "maybe later"

    @pytest.mark.anyio
    async def test_bad_time_is_explained_and_empty_unschedules(self, isolated_home: Path) -> None:
        DraftStore().save("post", {"text": "x", "cw": ""})
        DraftStore().schedule("post", FAKE_NOW + 60)
        app = make_agora(FakeBackend())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await app.push_screen(DraftsScreen())
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot, lambda: isinstance(app.screen, ScheduleModal))
            field = app.screen.query_one(Input)
            assert field.value == "2025-06-15 15:07"
            field.value = "yesterday"
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ScheduleModal)
            assert "not a time" in str(app.screen.query_one("#schedule-error").render())
            field.value = ""
            await pilot.press("enter")
            await settle(pilot, lambda: isinstance(app.screen, DraftsScreen))
        assert DraftStore().list()[0].scheduled_at == 0


def agora(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=dict(os.environ)
    )


class TestCli:
    def test_schedule_list_unschedule(self, isolated_home: Path) -> None:
        DraftStore().save("post", {"text": "cli later", "cw": ""})
        done = agora("drafts", "schedule", "post", "2h", "--json")
        assert done.returncode == 0, done.stderr
        when = json.loads(done.stdout)["scheduled_at"]
        listed = json.loads(agora("drafts", "--json").stdout)
        assert listed[0]["scheduled_at"] == when
        assert "[scheduled for" in agora("drafts").stdout
        assert agora("drafts", "unschedule", "post").returncode == 0
        assert json.loads(agora("drafts", "--json").stdout)[0]["scheduled_at"] is None

    def test_bad_time_and_article(self, isolated_home: Path) -> None:
        DraftStore().save("article", {"title": "T", "summary": "", "body": "b"})
        bad = agora("drafts", "schedule", "article", "soon")
        assert bad.returncode == 2 and "not a time" in bad.stderr
        article = agora("drafts", "schedule", "article", "1h")
        assert article.returncode == 2 and "Articles cannot be scheduled" in article.stderr


SIZES = pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])


class TestSnapshots:
    @SIZES
    def test_scheduled_marker(self, snap_compare: Any, isolated_home: Path, size: Any) -> None:
        store = DraftStore()
        store.save("post", {"text": "see you at the meetup", "cw": ""})
        store.schedule("post", FAKE_NOW + 3600)
        store.save("reply-3", {"text": "not scheduled", "cw": ""})
        for key, age in (("post", 300), ("reply-3", 900)):
            os.utime(store.root / f"{key}.json", (FAKE_NOW - age, FAKE_NOW - age))

        async def run(pilot: Any) -> None:
            await settle(pilot)
            await pilot.app.push_screen(DraftsScreen())
            await settle(pilot)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)

    @SIZES
    def test_schedule_modal_error(self, snap_compare: Any, isolated_home: Path, size: Any) -> None:
        DraftStore().save("post", {"text": "soon", "cw": ""})

        async def run(pilot: Any) -> None:
            await settle(pilot)
            await pilot.app.push_screen(DraftsScreen())
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot, lambda: isinstance(pilot.app.screen, ScheduleModal))
            await pilot.press(*"tomorrow", "enter")
            await settle(pilot)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)
