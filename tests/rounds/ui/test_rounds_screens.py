"""The Rounds screens over the fake backend: snapshots of every screen and flow, pilot tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import SIZES, build
from tests.ui.write.conftest import settle as bounded_settle
from tui.core.rounds.model import KIND_ARTICLE, KIND_POST
from tui.ui.backend import FakeBackend
from tui.ui.backends.fake_rounds import FakeRounds
from tui.ui.backends.rounds import rounds_of
from tui.ui.writes import PlannedRequest


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
    (sent,) = backend.writer.submitted  # type: ignore[attr-defined]
    assert isinstance(sent, PlannedRequest)  # through flows.run_steps, like a token tip
    assert sent.summary == "Allocate 0.1 ETH to post #17 in round #2"


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
        side.claim_request(1, KIND_POST, 10)
    with pytest.raises(Exception, match="has 1 backer"):
        side.claim_request(1, KIND_POST, 6)
    with pytest.raises(Exception, match="already claimed"):
        side.claim_request(1, KIND_POST, 2)
    prepared = backend.writer.prepare(side.claim_request(1, KIND_ARTICLE, 1))
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


def token_app() -> Any:
    """The fake with round #3, paid in DEMO, listed first."""
    backend = FakeBackend()
    side = rounds_of(backend)
    assert isinstance(side, FakeRounds)
    side.token_round = True
    return build(backend)


@pytest.mark.parametrize("size", SIZES)
class TestTokenRoundSnapshots:
    def test_token_round_in_its_units(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(token_app(), terminal_size=size, run_before=run("F"))

    def test_token_ballot(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(token_app(), terminal_size=size, run_before=run("F", "c"))

    def test_token_allocate_modal(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("F", "c", "a", *"12.5")
        assert snap_compare(token_app(), terminal_size=size, run_before=run(*keys))

    def test_token_pot_approve_step(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=open_token_round())


def open_token_round() -> Any:
    """The wizard filled for a 250 DEMO pot, then ctrl+s: the first step (approve) to confirm."""
    fields = {
        "#open-name": "Docs",
        "#open-pot": "250",
        "#open-token": "DEMO",
        "#open-evaluators": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8, "
        "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    }

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("F", "o")
        await settle(pilot)
        for selector, value in fields.items():
            pilot.app.screen.query_one(selector).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)

    return before


@pytest.mark.anyio
async def test_a_token_pot_is_approved_then_opened_in_two_confirmed_steps() -> None:
    from tui.ui.screens.confirm import ConfirmModal

    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_token_round()(pilot)
        assert isinstance(app.screen, ConfirmModal)
        first = app.screen.confirmation
        assert first.function == "approve(address,uint256)"
        assert "exactly 250 DEMO" in first.summary
        await pilot.press("y")
        await settle(pilot)
        for _ in range(50):  # the second step is planned once the first is confirmed
            if isinstance(app.screen, ConfirmModal) and app.screen.confirmation is not first:
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, ConfirmModal)
        second = app.screen.confirmation
        assert second.summary.startswith("Open a funding round of 250 DEMO")
        assert second.value_wei == 0  # the pot moves as tokens, not ETH
        await pilot.press("y")
        await settle(pilot)
    side = rounds_of(backend)
    assert isinstance(side, FakeRounds)
    (request,) = side.prepared
    assert (request.token, request.pot_text) == ("DEMO", "250")
    assert len(backend.writer.submitted) == 2  # type: ignore[attr-defined]


@pytest.mark.anyio
async def test_token_amounts_are_typed_and_shown_in_the_tokens_units() -> None:
    backend = FakeBackend()
    side = rounds_of(backend)
    assert isinstance(side, FakeRounds)
    side.token_round = True
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in ("F",):
            await pilot.press(key)
            await settle(pilot)
        detail = str(app.screen.query_one("#round-detail-text").render())
        assert "pot          1,500 DEMO from" in detail
        assert "units" not in detail
        for key in ("c", "a", *"12.5", "enter", "enter"):
            await pilot.press(key)
            await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    (prepared,) = side.prepared
    assert prepared == ("round_allocate", 3, KIND_POST, 21, 125 * 10**17, "")


@pytest.mark.anyio
async def test_the_highlighted_line_is_the_candidate_allocated_to() -> None:
    """An evaluator's work is listed last, and the keys act on the line the cursor is on."""
    from textual.widgets import OptionList

    from tui.ui.screens.rounds.ballot import BallotScreen

    backend = FakeBackend()
    side = rounds_of(backend)
    assert isinstance(side, FakeRounds)
    listed = side.candidates

    def evaluators_work_first(view: Any) -> list[Any]:
        from dataclasses import replace

        found = listed(view)
        evaluator = view.round.evaluators[0]
        return [replace(found[-1], holder=evaluator, author=evaluator), *found[:-1]]

    side.candidates = evaluators_work_first  # type: ignore[method-assign]
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in ("F", "c"):
            await pilot.press(key)
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BallotScreen)
        options = screen.query_one(OptionList)
        for index in range(options.option_count):
            options.highlighted = index
            current = screen.current
            assert current is not None
            assert options.get_option_at_index(index).id == f"{current.kind}-{current.target}"
        last = str(options.get_option_at_index(options.option_count - 1).prompt)
        assert "cannot be backed" in last


@pytest.mark.anyio
async def test_one_reply_is_singular_on_the_ballot() -> None:
    from textual.widgets import OptionList

    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in ("F", "c"):
            await pilot.press(key)
            await settle(pilot)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(" 1 reply" in p for p in prompts)
        assert not any(" 1 replies" in p for p in prompts)
