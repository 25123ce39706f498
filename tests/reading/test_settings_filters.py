"""Settings edits the reading filters: rules, muted and blocked people, hide options, desktop
notifications; only the changed ``[[filters.rules]]`` blocks of the settings file are written."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select, SelectionList, Static

from tests.filters.conftest import anyio_backend, build_core_app, home, settle  # noqa: F401
from tests.filters.kit import AUTHORS
from tui.core.context import AgoraContext
from tui.core.filters import actions
from tui.core.filters.store import ReadingStore
from tui.core.index.service import open_index
from tui.ui.widgets.filters_form import FiltersForm

SIZES = [(100, 30), (80, 24)]
COMMENTED = "# my own note about this rule\n"


def _prepare() -> Path:
    """Two rules (the first with a comment of the user's above it) and one muted author."""
    ctx = AgoraContext.load()
    index = open_index(ctx, network=ctx.settings.networks["cached"])
    actions.add_filter(ctx, index, "spoiler")
    actions.add_filter(ctx, index, "llama", tag=True, hide=True)
    actions.set_person(index, AUTHORS[1], "mute")
    index.close()
    path = Path(os.environ["AGORA_CONFIG"])
    text = path.read_text()
    path.write_text(text.replace("[[filters.rules]]", COMMENTED + "[[filters.rules]]", 1))
    return path


async def _open(pilot: Any) -> FiltersForm:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    form = pilot.app.screen.query_one(FiltersForm)
    form.scroll_visible(animate=False, top=True)
    await settle(pilot)
    return form


@pytest.mark.anyio
async def test_settings_edits_rules_people_hides_and_notifications(home: Path) -> None:  # noqa: F811
    path = _prepare()
    app = build_core_app()
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open(pilot)
        rules = form.query_one("#filter-rules", SelectionList)
        people = form.query_one("#filter-people", SelectionList)
        assert rules.selected == [1, 2] and people.selected == [AUTHORS[1]]
        rules.deselect(2)  # the hiding tag rule goes
        people.deselect(AUTHORS[1])  # Alice is shown again
        form.query_one("#filter-text", Input).value = "film"
        form.query_one("#filter-expires", Input).value = "7d"
        form.query_one("#person-ref", Input).value = "Spoiler Sam"
        form.query_one("#person-level", Select).value = "block"
        form.query_one("#hide-global", Select).value = "no-replies"
        form.query_one("#desktop-notifications", Select).value = "auto"
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = path.read_text()
        saved = tomllib.loads(text)
        assert [(r["id"], r["text"]) for r in saved["filters"]["rules"]] == [
            (1, "spoiler"),
            (3, "film"),
        ]
        assert saved["filters"]["rules"][1]["expires"] > 0
        assert COMMENTED in text  # the kept rule's block is as the user wrote it
        assert saved["desktop_notifications"] == "auto"
        assert app.ctx is not None
        store = ReadingStore(Path(app.ctx.home))
        assert store.people() == {AUTHORS[2]: "block"}
        assert app.ui_state.hide == {"global": "no-replies"}
        assert form.query_one("#filter-text", Input).value == ""  # saved: the field is free again
        await settle(pilot)
        assert form.query_one("#filter-rules", SelectionList).selected == [1, 3]


@pytest.mark.anyio
async def test_a_bad_rule_is_refused_and_nothing_is_written(home: Path) -> None:  # noqa: F811
    path = _prepare()
    before = path.read_bytes()
    app = build_core_app()
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open(pilot)
        form.query_one("#filter-rules", SelectionList).deselect(1)
        form.query_one("#filter-text", Input).value = "(unclosed"
        form.query_one("#filter-kind", Select).value = "regex"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert path.read_bytes() == before
        assert "regular expression" in str(app.screen.query_one("#settings-error", Static).render())
        assert form.query_one("#filter-text", Input).value == "(unclosed"  # what was typed stays


def _run(*steps: Any) -> Any:
    async def before(pilot: Any) -> None:
        form = await _open(pilot)
        for step in steps:
            step(form)
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES)
class TestSettingsFilters:
    def test_filters_section(self, home: Path, snap_compare: Any, size: Any) -> None:  # noqa: F811
        _prepare()
        assert snap_compare(build_core_app(), terminal_size=size, run_before=_run())


@pytest.mark.anyio
async def test_an_empty_list_is_not_a_tab_stop_and_says_so(home: Path) -> None:  # noqa: F811
    """With no rules and nobody muted, Tab went into two empty boxes where focus showed
    nowhere; now they are skipped and their labels say "none yet"."""
    app = build_core_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(pilot)
        form.query_one("#filter-text", Input).focus()
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "net-kubo_rpc"
        form.query_one("#person-ref", Input).focus()
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "filter-expires"
        labels = " ".join(str(label.render()) for label in form.query("Label"))
        assert "Keyword filters: none yet" in labels
        assert "Muted and blocked people: none yet" in labels
