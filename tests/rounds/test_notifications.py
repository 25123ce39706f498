"""Round notifications through the index's generic hook: each account sees what concerns it
(named evaluator, allocations to its work, an award to claim, a deadline, claims and a reclaim),
read from indexed rows alone, as the Alerts tab and ``agora notifications`` show them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES
from tests.index.kit import Agora, deploy
from tests.rounds.test_flow import _past, _pipeline, _send
from tui.cli.read import _notification_text
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex
from tui.core.rounds import prepare
from tui.core.rounds.documents import Scope
from tui.core.rounds.model import KIND_POST
from tui.ui.widgets.post_card import notification_lines

ETH = 10**18
WEEK = 7 * 86400


@pytest.fixture
def agora(anvil: RpcClient, tmp_path: Path) -> Agora:
    return deploy(anvil, LocalContentStore(tmp_path / "content"))


def _rounds_alerts(index: AgoraIndex, who: int) -> list[tuple[str, str, str]]:
    index.me = DEV_ADDRESSES[who]
    return [(n.kind, n.actor, n.text) for n in index.notifications() if n.kind.startswith("round_")]


def test_round_notifications_follow_a_round_from_open_to_reclaim(
    agora: Agora, isolated_home: Path, tmp_path: Path
) -> None:
    rpc, network = agora.rpc, agora.network
    funder, author, ev1, ev2 = DEV_ADDRESSES[:4]
    agora.post(1, "a helpful explainer")
    pipeline = _pipeline(agora, isolated_home)
    assert agora.store is not None
    intent = prepare.open_intent(
        rpc, agora.store, pot=ETH, scope=Scope(name="Explainers"), evaluators=[ev1, ev2],
        quorum=2, allocate_for=3600, claim_for=WEEK,
    )  # fmt: skip
    _send(pipeline, intent, 0)
    for who in (2, 3):
        alloc = prepare.allocate_intent(
            rpc, network, pipeline.content, sender=DEV_ADDRESSES[who], round_id=1,
            kind=KIND_POST, target=1, amount=ETH // 10,
        )  # fmt: skip
        _send(pipeline, alloc, who)

    index = AgoraIndex(connect(tmp_path / "index.sqlite"), network, store=agora.store)
    try:
        index.sync(rpc=rpc)
        alerts = _rounds_alerts(index, 2)
        assert ("round_evaluator", funder, "round #1") in alerts
        (deadline,) = [a for a in alerts if a[0] == "round_deadline"]
        assert deadline[1] == funder and deadline[2].startswith("round #1 (allocation closes ")
        assert _rounds_alerts(index, 1) == [
            ("round_allocation", ev2, "post #1 in round #1"),
            ("round_allocation", ev1, "post #1 in round #1"),
        ]
        assert _rounds_alerts(index, 0) == []  # the funder: nothing happened to it yet
        index.me = author
        shown = next(n for n in index.notifications() if n.kind == "round_allocation")
        assert shown.amount_wei == ETH // 10 and shown.post_id == 1
        card = " ".join(line.plain for line in notification_lines(shown, 80, 0))
        assert "allocated to your work in a funding round" in card and "0.1 ETH" in card
        assert "allocated to your 'post #1 in round #1'" in _notification_text(shown)

        # Allocation closes; once the index sees a block past it, the award is claimable.
        _past(agora, "allocate_end")
        agora.post(3, "a block with a log, after the deadline")
        index.sync(rpc=rpc)
        assert not [a for a in _rounds_alerts(index, 2) if a[0] == "round_deadline"]
        assert ("round_award", funder, "post #1 in round #1") in _rounds_alerts(index, 1)
        index.me = author
        award = next(n for n in index.notifications() if n.kind == "round_award")
        assert "funds a round with an award for you to claim" in _notification_text(award)

        claim = prepare.claim_intent(
            rpc, network, sender=author, round_id=1, kind=KIND_POST, target=1
        )
        _send(pipeline, claim, 1)
        index.sync(rpc=rpc)
        assert not [a for a in _rounds_alerts(index, 1) if a[0] == "round_award"]
        assert _rounds_alerts(index, 0) == [("round_claim", author, "round #1 for post #1")]

        _past(agora, "claim_end")
        _send(pipeline, prepare.reclaim_intent(rpc, network, round_id=1), 0)
        index.sync(rpc=rpc)
        assert _rounds_alerts(index, 3)[0] == ("round_reclaim", funder, "round #1")
        assert not [a for a in _rounds_alerts(index, 1) if a[0] == "round_reclaim"]
    finally:
        index.close()
