"""Snapshots: verified ENS names on the timeline and a profile with its NFT avatar, drawn as
half-blocks (deterministic), at 100×30 and 80×24; and a look-alike profile name beside them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import SIZES, build, settle
from tui.core.ens.demo import identicon_png
from tui.ui.backend import FakeBackend
from tui.ui.backends.fake import FAKE_ME
from tui.ui.backends.names import FakeNames, use_names

BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
NAMELESS = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"


def named_app() -> Any:
    backend = FakeBackend()
    use_names(
        backend,
        FakeNames(
            names={FAKE_ME: "ada.eth", BRENDAN: "brendan.eth"},
            avatars={FAKE_ME: identicon_png("ada"), NAMELESS: identicon_png("nameless")},
        ),
    )
    return build(backend)


def run(*keys: str, wait: float = 0.3) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.pause(wait)  # the names pass runs in a worker after the first status poll
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(wait)
        await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES)
class TestNames:
    def test_timeline_shows_verified_names(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(named_app(), terminal_size=size, run_before=run("2"))

    def test_profile_with_nft_avatar(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(named_app(), terminal_size=size, run_before=run("p"))

    def test_profile_avatar_without_a_name(self, snap_compare: Any, size: Any) -> None:
        async def before(pilot: Any) -> None:
            await run()(pilot)
            pilot.app.action_open_profile(NAMELESS)
            await run()(pilot)

        assert snap_compare(named_app(), terminal_size=size, run_before=before)

    def test_compact_rows_show_verified_names(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(named_app(), terminal_size=size, run_before=run("2", "z"))

    def test_thread_pane_with_author_avatar(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(named_app(), terminal_size=size, run_before=run("2", "enter"))
