"""A profile's endorsements name their attesters as timelines do: a verified ENS name (✓,
success colour), learned when the rows load, where only the address or a profile name was."""

from __future__ import annotations

import asyncio

import pytest

from tests.attest.test_tui import open_profile
from tests.names.shown import verified_spans
from tests.ui.conftest import build
from tests.ui.write.conftest import settle
from tui.ui.backends.names import FakeNames, use_names
from tui.ui.screens.endorsements.rows import row_lines
from tui.ui.widgets.virtual_list import VirtualList


@pytest.mark.usefixtures("no_remembered_names")
def test_attesters_show_verified_names() -> None:
    async def scenario() -> None:
        app = build()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_profile(pilot)
            await pilot.press("3")
            await settle(pilot)
            rows = screen.query_one("#profile-endorsements", VirtualList).source.items  # type: ignore[attr-defined]
            attester = rows[0].item.attester
            use_names(app.backend, FakeNames(names={attester: "carol.eth"}))
            screen.load()  # the rows load again; their attesters' names are learned
            await settle(pilot)
            lines = [line for row in rows for line in row_lines(row, 100)]
            named = [line for line in lines if "carol.eth ✓" in line.plain]
            assert named and all("carol.eth ✓" in verified_spans(line) for line in named)

    asyncio.run(scenario())
