"""Snapshots of the Communities screens and dialogs at 100x30 and 80x24 (fake data, fixed clock)."""

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
class TestCommunities:
    def test_directory_with_a_hostile_name(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("C"))

    def test_community_posts_with_collapsed_hidden_posts(
        self, snap_compare: Any, size: Any
    ) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("C", "G", "k", "enter"))

    def test_moderation_log_with_an_appeal(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(
            build(), terminal_size=size, run_before=run("C", "G", "k", "enter", "2")
        )

    def test_fork_shows_the_parents_history(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("C", "G", "enter"))

    def test_rules_and_about(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(
            build(), terminal_size=size, run_before=run("C", "G", "k", "enter", "4")
        )

    def test_hide_reason_picker(self, snap_compare: Any, size: Any) -> None:
        keys = ("C", "G", "k", "enter", "j", "j", "j", "h", "down", "space")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))

    def test_fork_form(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(
            build(), terminal_size=size, run_before=run("C", "G", "k", "enter", "f")
        )

    def test_proposals(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("C", "j", "enter", "6"))

    def test_create_form(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("C", "c"))

    def test_post_into_a_community(self, snap_compare: Any, size: Any) -> None:
        keys = ("C", "G", "k", "enter", "n", "h", "i")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))

    def test_proposal_dialog(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("C", "j", "enter", "P"))

    def test_experts_only_with_their_badges(self, snap_compare: Any, size: Any) -> None:
        keys = ("C", "G", "k", "enter", "asterisk")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))
