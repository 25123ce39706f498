"""A community's header, moderation log, members and Rules & about name accounts as
timelines do: a verified ENS name (✓, success colour) where the address was, and a moderator
whose profile calls itself "vitalik.eth" drawn as a claim beside its address."""

from __future__ import annotations

from typing import Any

import pytest

from tests.communities.ui.test_pilot import _keys, _open
from tests.names.shown import as_content, named_app, verified_spans
from tui.ui.screens.communities.community_panes import log_lines, member_line
from tui.ui.widgets.virtual_list import VirtualList

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("no_remembered_names")]
BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
CHIDI = "0x90F79bf6EB2c4f870365E785982E1f87e4e9a78f"


async def test_community_tabs_show_verified_names(monkeypatch: pytest.MonkeyPatch) -> None:
    app = named_app(monkeypatch, CHIDI)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, 1)
        header = as_content(screen.query_one("#community-header").render())
        assert verified_spans(header) == ["brendan.eth ✓"]  # the owner
        about = as_content(screen.query_one("#community-about").render())
        assert f"Owner: brendan.eth ✓ {BRENDAN}" in about.plain  # name and full address
        assert "Moderators: vitalik.eth 0x90F7…a78f" in about.plain
        assert "by vitalik.eth 0x90F7…a78f" in about.plain  # the expert's acknowledger
        assert set(verified_spans(about)) == {"brendan.eth ✓"}  # never the profile's claim
        await _keys(pilot, "2")
        log: Any = screen.query_one("#community-log", VirtualList).source
        heads = [log_lines(entry, 100)[0] for entry in log.items]
        by_brendan = [h for h in heads if "by brendan.eth ✓ 0x7099…79C8" in h.plain]
        assert by_brendan and all(verified_spans(h) == ["brendan.eth ✓"] for h in by_brendan)
        by_chidi = [h for h in heads if "by vitalik.eth 0x90F7…a78f" in h.plain]
        assert by_chidi and not any(verified_spans(h) for h in by_chidi)
        members: Any = screen.query_one("#community-members", VirtualList).source
        lines = {a: member_line(a, screen.detail) for a in members.items}
        assert lines[BRENDAN].plain.startswith("brendan.eth ✓ 0x7099…79C8")
        assert verified_spans(lines[BRENDAN]) == ["brendan.eth ✓"]
        assert lines[CHIDI].plain.startswith("vitalik.eth 0x90F7…a78f")
        assert verified_spans(lines[CHIDI]) == []
