"""Rounds through the real pipeline and index: checks before signing, confirmation with the
payee, signed transactions in the outbox, events indexed and folded into the contract's numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.actions.conftest import make_signer
from tests.conftest import DEV_ADDRESSES
from tests.index.kit import Agora, deploy
from tui.core.actions import TxPipeline
from tui.core.chain.abi import decode_result, encode_call
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex
from tui.core.rounds import prepare
from tui.core.rounds.checks import RoundRefused
from tui.core.rounds.documents import Scope
from tui.core.rounds.model import KIND_ARTICLE, KIND_POST, Phase
from tui.core.rounds.views import awards_for, candidates, list_rounds, round_view

ETH = 10**18
WEEK = 7 * 86400


@pytest.fixture
def agora(anvil: RpcClient, tmp_path: Path) -> Agora:
    return deploy(anvil, LocalContentStore(tmp_path / "content"))


def _pipeline(agora: Agora, home: Path) -> TxPipeline:
    assert agora.store is not None
    return TxPipeline(home, agora.network, agora.rpc, agora.store)


def _send(pipeline: TxPipeline, intent: object, who: int) -> None:
    prepared = pipeline.prepare(intent, DEV_ADDRESSES[who])  # type: ignore[arg-type]
    entry = pipeline.submit(prepared, make_signer(who))
    entry = pipeline.wait(entry.hash, timeout=30)
    assert entry.status.value == "confirmed", entry.error


def _payout(agora: Agora, rid: int, kind: int, target: int) -> int:
    rounds = agora.deployment.contracts["rounds"]
    data = agora.rpc.eth_call(rounds, encode_call("Rounds", "payoutOf", [rid, kind, target]))
    return int(decode_result("Rounds", "payoutOf", data)[0])


def _advance(rpc: RpcClient, seconds: int) -> None:
    rpc.call("evm_increaseTime", [seconds])
    rpc.call("evm_mine")


def _past(agora: Agora, field: str) -> None:
    """Move the chain's clock past round #1's ``allocate_end`` or ``claim_end`` (deadlines
    count from the later of the chain's clock and the wall clock)."""
    from tui.core.rounds.chainread import now, read_round

    deadline = getattr(read_round(agora.rpc, agora.deployment.contracts["rounds"], 1), field)
    _advance(agora.rpc, max(deadline - now(agora.rpc), 0) + 1)


def test_open_allocate_and_claim_as_the_certificate_holder(
    agora: Agora, isolated_home: Path, tmp_path: Path
) -> None:
    rpc, network = agora.rpc, agora.network
    agora.post(1, "a helpful explainer")
    agora.publish(1, "Guide", "# Guide\n\nhow it works")
    pipeline = _pipeline(agora, isolated_home)
    scope = Scope(name="Explainers", work_scope=("docs",))
    assert agora.store is not None
    intent = prepare.open_intent(
        rpc, agora.store, pot=ETH, scope=scope, evaluators=[DEV_ADDRESSES[2], DEV_ADDRESSES[3]], quorum=2,
        allocate_for=3600, claim_for=WEEK,
    )  # fmt: skip
    prepared = pipeline.prepare(intent, DEV_ADDRESSES[0])
    assert prepared.confirmation.value_wei == ETH
    assert "Open a funding round of 1 ETH" in prepared.confirmation.summary
    _send(pipeline, intent, 0)
    agora.post(1, "written after the round opened")

    def allocate(who: int, kind: int, target: int, amount: int, reason: str = "good") -> None:
        intent = prepare.allocate_intent(
            rpc, network, pipeline.content, sender=DEV_ADDRESSES[who], round_id=1, kind=kind, target=target,
            amount=amount, reason=reason,
        )  # fmt: skip
        _send(pipeline, intent, who)

    allocate(2, KIND_ARTICLE, 1, ETH // 10)
    allocate(3, KIND_POST, 1, ETH // 20)
    with pytest.raises(RoundRefused, match="not an evaluator"):
        allocate(0, KIND_POST, 1, 1)
    with pytest.raises(RoundRefused, match="newer than round #1"):
        allocate(2, KIND_POST, 2, 1)
    with pytest.raises(RoundRefused, match="Over budget"):
        allocate(2, KIND_POST, 1, ETH // 2)
    # The certificate changes hands mid-round; the second backer still backs it.
    agora.mined(agora.send(1, "Articles", "transferFrom", [DEV_ADDRESSES[1], DEV_ADDRESSES[0], 1]))
    allocate(3, KIND_ARTICLE, 1, ETH // 10)
    with pytest.raises(RoundRefused, match="still allocating"):
        prepare.claim_intent(rpc, network, sender=DEV_ADDRESSES[0], round_id=1, kind=2, target=1)

    index = AgoraIndex(connect(tmp_path / "index.sqlite"), network, store=agora.store)
    try:
        index.sync(rpc=rpc)
        now = int(rpc.get_block("latest")["timestamp"], 16)  # type: ignore[index]
        view = round_view(index.conn, 1, now, agora.store)
        assert view is not None and view.phase == Phase.ALLOCATING
        assert view.scope_name == "Explainers"
        assert view.results.payout(KIND_ARTICLE, 1) == _payout(agora, 1, KIND_ARTICLE, 1)
        assert view.results.payout(KIND_POST, 1) == _payout(agora, 1, KIND_POST, 1) == 0
        assert view.results.budget_left(DEV_ADDRESSES[2]) == ETH // 2 - ETH // 10
        assert awards_for(index.conn, KIND_ARTICLE, 1, now) == [(1, ETH // 5)]
        # The certificate carries its award: the article card's badge.
        assert index.article(1).unclaimed_award_wei == ETH // 5
        assert index.articles()[0].unclaimed_award_wei == ETH // 5
        eligible = {(c.kind, c.target) for c in candidates(index.conn, view.round)}
        assert eligible == {(KIND_POST, 1), (KIND_ARTICLE, 1)}

        _past(agora, "allocate_end")
        with pytest.raises(RoundRefused, match="Only the payee can claim article #1"):
            prepare.claim_intent(
                rpc, network, sender=DEV_ADDRESSES[1], round_id=1, kind=2, target=1
            )
        with pytest.raises(RoundRefused, match="1 backer"):
            prepare.claim_intent(
                rpc, network, sender=DEV_ADDRESSES[1], round_id=1, kind=1, target=1
            )
        claim = prepare.claim_intent(
            rpc, network, sender=DEV_ADDRESSES[0], round_id=1, kind=2, target=1
        )
        prepared = pipeline.prepare(claim, DEV_ADDRESSES[0])
        assert prepared.confirmation.payee is not None
        assert prepared.confirmation.payee.address == DEV_ADDRESSES[0]
        assert "current holder of article #1" in prepared.confirmation.payee.reason
        assert "Claim 0.2 ETH for article #1 from round #1" in prepared.confirmation.summary
        before = rpc.balance(DEV_ADDRESSES[0])
        _send(pipeline, claim, 0)
        assert rpc.balance(DEV_ADDRESSES[0]) > before + ETH // 5 - 10**16
        with pytest.raises(RoundRefused, match="already claimed"):
            prepare.claim_intent(
                rpc, network, sender=DEV_ADDRESSES[0], round_id=1, kind=2, target=1
            )
        with pytest.raises(RoundRefused, match="can be reclaimed after"):
            prepare.reclaim_intent(rpc, network, round_id=1)
        _past(agora, "claim_end")
        reclaim = prepare.reclaim_intent(rpc, network, round_id=1)
        assert reclaim.summary.startswith("Return 0.8 ETH left in round #1 to its funder")
        _send(pipeline, reclaim, 1)
        index.sync(rpc=rpc)
        now = int(rpc.get_block("latest")["timestamp"], 16)  # type: ignore[index]
        assert index.article(1).unclaimed_award_wei == 0  # claimed: no badge any more
        (listed,) = list_rounds(index.conn, now, agora.store)
        assert listed.phase == Phase.CLOSED
        assert listed.results.paid == ETH // 5
        assert listed.results.reclaimed == ETH - ETH // 5
    finally:
        index.close()
