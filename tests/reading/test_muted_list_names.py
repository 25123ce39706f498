"""Settings' muted and blocked people are named as timelines name them: a verified ENS name
(✓, success colour) beside the full address, learned when the list fills."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import SelectionList

from tests.filters.conftest import anyio_backend, build_core_app, home, settle  # noqa: F401
from tests.filters.kit import AUTHORS
from tests.names.shown import as_content, verified_spans
from tests.reading.test_settings_filters import _open, _prepare
from tui.ui.backends.names import FakeNames, use_names


@pytest.mark.anyio
@pytest.mark.usefixtures("no_remembered_names")
async def test_muted_people_show_verified_names(home: Path) -> None:  # noqa: F811
    _prepare()  # AUTHORS[1] muted
    app = build_core_app()
    use_names(app.backend, FakeNames(names={AUTHORS[1]: "alice.eth"}))
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open(pilot)
        people = form.query_one("#filter-people", SelectionList)
        prompt = as_content(people.get_option_at_index(0).prompt)
        assert f"alice.eth ✓ {AUTHORS[1]}" in prompt.plain
        assert verified_spans(prompt) == ["alice.eth ✓"]
