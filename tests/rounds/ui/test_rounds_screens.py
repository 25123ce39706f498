"""The Rounds screens over the fake backend: snapshots of every screen and flow, pilot tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import SIZES, build
from tests.ui.write.conftest import settle as bounded_settle
from tui.core.rounds.model import KIND_ARTICLE, KIND_POST
from tui.ui.backend import FakeBackend
from tui.ui.backends.rounds import FakeRounds, rounds_of


async def settle(pilot: Any) -> None:
    """Bounded: a write flow's worker waits on its modal, so "every worker done" never comes."""
    await bounded_settle(pilot, rounds=15)


def run(*keys: str) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES)
class TestRoundsSnapshots:
    def test_rounds_list_and_detail(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("F"))

    def test_claiming_round_with_an_award(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("F", "down"))

    def test_ballot(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("F", "c"))

    def test_allocate_modal(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("F", "c", "a", *"0.1", "enter", *"clear")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))

    def test_allocate_confirmation(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("F", "c", "a", *"0.1", "enter", *"clear", "enter")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))

    def test_claim_confirmation(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("F", "down", "y"))

    def test_open_wizard(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("F", "o", *"Docs", "enter", "enter", *"docs", "enter", *"1")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))


@pytest.mark.anyio
async def test_allocating_sends_through_the_confirmation() -> None:
    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in ("F", "c", "a", *"0.1", "enter", *"useful", "enter"):
            await pilot.press(key)
            await settle(pilot)
        await pilot.press("y")  # confirm
        await settle(pilot)
    side = rounds_of(backend)
    assert isinstance(side, FakeRounds)
    (prepared,) = side.prepared
    assert prepared == ("round_allocate", 2, KIND_POST, 17, 10**17, "useful")
    assert backend.writer.submitted == [prepared]  # type: ignore[attr-defined]


@pytest.mark.anyio
async def test_over_budget_is_refused_in_the_modal() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in ("F", "c", "a", *"5", "enter", "enter"):
            await pilot.press(key)
            await settle(pilot)
        error = app.screen.query_one("#allocate-error")
        assert "Over budget" in str(error.render())


@pytest.mark.anyio
async def test_claim_is_refused_before_signing_for_someone_else() -> None:
    backend = FakeBackend()
    side = rounds_of(backend)
    with pytest.raises(Exception, match="Only the payee can claim post #10"):
        side.prepare_claim(1, KIND_POST, 10)
    with pytest.raises(Exception, match="has 1 backer"):
        side.prepare_claim(1, KIND_POST, 6)
    with pytest.raises(Exception, match="already claimed"):
        side.prepare_claim(1, KIND_POST, 2)
    prepared = side.prepare_claim(1, KIND_ARTICLE, 1)
    assert prepared.confirmation.summary == "Claim 0.5 ETH for article #1 from round #1"
    assert prepared.confirmation.payee is not None
    assert prepared.confirmation.payee.address == backend.account


@pytest.mark.anyio
async def test_open_wizard_checks_what_was_typed() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("F", "o")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "needs a name" in str(app.screen.query_one("#open-error").render())


def test_an_article_card_shows_its_unclaimed_award() -> None:
    from dataclasses import replace

    from tui.ui.backend import FAKE_NOW
    from tui.ui.widgets.post_card import article_lines

    article = FakeBackend()._articles[0]
    plain = " ".join(line.plain for line in article_lines(article, 80, FAKE_NOW))
    assert "unclaimed award" not in plain
    awarded = replace(article, unclaimed_award_wei=2 * 10**17)
    text = " ".join(line.plain for line in article_lines(awarded, 80, FAKE_NOW))
    assert "unclaimed award 0.2 ETH" in text
