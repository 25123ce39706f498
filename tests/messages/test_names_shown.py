"""Messages name the people in them as timelines do: a verified ENS name (✓, success colour)
where the short address was, and a profile calling itself "vitalik.eth" drawn as a claim."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from tests.messages.test_screen import open_messages
from tests.names.shown import as_content, named_app, verified_spans
from tui.ui.backends.messages import FAKE_BRENDAN, FAKE_STRANGER

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("no_remembered_names")]


async def test_conversations_and_header_show_verified_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = named_app(monkeypatch, FAKE_STRANGER)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_messages()(pilot)
        options = app.screen.query_one("#dm-conversations", OptionList)
        prompts = [as_content(options.get_option_at_index(i).prompt) for i in range(2)]
        stranger, brendan = prompts
        assert "brendan.eth ✓" in brendan.plain and "0x7099…79C8" in brendan.plain
        assert verified_spans(brendan) == ["brendan.eth ✓"]
        assert "vitalik.eth" in stranger.plain and "✓" not in stranger.plain
        assert verified_spans(stranger) == []  # a self-chosen name is not styled as verified
        await pilot.press("down")  # Brendan's conversation: name and full address on top
        for _ in range(20):
            await pilot.pause(0.02)
        header = app.screen.query_one("#dm-peer", Static).render()
        assert "brendan.eth ✓" in str(header) and FAKE_BRENDAN in str(header)
        senders = [str(s.render()) for s in app.screen.query(".dm-message").results(Static)]
        assert any(s.startswith("brendan.eth ✓") for s in senders)
