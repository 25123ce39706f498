"""Warnings and errors the TUI shows are kept in the notices log after their toast is gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.write.conftest import make_agora, settle
from tui.core import notices

pytestmark = pytest.mark.anyio


async def test_warnings_and_errors_are_kept_sanitised_and_information_is_not(
    isolated_home: Path,
) -> None:
    app = make_agora()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.notify("Post #4 is on its way.", title="Sent")
        app.notify("nonce too low\x1b[2J", title="Failed", severity="error", markup=False)
        app.notify("The node is slow.", title="Pending", severity="warning")
        await settle(pilot)
    lines = notices.log_path(isolated_home).read_text("utf-8").splitlines()
    assert len(lines) == 2
    assert "\x1b" not in lines[0] and "nonce too low" in lines[0]
    assert lines[1].endswith("warning Pending: The node is slow.")


def test_the_log_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notices, "MAX_BYTES", 200)
    for n in range(20):
        notices.append(tmp_path, "error", "Failed", f"reason {n}", now=0)
    current = notices.log_path(tmp_path)
    older = current.with_name(notices.FILE_NAME + ".1")
    assert older.exists() and current.stat().st_size <= 200 + 100
    assert "reason 19" in current.read_text("utf-8")
    assert not current.with_name(notices.FILE_NAME + ".2").exists()
