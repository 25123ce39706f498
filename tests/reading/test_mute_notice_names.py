"""The mute notice names the account as timelines do (a verified ENS name with ✓ and the short
address), not by its bare full address; a profile calling itself "vitalik.eth" gets no ✓."""

from __future__ import annotations

import pytest

from tests.names.shown import named_app
from tests.power.test_tui_power import notes
from tests.ui.conftest import settle

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("no_remembered_names")]
BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
CHIDI = "0x90F79bf6EB2c4f870365E785982E1f87e4e9a78f"


async def test_the_mute_notice_names_the_account(monkeypatch: pytest.MonkeyPatch) -> None:
    app = named_app(monkeypatch, CHIDI)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for who in (BRENDAN, CHIDI):
            app.run_worker(lambda w=who: app._toggle_mute(w), thread=True)
            await settle(pilot)
        shown = notes(app)
        assert "brendan.eth ✓ 0x7099…79C8 is muted." in shown
        assert "vitalik.eth 0x90F7…a78f is muted." in shown
        assert "vitalik.eth ✓" not in shown and BRENDAN not in shown
