"""The transaction pipeline against a real anvil with our real contracts."""

from __future__ import annotations

import json

import pytest

from tests.actions.conftest import make_signer
from tests.conftest import DEV_ADDRESSES
from tui.core.actions import (
    FollowIntent,
    PostIntent,
    ProfileIntent,
    PublishIntent,
    TipIntent,
    TxPipeline,
    TxStatus,
    parse_eth,
)
from tui.core.chain.abi import decode_log
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.documents import parse_post
from tui.core.content.store import LocalContentStore
from tui.core.errors import ChainError, UsageError, WalletError
from tui.core.wallet import Secret, Signer


def test_post_is_content_first_and_confirms(pipeline: TxPipeline) -> None:
    signer = make_signer(1)
    prepared = pipeline.prepare(PostIntent("hello agora"), signer.address)
    conf = prepared.confirmation
    # The document is stored (and addressed) before anything is signed.
    (cid,) = conf.cids
    stored = pipeline.content.get(cid)
    assert stored is not None and parse_post(stored).text == "hello agora"
    assert pipeline.outbox.list() == []
    assert conf.chain_id == 31337 and conf.network == "testnet"
    assert conf.to == pipeline.network.social and conf.function == "post(string,uint256)"
    assert dict(conf.args) == {"cid": cid, "parent": "0"}
    assert conf.sufficient and conf.nonce == 0 and conf.gas_limit > 21_000
    assert "permanent" in conf.notice
    stages: list[str] = []
    entry = pipeline.submit(prepared, signer, lambda stage, _e: stages.append(stage))
    assert stages[:3] == ["signing", "persisted", "sent"]
    done = pipeline.wait(entry.hash, timeout=30)
    assert done.status == TxStatus.CONFIRMED and done.block
    assert done.intent["cids"] == [cid] and "hello agora" not in json.dumps(done.intent)
    receipt = pipeline.rpc.receipt(done.hash)
    assert receipt is not None
    events = [decode_log(log) for log in receipt["logs"]]
    assert any(ev is not None and ev.name == "Posted" for ev in events)


def test_two_quick_intents_get_consecutive_nonces(pipeline: TxPipeline, anvil: RpcClient) -> None:
    anvil.call("evm_setAutomine", [False])
    signer = make_signer(1)
    a = pipeline.prepare(PostIntent("one"), signer.address)
    b = pipeline.prepare(PostIntent("two"), signer.address)
    assert a.confirmation.nonce == b.confirmation.nonce == 0  # previews; allocation is at signing
    ea = pipeline.submit(a, signer)
    eb = pipeline.submit(b, signer)
    assert (ea.nonce, eb.nonce) == (0, 1)
    anvil.call("evm_mine")
    assert pipeline.wait(ea.hash, timeout=30).status == TxStatus.CONFIRMED
    assert pipeline.wait(eb.hash, timeout=30).status == TxStatus.CONFIRMED


def test_wrong_chain_id_blocks_signing(anvil: RpcClient, network: Network, isolated_home) -> None:
    wrong = Network(
        name="mainnet-ish", rpc_url=anvil.url, chain_id=1, social=network.social,
        articles=network.articles,
    )  # fmt: skip
    pipeline = TxPipeline(isolated_home, wrong, anvil, LocalContentStore(isolated_home / "c"))
    with pytest.raises(ChainError, match=r"chain id 31337.*Nothing was signed"):
        pipeline.prepare(PostIntent("x"), DEV_ADDRESSES[1])
    assert pipeline.outbox.list() == []


def test_revert_reason_reported_in_simulation(pipeline: TxPipeline) -> None:
    signer = make_signer(1)
    with pytest.raises(ChainError, match="unknown post"):
        pipeline.prepare(TipIntent(post_id=999, amount_wei=10**15), signer.address)
    with pytest.raises(ChainError, match="cannot follow self"):
        pipeline.prepare(FollowIntent(signer.address), signer.address)


def test_mined_failure_reports_reason(pipeline: TxPipeline, anvil: RpcClient) -> None:
    anvil.call("evm_setAutomine", [False])
    signer = make_signer(1)
    # Both simulated before either is sent (two windows, one click each): the second reverts.
    a = pipeline.prepare(FollowIntent(DEV_ADDRESSES[2]), signer.address)
    b = pipeline.prepare(FollowIntent(DEV_ADDRESSES[2]), signer.address)
    first, second = pipeline.submit(a, signer), pipeline.submit(b, signer)
    anvil.call("evm_mine")
    assert pipeline.wait(first.hash, timeout=30).status == TxStatus.CONFIRMED
    failed = pipeline.wait(second.hash, timeout=30)
    assert failed.status == TxStatus.FAILED
    assert failed.error is not None and "already following" in failed.error


def test_insufficient_funds_is_a_clear_wallet_error(pipeline: TxPipeline, anvil: RpcClient) -> None:
    poor = Signer("0x" + "00" * 19 + "01", Secret(b"\x01" * 32))
    anvil.call("anvil_setBalance", [poor.address, hex(10**9)])
    with pytest.raises(WalletError, match="Insufficient funds"):
        pipeline.prepare(TipIntent(post_id=1, amount_wei=parse_eth("1")), poor.address)
    # Enough for the value (none) but not the fees: shown in the confirmation, refused at signing.
    prepared = pipeline.prepare(ProfileIntent(name="poor"), poor.address)
    assert not prepared.confirmation.sufficient
    assert "INSUFFICIENT" in "\n".join(prepared.confirmation.lines())
    with pytest.raises(WalletError, match=r"Insufficient funds.*Nothing was signed"):
        pipeline.submit(prepared, poor)
    assert pipeline.outbox.list() == []


def test_fee_cap_refuses_to_sign(anvil: RpcClient, network: Network, isolated_home) -> None:
    pipeline = TxPipeline(
        isolated_home, network, anvil, LocalContentStore(isolated_home / "c"),
        max_fee_eth="0.000000000001",
    )  # fmt: skip
    signer = make_signer(1)
    prepared = pipeline.prepare(PostIntent("pricey"), signer.address)
    assert prepared.confirmation.over_fee_cap
    with pytest.raises(WalletError, match="above your cap"):
        pipeline.submit(prepared, signer)
    assert pipeline.outbox.list() == []


def test_speed_up_and_cancel_a_stuck_tx(pipeline: TxPipeline, anvil: RpcClient) -> None:
    anvil.call("evm_setAutomine", [False])
    signer = make_signer(1)
    stuck = pipeline.submit(pipeline.prepare(PostIntent("slow"), signer.address), signer)
    faster_p = pipeline.prepare_replacement(stuck.hash)
    assert faster_p.tx["nonce"] == stuck.nonce
    assert faster_p.tx["maxFeePerGas"] * 1000 >= stuck.max_fee_per_gas * 1125
    assert faster_p.tx["maxPriorityFeePerGas"] * 1000 >= stuck.max_priority_fee_per_gas * 1125
    faster = pipeline.submit(faster_p, signer)
    anvil.call("evm_mine")
    assert pipeline.wait(faster.hash, timeout=30).status == TxStatus.CONFIRMED
    assert pipeline.get(stuck.hash).status == TxStatus.REPLACED
    assert pipeline.outcome(stuck.hash).hash == faster.hash

    other = pipeline.submit(pipeline.prepare(PostIntent("never"), signer.address), signer)
    cancel_p = pipeline.prepare_replacement(other.hash, cancel=True)
    assert cancel_p.tx["to"] == signer.address and cancel_p.tx["value"] == 0
    cancel = pipeline.submit(cancel_p, signer)
    anvil.call("evm_mine")
    assert pipeline.wait(other.hash, timeout=30).status == TxStatus.CANCELLED
    assert pipeline.get(cancel.hash).status == TxStatus.CONFIRMED
    with pytest.raises(UsageError, match="already"):
        pipeline.prepare_replacement(other.hash)


def test_publish_and_tip_send_value(pipeline: TxPipeline) -> None:
    author, fan = make_signer(1), make_signer(2)
    post = pipeline.submit(pipeline.prepare(PostIntent("tip me"), author.address), author)
    assert pipeline.wait(post.hash, timeout=30).status == TxStatus.CONFIRMED
    before = pipeline.rpc.balance(author.address)
    tip = pipeline.prepare(TipIntent(post_id=1, amount_wei=parse_eth("0.01")), fan.address)
    assert tip.confirmation.value_wei == 10**16 and "ETH" in tip.confirmation.notice
    assert pipeline.wait(pipeline.submit(tip, fan).hash, timeout=30).status == TxStatus.CONFIRMED
    assert pipeline.rpc.balance(author.address) == before + 10**16
    art = pipeline.prepare(
        PublishIntent(title="Essay", body="# Hi\n\nbody", price_wei=10**15, editions=3),
        author.address,
    )
    assert len(art.confirmation.cids) == 2
    assert pipeline.wait(pipeline.submit(art, author).hash, timeout=30).status == "confirmed"


def test_parse_eth() -> None:
    assert parse_eth("0.01") == 10**16 and parse_eth("1") == 10**18
    for bad in ("-1", "abc", "1e-30", "nan"):
        with pytest.raises(UsageError):
            parse_eth(bad)
