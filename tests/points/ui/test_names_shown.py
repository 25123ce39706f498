"""The points screen names givers and root proposers as timelines do: a verified ENS name
(✓, success colour) where the short address was; a profile calling itself "vitalik.eth" is
drawn as a claim beside its address, never styled as verified."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.communities.ui.test_pilot import _keys, _open
from tests.names.shown import as_content, verified_spans
from tests.ui.conftest import build, settle
from tui.ui.backend import FakeBackend
from tui.ui.backends import fake as fake_data
from tui.ui.backends.names import FakeNames, use_names
from tui.ui.screens.points.screen import PointsScreen

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("no_remembered_names")]
GIVER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"


async def test_points_show_verified_names(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, 1)
        await _keys(pilot, "o")
        screen = app.screen
        assert isinstance(screen, PointsScreen) and screen.view is not None
        proposer = screen.view.roots[0].proposer
        monkeypatch.setitem(fake_data.FAKE_PEOPLE, proposer, ("vitalik.eth", ""))
        use_names(backend, FakeNames(names={GIVER: "bob.eth"}))
        screen.action_reload()
        await settle(pilot)
        text = as_content(screen.query_one("#points-text", Static).render())
        assert "1 of bob.eth ✓ 0x3C44…93BC's budget, for #1 ×2" in text.plain
        assert f"by vitalik.eth {proposer[:6]}…{proposer[-4:]} · ✓ matches" in text.plain
        names = {span for span in verified_spans(text) if "matches the rule" not in span}
        assert names == {"bob.eth ✓"}  # the profile's claim is not styled as verified
