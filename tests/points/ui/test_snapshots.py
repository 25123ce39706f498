"""Snapshots of the points screen at 100x30 and 80x24 (fake data through the real rule)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.communities.ui.test_pilot import _keys
from tests.ui.conftest import SIZES, build, settle


def run(*keys: str) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await _keys(pilot, *keys)

    return before


@pytest.mark.parametrize("size", SIZES)
def test_points_with_a_mismatch_warning(snap_compare: Any, size: Any) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=run("C", "G", "k", "enter", "o"))


def test_points_offline_show_the_indexed_governance(snap_compare: Any) -> None:
    from tui.core.errors import ChainError
    from tui.ui.backends.points import FakePoints

    def down(self: FakePoints, community: int) -> None:
        raise ChainError("connection refused")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(FakePoints, "view", down)
        before = run("C", "G", "k", "enter", "o")
        assert snap_compare(build(), terminal_size=SIZES[0], run_before=before)
