"""The points screen driven by keys over the fake backend (fixed records through the real rule)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.communities.ui.test_pilot import _keys, _open
from tests.ui.conftest import build
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.points.screen import PointsScreen

pytestmark = pytest.mark.anyio


def _intent(request: Any) -> Any:
    """The CallIntent behind a capability's write request (built from the content store)."""
    from tui.core.content.store import FakeContentStore

    if hasattr(request, "build"):
        return request.build(FakeContentStore())
    return request.plan(None, None, "", FakeContentStore())[0]


def _text(screen: PointsScreen) -> str:
    from textual.widgets import Static

    return str(screen.query_one("#points-text", Static).render())


async def test_o_opens_points_with_roots_verified_and_the_mismatch_warned() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, 1)
        await _keys(pilot, "o")
        screen = app.screen
        assert isinstance(screen, PointsScreen)
        text = _text(screen)
        assert "Workshop Points (WSP)" in text
        assert "epoch 0 · accepted" in text and "✓ matches the rule" in text
        assert "✗ MISMATCH: the pending root of epoch 1 does not match the rule" in text
        assert "0x90f7…f8ae: rule 197.5, proposed 198.5" in text  # the padded account
        assert "1 of 0x3C44…93BC's budget, for #1 ×2" in text  # the drill-down: giver and posts
        assert "the moderators' share" in text


async def test_claim_confirms_through_the_shared_flow() -> None:
    app: Any = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, 1)
        await _keys(pilot, "o", "c")
        assert isinstance(app.screen, ConfirmModal)
        await _keys(pilot, "y")
        (request,) = [
            r
            for r in app.backend.writer.submitted
            if getattr(r, "summary", "").startswith("Claim ")
        ]
        assert "community #1" in request.summary
        intent = _intent(request)
        assert intent.function == "claim(uint256,address,uint256,bytes32[])"
        assert intent.args[1].lower() == app.backend.account.lower()


async def test_a_community_without_points_says_so() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, 2)
        await _keys(pilot, "o")
        assert "has not enabled points" in _text(app.screen)  # type: ignore[arg-type]
        await _keys(pilot, "c")
        assert isinstance(app.screen, PointsScreen)


async def test_redeem_asks_perk_and_amount_and_refuses_more_than_held() -> None:
    app: Any = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, 1)
        await _keys(pilot, "o", "b")
        from tui.ui.screens.communities.modals import TextModal

        assert isinstance(app.screen, TextModal)
        for ch in "1 5":
            await pilot.press("space" if ch == " " else ch)
        await _keys(pilot, "ctrl+s")
        assert isinstance(app.screen, PointsScreen)
        notices = [str(n.message) for n in app._notifications]
        assert any("You hold 0 WSP; that is less than 5 WSP" in n for n in notices)
        assert not [r for r in app.backend.writer.submitted if "Burn" in getattr(r, "summary", "")]


async def _typed(pilot: Any, text: str) -> None:
    await pilot.click("#text-body")
    for ch in text:
        await pilot.press("space" if ch == " " else ("full_stop" if ch == "." else ch))
    await _keys(pilot, "ctrl+s")


async def test_governance_is_shown_with_the_weight_and_the_expired_membership() -> None:
    app = build()
    async with app.run_test(size=(100, 40)) as pilot:
        await _open(pilot, 1)
        await _keys(pilot, "o")
        text = _text(app.screen)  # type: ignore[arg-type]
        assert "Governance" in text
        assert "votes weigh by points earned (without a proof: 1); yours:" in text
        assert "admits from 50 points earned without an invite" in text
        assert "membership for sale: 720 blocks per point (m buys)" in text
        assert "your membership EXPIRED at block 140" in text


async def test_membership_settings_join_and_veto_vote_confirm_their_calls() -> None:
    app: Any = build()
    async with app.run_test(size=(100, 40)) as pilot:
        await _open(pilot, 1)
        await _keys(pilot, "o", "m")
        await _typed(pilot, "500")  # more than held: refused before any confirmation
        assert isinstance(app.screen, PointsScreen)
        await _keys(pilot, "S")
        await _typed(pilot, "vote=one membership=100")
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.confirmation.function.startswith("setPointsRules(")
        await _keys(pilot, "y")
        assert isinstance(app.screen, ConfirmModal)  # the second call of the same action
        assert app.screen.confirmation.function.startswith("setPerk(")
        await _keys(pilot, "y")
        await _keys(pilot, "j")
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.confirmation.function.startswith("joinEarned(")
        await _keys(pilot, "y", "V")
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.confirmation.function.startswith("propose(")
        await _keys(pilot, "y")
        *_settings, join, vote = app.backend.writer.submitted
        assert join.fake()[0].function.startswith("joinEarned(")
        veto = vote.fake()[0]
        assert veto.args[1] == 6 and veto.args[2] == int.from_bytes(b"\x01" * 32, "big")


async def test_the_governance_log_shows_the_latest_changes_cleaned() -> None:
    from tui.core.points.gov_history import Change
    from tui.ui.backends.points import FakePoints, GovernanceLog

    real = FakePoints.governance
    hostile = Change(
        148, 2, 0, "", "rules", "0x" + "ab" * 20, "\x1b]52;c;evil\x07[red]x[/red]\nnext"
    )

    def more(self: FakePoints, community: int) -> GovernanceLog | None:
        log = real(self, community)
        assert log is not None
        changes = [*log.changes] * 2 + [hostile]  # more than the screen shows
        return GovernanceLog(changes, log.rules, log.block)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(FakePoints, "governance", more)
        app = build()
        async with app.run_test(size=(100, 40)) as pilot:
            await _open(pilot, 1)
            await _keys(pilot, "o")
            text = _text(app.screen)  # type: ignore[arg-type]
    log = text[text.index("Governance log") :]
    assert "(latest 6 of 9; agora points history 1)" in log
    rows = log.splitlines()[1:7]
    assert "block 148" in rows[0] and "[red]x[/red] next" in rows[0] and "\x1b" not in log
    assert "perk 1: 0 → 720 blocks of membership per point" in log
    assert "2023-11-14 22:13 · 0x3C44…93BC" in log  # when, and who


async def test_offline_the_last_indexed_settings_and_log_are_shown_as_possibly_stale() -> None:
    from tui.core.errors import ChainError
    from tui.ui.backends.points import FakePoints

    def down(self: FakePoints, community: int) -> None:
        raise ChainError("connection refused")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(FakePoints, "view", down)
        app = build()
        async with app.run_test(size=(100, 40)) as pilot:
            await _open(pilot, 1)
            await _keys(pilot, "o")
            text = _text(app.screen)  # type: ignore[arg-type]
    assert "Points could not be read from the node (connection refused)" in text
    assert "last indexed (block 148); they may be stale" in text
    assert "votes weigh by earned points (without a proof: 1)" in text
    assert "admits from 50 points earned" in text
    assert "perk 1 buys 720 blocks of membership per point" in text
    assert "proposed vote #3 to veto the pending root" in text
