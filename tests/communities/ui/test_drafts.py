"""Nothing written in a community dialog is lost: each keeps a draft on disk (like compose),
fills it back in when the same dialog opens again, even after a restart, and forgets it only
once the transaction is confirmed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.communities.ui.test_pilot import _keys, _open, _to_post
from tests.ui.conftest import build, settle
from tui.core.drafts import DraftStore, community_draft_key, draft_community
from tui.core.errors import UsageError
from tui.ui.screens.communities.modals import (
    CommunityFormModal,
    ProposalModal,
    RuleReasonModal,
    TextModal,
)
from tui.ui.screens.confirm import ConfirmModal

pytestmark = pytest.mark.anyio


async def _type(pilot: Any, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_a_community_post_survives_escape_and_a_restart_until_confirmed() -> None:
    key = community_draft_key(1, "post")
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, 1)
        await _keys(pilot, "n")
        await _type(pilot, "half a thought")
        await _keys(pilot, "escape")
        assert DraftStore().load(key) == {"text": "half a thought"}
    app = build()  # a new process: the draft is read back from disk
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, 1)
        await _keys(pilot, "n")
        modal = app.screen
        assert isinstance(modal, TextModal)
        assert modal.query_one("#text-body").text == "half a thought"  # type: ignore[attr-defined]
        await _type(pilot, ", finished")
        await _keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmModal)
        assert DraftStore().load(key) == {"text": "half a thought, finished"}
        await _keys(pilot, "y")
        await settle(pilot)
        assert DraftStore().load(key) == {}  # confirmed: the draft is gone


async def test_an_unsent_reason_appeal_fork_and_proposal_are_kept() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, 1)
        await _to_post(pilot, screen, 103)
        await _keys(pilot, "h", "down", "space")
        await pilot.click("#reason-note")
        await _type(pilot, "off topic")
        await _keys(pilot, "escape")
        await _keys(pilot, "h")
        reason = app.screen
        assert isinstance(reason, RuleReasonModal)
        assert reason.query_one("#reason-note").value == "off topic"  # type: ignore[attr-defined]
        assert reason.query_one("SelectionList").selected == [2]  # type: ignore[attr-defined]
        await _keys(pilot, "escape")
        await _keys(pilot, "g")  # to the top, then down to a hidden post (its hide is appealed)
        await _to_post(pilot, screen, 104)
        await _keys(pilot, "a")
        await _type(pilot, "it was on topic")
        await _keys(pilot, "escape")
        assert DraftStore().load(community_draft_key(1, "appeal", 104)) == {
            "text": "it was on topic"
        }
        await _keys(pilot, "f")
        await pilot.click("#form-goal")
        await _type(pilot, "freer")
        await _keys(pilot, "escape", "f")
        form = app.screen
        assert isinstance(form, CommunityFormModal)
        assert form.query_one("#form-goal").value == "freer"  # type: ignore[attr-defined]
        await _keys(pilot, "escape")
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.run_community_command("community", {"id": 3})
        await settle(pilot)
        await _keys(pilot, "P")
        await pilot.click("#proposal-note")
        await _type(pilot, "more hands")
        await _keys(pilot, "escape", "P")
        proposal = app.screen
        assert isinstance(proposal, ProposalModal)
        assert proposal.query_one("#proposal-note").value == "more hands"  # type: ignore[attr-defined]
    listed = {d.key: d for d in DraftStore().list()}
    assert listed[community_draft_key(3, "proposal")].kind == "community"
    assert listed[community_draft_key(1, "fork")].preview == "freer"


def test_community_draft_names_are_valid_stable_and_never_scheduled() -> None:
    store = DraftStore()
    long_key = community_draft_key(2**200, "appeal", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
    assert long_key == community_draft_key(
        2**200, "appeal", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
    )
    store.save(long_key, {"text": "kept"})  # a valid name: no ValueError
    assert store.load(long_key) == {"text": "kept"}
    assert draft_community(community_draft_key(7, "reply", 12)) == 7
    key = community_draft_key(7, "post")
    store.save(key, {"text": "x"})
    with pytest.raises(UsageError, match="cannot be scheduled"):
        store.schedule(key, 2_000_000_000)
