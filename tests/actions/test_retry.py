"""Retrying an action whose transaction did not carry it through, on a real anvil."""

from __future__ import annotations

import pytest

from tests.actions.conftest import make_signer
from tests.conftest import DEV_ADDRESSES
from tui.core.actions import FollowIntent, PostIntent, TipIntent, TxPipeline, TxStatus
from tui.core.actions.intents import UnfollowIntent
from tui.core.chain.abi import decode_log
from tui.core.chain.rpc import RpcClient
from tui.core.errors import ChainError, ContentError, UsageError


def _events(pipeline: TxPipeline, tx_hash: str) -> list[object]:
    receipt = pipeline.rpc.receipt(tx_hash)
    assert receipt is not None
    return [decode_log(log) for log in receipt["logs"]]


def test_a_cancelled_post_is_retried_with_the_same_content(
    pipeline: TxPipeline, anvil: RpcClient
) -> None:
    anvil.call("evm_setAutomine", [False])
    signer = make_signer(1)
    post = pipeline.submit(pipeline.prepare(PostIntent("second thoughts"), signer.address), signer)
    pipeline.submit(pipeline.prepare_replacement(post.hash, cancel=True), signer)
    anvil.call("evm_mine")
    assert pipeline.wait(post.hash, timeout=30).status == TxStatus.CANCELLED
    anvil.call("evm_setAutomine", [True])

    again = pipeline.prepare_retry(post.hash)
    conf = again.confirmation
    assert conf.cids == tuple(post.intent["cids"])  # the stored document, not new text
    assert conf.function == "post(string,uint256)" and conf.sender == signer.address
    assert again.tx["nonce"] == post.nonce + 1  # a new transaction, after the cancel's nonce
    done = pipeline.wait(pipeline.submit(again, signer).hash, timeout=30)
    assert done.status == TxStatus.CONFIRMED
    posted = [e for e in _events(pipeline, done.hash) if getattr(e, "name", "") == "Posted"]
    assert len(posted) == 1 and posted[0].args["cid"] == post.intent["cids"][0]  # type: ignore[attr-defined]
    assert pipeline.get(post.hash).status == TxStatus.CANCELLED  # history is kept as it was


def test_a_failed_follow_is_rebuilt_and_simulated_again(
    pipeline: TxPipeline, anvil: RpcClient
) -> None:
    anvil.call("evm_setAutomine", [False])
    signer = make_signer(1)
    a = pipeline.prepare(FollowIntent(DEV_ADDRESSES[2]), signer.address)
    b = pipeline.prepare(FollowIntent(DEV_ADDRESSES[2]), signer.address)
    first, second = pipeline.submit(a, signer), pipeline.submit(b, signer)
    anvil.call("evm_mine")
    anvil.call("evm_setAutomine", [True])
    assert pipeline.wait(first.hash, timeout=30).status == TxStatus.CONFIRMED
    assert pipeline.wait(second.hash, timeout=30).status == TxStatus.FAILED
    # Still following: the retry is simulated first and refused with the contract's reason.
    with pytest.raises(ChainError, match="already following"):
        pipeline.prepare_retry(second.hash)
    unfollow = pipeline.prepare(UnfollowIntent(DEV_ADDRESSES[2]), signer.address)
    pipeline.wait(pipeline.submit(unfollow, signer).hash, timeout=30)
    retried = pipeline.wait(
        pipeline.submit(pipeline.prepare_retry(second.hash), signer).hash, timeout=30
    )
    assert retried.status == TxStatus.CONFIRMED


def test_a_retried_tip_sends_the_same_amount_again(pipeline: TxPipeline, anvil: RpcClient) -> None:
    signer = make_signer(1)
    post = pipeline.wait(
        pipeline.submit(pipeline.prepare(PostIntent("tip me"), signer.address), signer).hash,
        timeout=30,
    )
    post_id = next(
        e.args["id"]  # type: ignore[attr-defined]
        for e in _events(pipeline, post.hash)
        if getattr(e, "name", "") == "Posted"
    )
    tipper = make_signer(2)
    anvil.call("evm_setAutomine", [False])
    tip = pipeline.submit(pipeline.prepare(TipIntent(post_id, 10**15), tipper.address), tipper)
    pipeline.submit(pipeline.prepare_replacement(tip.hash, cancel=True), tipper)
    anvil.call("evm_mine")
    anvil.call("evm_setAutomine", [True])
    assert pipeline.wait(tip.hash, timeout=30).status == TxStatus.CANCELLED
    again = pipeline.prepare_retry(tip.hash)
    assert again.confirmation.value_wei == 10**15
    assert "ETH" in again.confirmation.notice  # money moves: the notice says so
    assert (
        pipeline.wait(pipeline.submit(again, tipper).hash, timeout=30).status == TxStatus.CONFIRMED
    )


def test_retry_refuses_what_would_act_twice(pipeline: TxPipeline, anvil: RpcClient) -> None:
    anvil.call("evm_setAutomine", [False])
    signer = make_signer(1)
    stuck = pipeline.submit(pipeline.prepare(PostIntent("once only"), signer.address), signer)
    with pytest.raises(UsageError, match="still pending") as pending:
        pipeline.prepare_retry(stuck.hash)
    assert pending.value.hint is not None and "speed-up" in pending.value.hint
    faster = pipeline.submit(pipeline.prepare_replacement(stuck.hash), signer)
    anvil.call("evm_mine")
    assert pipeline.wait(faster.hash, timeout=30).status == TxStatus.CONFIRMED
    assert pipeline.get(stuck.hash).status == TxStatus.REPLACED
    for done in (stuck.hash, faster.hash):  # replaced by its own landed speed-up; confirmed
        with pytest.raises(UsageError, match="already happened"):
            pipeline.prepare_retry(done)

    other = pipeline.submit(pipeline.prepare(PostIntent("never"), signer.address), signer)
    cancel = pipeline.submit(pipeline.prepare_replacement(other.hash, cancel=True), signer)
    anvil.call("evm_mine")
    pipeline.wait(other.hash, timeout=30)
    with pytest.raises(UsageError, match="cancellation"):
        pipeline.prepare_retry(cancel.hash)


def _cancelled_post(pipeline: TxPipeline, anvil: RpcClient, text: str) -> str:
    anvil.call("evm_setAutomine", [False])
    signer = make_signer(1)
    post = pipeline.submit(pipeline.prepare(PostIntent(text), signer.address), signer)
    pipeline.submit(pipeline.prepare_replacement(post.hash, cancel=True), signer)
    anvil.call("evm_mine")
    assert pipeline.wait(post.hash, timeout=30).status == TxStatus.CANCELLED
    anvil.call("evm_setAutomine", [True])
    return post.hash


def test_an_action_is_retried_at_most_once_at_a_time(
    pipeline: TxPipeline, anvil: RpcClient
) -> None:
    signer = make_signer(1)
    original = _cancelled_post(pipeline, anvil, "retry me once")
    anvil.call("evm_setAutomine", [False])
    first = pipeline.submit(pipeline.prepare_retry(original), signer)
    assert first.intent["retry_of"] == original
    with pytest.raises(UsageError, match="still pending"):  # the first retry may still land
        pipeline.prepare_retry(original)
    anvil.call("evm_mine")
    anvil.call("evm_setAutomine", [True])
    assert pipeline.wait(first.hash, timeout=30).status == TxStatus.CONFIRMED
    with pytest.raises(UsageError, match="already happened"):  # it did land: never twice
        pipeline.prepare_retry(original)


def test_a_dropped_transaction_the_node_still_knows_is_not_retried(
    pipeline: TxPipeline, anvil: RpcClient
) -> None:
    anvil.call("evm_setAutomine", [False])
    signer = make_signer(1)
    sent = pipeline.submit(pipeline.prepare(PostIntent("in the mempool"), signer.address), signer)
    pipeline.outbox.update(sent.hash, status=TxStatus.DROPPED, error="refused by the node")
    with pytest.raises(UsageError, match="still known to the node"):
        pipeline.prepare_retry(sent.hash)
    anvil.call("evm_mine")
    with pytest.raises(UsageError, match="landed after all"):
        pipeline.prepare_retry(sent.hash)


def test_a_transaction_from_a_chain_that_is_gone_is_not_retried(
    pipeline: TxPipeline, anvil: RpcClient
) -> None:
    before = anvil.call("evm_snapshot")
    original = _cancelled_post(pipeline, anvil, "on a chain about to vanish")
    anvil.call("evm_revert", [before])  # like a devnet reset: the blocks are gone
    with pytest.raises(UsageError, match="unknown to this node"):
        pipeline.prepare_retry(original)
    signer = make_signer(1)
    abandoned = pipeline.submit(pipeline.prepare(PostIntent("abandoned"), signer.address), signer)
    pipeline.outbox.update(
        abandoned.hash,
        status=TxStatus.DROPPED,
        error="the devnet was reset; its chain no longer exists",
    )
    with pytest.raises(UsageError, match="reset"):
        pipeline.prepare_retry(abandoned.hash)


def test_content_gone_from_the_store_is_a_clear_error(
    pipeline: TxPipeline, anvil: RpcClient
) -> None:
    original = _cancelled_post(pipeline, anvil, "soon deleted")
    (cid,) = pipeline.get(original).intent["cids"]
    for path in pipeline.content.root.rglob(cid):  # type: ignore[attr-defined]
        path.unlink()
    with pytest.raises(ContentError, match="no longer in the local store"):
        pipeline.prepare_retry(original)
