"""Token tips with EIP-2612 permits on anvil: one transaction for a permit-capable token, a
permit someone else submitted first, an expired one refused by name, a domain for another
chain, a signature the token refuses, and a token without permits (all fall back to approve)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.tokens.conftest import make_signer, odd_token
from tui.core.actions import TxPipeline, TxStatus
from tui.core.chain.abi import encode_signature
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.errors import AgoraError
from tui.core.tokens import DEMO_TOKEN, TOKEN_TIPS
from tui.core.tokens.erc20 import allowance, balance_of, read_token
from tui.core.tokens.permit import PERMIT_SECONDS, permit_domain
from tui.core.tokens.tips import APPROVE, PERMIT_TIP, next_step

UNIT = 10**18


def _signers(address: str) -> Any:
    return make_signer(2)


def _plan(pipeline: TxPipeline, token: str, amount: int, signers: Any = _signers) -> Any:
    info = read_token(pipeline.rpc, pipeline.network, token)
    return next_step(pipeline.rpc, pipeline.network, DEV_ADDRESSES[2], 1, info, amount, signers)


def _send(pipeline: TxPipeline, intent: Any) -> None:
    signer = make_signer(2)
    prepared = pipeline.prepare(intent, signer.address)
    done = pipeline.wait(pipeline.submit(prepared, signer).hash, timeout=30)
    assert done.status == TxStatus.CONFIRMED


def test_a_permit_token_tips_in_one_transaction(pipeline: TxPipeline, network: Network) -> None:
    token, tips = network.contracts[DEMO_TOKEN], network.contracts[TOKEN_TIPS]
    step = _plan(pipeline, token, 3 * UNIT)
    assert step.last and step.intent.kind == PERMIT_TIP
    assert "signs a permit for exactly 3 DEMO, valid until " in step.intent.summary
    assert any(n.startswith("Permit: TokenTips may move exactly 3 DEMO") for n in step.intent.notes)
    _send(pipeline, step.intent)
    assert balance_of(pipeline.rpc, token, DEV_ADDRESSES[1]) == 1003 * UNIT
    assert allowance(pipeline.rpc, token, DEV_ADDRESSES[2], tips) == 0
    # without a signer (--no-permit) the same tip approves first
    assert _plan(pipeline, token, UNIT, None).intent.kind == APPROVE


def test_a_front_run_permit_still_tips(
    pipeline: TxPipeline, network: Network, anvil: RpcClient
) -> None:
    """Someone copies the permit from the mempool and submits it first: the nonce is spent,
    the permit call inside the tip fails, and the tip goes through on the allowance it set."""
    token, tips = network.contracts[DEMO_TOKEN], network.contracts[TOKEN_TIPS]
    step = _plan(pipeline, token, 2 * UNIT)
    _id, _token, amount, deadline, v, r, s = step.intent.args
    permit = "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)"
    data = encode_signature(permit, [DEV_ADDRESSES[2], tips, amount, deadline, v, r, s])
    send_transaction(anvil, DEV_KEYS[3], token, data)
    assert allowance(anvil, token, DEV_ADDRESSES[2], tips) == 2 * UNIT
    _send(pipeline, step.intent)
    assert balance_of(anvil, token, DEV_ADDRESSES[1]) == 1002 * UNIT


def test_an_expired_permit_is_refused_clearly(
    pipeline: TxPipeline, network: Network, anvil: RpcClient
) -> None:
    """A confirmation left open past the deadline (or a retry): the simulation says why."""
    step = _plan(pipeline, network.contracts[DEMO_TOKEN], UNIT)
    anvil.call("evm_increaseTime", [PERMIT_SECONDS + 3600])
    anvil.call("anvil_mine", ["0x1"])
    with pytest.raises(AgoraError) as info:
        pipeline.prepare(step.intent, DEV_ADDRESSES[2])
    assert "permit expired" in str(info.value)


def test_a_domain_for_another_chain_gets_no_permit(pipeline: TxPipeline, network: Network) -> None:
    token = network.contracts[DEMO_TOKEN]
    found = permit_domain(pipeline.rpc, token, DEV_ADDRESSES[2], 31337)
    assert found is not None and (found.name, found.version, found.nonce) == (
        "Agora Demo Token",
        "1",
        0,
    )
    assert permit_domain(pipeline.rpc, token, DEV_ADDRESSES[2], 1) is None


def test_a_refused_signature_falls_back_to_approve(pipeline: TxPipeline, network: Network) -> None:
    """A signer that signs for the wrong chain (a confused wallet): the token refuses the
    permit in the simulation, and the user is offered the exact approval instead."""

    class WrongChain:
        def sign_typed_data(self, message: dict[str, Any]) -> Any:
            message = {**message, "domain": {**message["domain"], "chainId": 1}}
            return make_signer(2).sign_typed_data(message)

    step = _plan(pipeline, network.contracts[DEMO_TOKEN], UNIT, lambda _a: WrongChain())
    assert step.intent.kind == APPROVE
    assert any("refused the permit signature" in n for n in step.intent.notes)


def test_a_token_without_permits_is_approved(pipeline: TxPipeline, anvil: RpcClient) -> None:
    token = odd_token(anvil, "NoReturnToken")
    assert permit_domain(anvil, token, DEV_ADDRESSES[2], 31337) is None
    step = _plan(pipeline, token, 10)
    assert step.intent.kind == APPROVE
    assert not any("permit" in n.lower() for n in step.intent.notes)
