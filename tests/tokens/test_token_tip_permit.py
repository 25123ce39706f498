"""Token tips with EIP-2612 permits on anvil: one transaction for a permit-capable token, signed
only once confirmed and recorded with its permit; a permit used in between, an expired one
refused by name, a domain for another chain, a permit the token refuses in simulation, a node
that cannot simulate one, and a token without permits (these fall back to approve)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.tokens.conftest import make_signer, odd_token
from tui.core.actions import TxPipeline, TxStatus
from tui.core.actions.calls import SIGNED_LATER, build_call, stored_intent
from tui.core.chain.abi import encode_signature
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient, RpcError
from tui.core.config.settings import Network
from tui.core.errors import ChainError
from tui.core.tokens import DEMO_TOKEN, TOKEN_TIPS, permit
from tui.core.tokens.erc20 import allowance, balance_of, read_token
from tui.core.tokens.permit import PERMIT_SECONDS, permit_domain, permit_nonce
from tui.core.tokens.tips import APPROVE, PERMIT_TIP, next_step
from tui.core.wallet import Secret, Signer
from tui.core.wallet.keystore import address_of

UNIT = 10**18


def _plan(
    pipeline: TxPipeline, token: str, amount: int, offer: bool = True, rpc: Any = None
) -> Any:
    info = read_token(pipeline.rpc, pipeline.network, token)
    node = rpc or pipeline.rpc
    return next_step(node, pipeline.network, DEV_ADDRESSES[2], 1, info, amount, offer)


def _send(pipeline: TxPipeline, intent: Any) -> Any:
    signer = make_signer(2)
    prepared = pipeline.prepare(intent, signer.address)
    done = pipeline.wait(pipeline.submit(prepared, signer).hash, timeout=30)
    assert done.status == TxStatus.CONFIRMED
    return done


def test_a_permit_token_tips_in_one_transaction(pipeline: TxPipeline, network: Network) -> None:
    """Planned and confirmed without a signature; signed at submit, with the permit inside the
    calldata the outbox keeps (what a retry rebuilds and a speed-up re-sends)."""
    token, tips = network.contracts[DEMO_TOKEN], network.contracts[TOKEN_TIPS]
    step = _plan(pipeline, token, 3 * UNIT)
    assert step.last and step.intent.kind == PERMIT_TIP
    assert "signs a permit for exactly 3 DEMO, valid until " in step.intent.summary
    assert any(n.startswith("Permit: TokenTips may move exactly 3 DEMO") for n in step.intent.notes)
    prepared = pipeline.prepare(step.intent, DEV_ADDRESSES[2])
    shown = dict(prepared.confirmation.args)
    assert shown["v"] == shown["r"] == shown["s"] == SIGNED_LATER
    assert permit_nonce(pipeline.rpc, token, DEV_ADDRESSES[2]) == 0  # nothing signed yet
    # the stand-in's measure is an upper bound of the signed call's estimate, and a close one
    later = step.intent.signed_later
    final = build_call(step.intent, network, pipeline.content).signed(
        later.sign(make_signer(2), pipeline.rpc)
    )
    call = {"from": DEV_ADDRESSES[2], "to": tips, "data": final.data}
    needed = int(pipeline.rpc.call("eth_estimateGas", [call]), 16)
    print(f"permit tip gas: planned {later.gas}, signed call's estimate {needed}")
    assert needed <= later.gas <= needed * 11 // 10
    done = _send(pipeline, step.intent)
    assert balance_of(pipeline.rpc, token, DEV_ADDRESSES[1]) == 1003 * UNIT
    assert allowance(pipeline.rpc, token, DEV_ADDRESSES[2], tips) == 0
    assert permit_nonce(pipeline.rpc, token, DEV_ADDRESSES[2]) == 1  # the permit was used
    on_chain = pipeline.rpc.transaction(done.hash)
    assert on_chain is not None and on_chain["input"] == done.data
    assert done.data != prepared.tx["data"]  # the placeholders were replaced by the signature
    rebuilt = build_call(stored_intent(done.intent), network, pipeline.content)
    assert rebuilt.data == done.data
    # without a permit (--no-permit) the same tip approves first
    assert _plan(pipeline, token, UNIT, offer=False).intent.kind == APPROVE


class CountingSigner(Signer):
    """Account 2's real signer, counting the permits it signs."""

    def __init__(self) -> None:
        key = Secret.from_hex_key(DEV_KEYS[2])
        super().__init__(address_of(key), key)
        self.permits = 0

    def sign_typed_data(self, message: dict[str, Any]) -> tuple[int, bytes, bytes]:
        self.permits += 1
        return super().sign_typed_data(message)


def test_a_speed_up_resends_the_recorded_permit(
    pipeline: TxPipeline, network: Network, anvil: RpcClient
) -> None:
    """The permit is signed once, inside the transaction the outbox records before it is
    broadcast; a speed-up sends that calldata again with higher fees, and the tip lands once."""
    token = network.contracts[DEMO_TOKEN]
    step = _plan(pipeline, token, UNIT)
    signer = CountingSigner()
    anvil.call("evm_setAutomine", [False])
    sent = pipeline.submit(pipeline.prepare(step.intent, signer.address), signer)
    assert signer.permits == 1 and pipeline.outbox.find(sent.hash)[0].data == sent.data
    faster = pipeline.prepare_replacement(sent.hash)
    assert faster.tx["data"] == sent.data and faster.later is None
    pipeline.submit(faster, signer)
    anvil.call("evm_mine")
    pipeline.wait(sent.hash, timeout=30)
    landed = pipeline.outcome(sent.hash)
    assert landed.status == TxStatus.CONFIRMED and landed.hash != sent.hash
    assert signer.permits == 1
    assert balance_of(anvil, token, DEV_ADDRESSES[1]) == 1001 * UNIT


def test_a_permit_used_in_between_still_tips(
    pipeline: TxPipeline, network: Network, anvil: RpcClient
) -> None:
    """A permit of the same amount submitted by someone else between the plan and the
    confirmation (a copy from the mempool, another wallet): the permit signed at submit is for
    the owner's nonce as it is then, and the tip goes through."""
    token, tips = network.contracts[DEMO_TOKEN], network.contracts[TOKEN_TIPS]
    step = _plan(pipeline, token, 2 * UNIT)
    _id, _token, amount, deadline, *_placeholders = step.intent.args
    v, r, s = step.intent.signed_later.sign(make_signer(2), anvil)
    used = "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)"
    data = encode_signature(used, [DEV_ADDRESSES[2], tips, amount, deadline, v, r, s])
    send_transaction(anvil, DEV_KEYS[3], token, data)
    assert allowance(anvil, token, DEV_ADDRESSES[2], tips) == 2 * UNIT
    _send(pipeline, step.intent)
    assert balance_of(anvil, token, DEV_ADDRESSES[1]) == 1002 * UNIT


def test_an_expired_permit_is_refused_clearly(
    pipeline: TxPipeline, network: Network, anvil: RpcClient
) -> None:
    """A confirmation left open past the deadline: the final call, simulated with the signed
    permit, says why, and nothing reaches the outbox."""
    step = _plan(pipeline, network.contracts[DEMO_TOKEN], UNIT)
    prepared = pipeline.prepare(step.intent, DEV_ADDRESSES[2])
    anvil.call("evm_increaseTime", [PERMIT_SECONDS + 3600])
    anvil.call("anvil_mine", ["0x1"])
    before = len(pipeline.outbox.list())
    with pytest.raises(ChainError) as info:
        pipeline.submit(prepared, make_signer(2))
    assert "permit expired" in str(info.value) and "Nothing was sent" in str(info.value)
    assert len(pipeline.outbox.list()) == before


def test_a_signed_call_that_needs_more_gas_than_confirmed_is_not_sent(
    pipeline: TxPipeline, network: Network
) -> None:
    """The pipeline simulates the call again once signed: more gas than the confirmation said
    (here a plan that measured too little) stops it before the transaction is signed."""
    step = _plan(pipeline, network.contracts[DEMO_TOKEN], UNIT)
    short = replace(step.intent.signed_later, gas=50_000)
    prepared = pipeline.prepare(replace(step.intent, signed_later=short), DEV_ADDRESSES[2])
    before = len(pipeline.outbox.list())
    with pytest.raises(ChainError, match=r"more than the 62,500 you confirmed\. Nothing was sent"):
        pipeline.submit(prepared, make_signer(2))
    assert len(pipeline.outbox.list()) == before


def test_a_domain_for_another_chain_gets_no_permit(pipeline: TxPipeline, network: Network) -> None:
    token = network.contracts[DEMO_TOKEN]
    found = permit_domain(pipeline.rpc, token, DEV_ADDRESSES[2], 31337)
    assert found is not None and (found.name, found.version, found.nonce) == (
        "Agora Demo Token",
        "1",
        0,
    )
    assert permit_domain(pipeline.rpc, token, DEV_ADDRESSES[2], 1) is None


def test_a_refused_permit_falls_back_to_approve(
    pipeline: TxPipeline, network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The token refuses the stand-in's permit in simulation (here: a deadline already past):
    the user is offered the exact approval instead, and told why."""
    monkeypatch.setattr(permit, "permit_deadline", lambda _rpc: 1)
    step = _plan(pipeline, network.contracts[DEMO_TOKEN], UNIT)
    assert step.intent.kind == APPROVE
    assert any("DEMO refused one in simulation" in n for n in step.intent.notes)


class NoSimulationNode:
    """A fake node without ``eth_simulateV1`` (older clients); everything else is anvil's."""

    def __init__(self, rpc: RpcClient) -> None:
        self.rpc = rpc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rpc, name)

    def call(self, method: str, params: list[Any] | None = None) -> Any:
        if method == "eth_simulateV1":
            raise RpcError(method, -32601, "the method eth_simulateV1 does not exist")
        return self.rpc.call(method, params)


def test_a_node_that_cannot_simulate_a_permit_approves(
    pipeline: TxPipeline, network: Network
) -> None:
    step = _plan(pipeline, network.contracts[DEMO_TOKEN], UNIT, rpc=NoSimulationNode(pipeline.rpc))
    assert step.intent.kind == APPROVE
    assert any("cannot simulate one before you sign it" in n for n in step.intent.notes)


def test_a_token_without_permits_is_approved(pipeline: TxPipeline, anvil: RpcClient) -> None:
    token = odd_token(anvil, "NoReturnToken")
    assert permit_domain(anvil, token, DEV_ADDRESSES[2], 31337) is None
    step = _plan(pipeline, token, 10)
    assert step.intent.kind == APPROVE
    assert not any("permit" in n.lower() for n in step.intent.notes)
