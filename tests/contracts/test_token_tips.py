"""TokenTips on a real anvil: standard, USDT-like, false-returning, fee-charging and
re-entering tokens, permits, and every revert."""

from __future__ import annotations

from typing import Any

import pytest
from eth_account import Account

from tests.conftest import DEV_KEYS
from tests.contracts.conftest import (
    ADDRESSES,
    REVERT_GAS,
    Chain,
    deploy_helper,
    helper_read,
)
from tui.core.chain.abi import EventDecoder, bytecode, encode_signature, load_abi, revert_reason
from tui.core.chain.deploy import deploy_code, send_transaction
from tui.core.chain.rpc import RpcClient, RpcError
from tui.core.tokens import TOKEN_TIPS

TIPS_EVENTS = EventDecoder(load_abi("TokenTips"))


def _send(rpc: RpcClient, key: int, to: str, sig: str, args: list[Any]) -> dict[str, Any]:
    return send_transaction(rpc, DEV_KEYS[key], to, encode_signature(sig, args))


def _read(rpc: RpcClient, to: str, sig: str, args: list[Any]) -> int:
    return int(rpc.eth_call(to, encode_signature(sig, args)), 16)


def _reason(rpc: RpcClient, key: int, to: str, sig: str, args: list[Any]) -> str:
    """The revert reason, by eth_call and by a mined failed transaction that logs nothing."""
    data = encode_signature(sig, args)
    with pytest.raises(RpcError) as info:
        rpc.call("eth_call", [{"from": ADDRESSES[key], "to": to, "data": data}, "latest"])
    receipt = send_transaction(rpc, DEV_KEYS[key], to, data, gas=REVERT_GAS, check=False)
    assert receipt["status"] == "0x0" and receipt["logs"] == []
    return revert_reason(info.value) or ""


@pytest.fixture
def tips(chain: Chain) -> str:
    chain.send("Social", "post", ["bafkreiauthorpost", 0], key=1)  # post #1 by account 1
    return chain.deployment.contracts[TOKEN_TIPS]


def _token(chain: Chain, name: str) -> str:
    if name == "DemoToken":
        address = deploy_code(chain.rpc, DEV_KEYS[0], bytecode("DemoToken"))
    else:
        address = deploy_helper(chain.rpc, name, [], [])
    _send(chain.rpc, 0, address, "mint(address,uint256)", [ADDRESSES[2], 10**24])
    return address


def _tipped(receipt: dict[str, Any]) -> dict[str, Any]:
    events = [TIPS_EVENTS.decode(log) for log in receipt["logs"]]
    found = [e for e in events if e is not None and e.name == "TokenTipped"]
    assert len(found) == 1
    return found[0].args


@pytest.mark.parametrize("name", ["DemoToken", "NoReturnToken"])
def test_a_tip_moves_tokens_from_tipper_to_author(chain: Chain, tips: str, name: str) -> None:
    token = _token(chain, name)
    _send(chain.rpc, 2, token, "approve(address,uint256)", [tips, 500])
    receipt = _send(chain.rpc, 2, tips, "tipToken(uint256,address,uint256)", [1, token, 500])
    args = _tipped(receipt)
    assert (args["id"], args["sender"], args["recipient"]) == (1, ADDRESSES[2], ADDRESSES[1])
    assert (args["token"], args["amount"], args["sent"]) == (token, 500, 500)
    assert _read(chain.rpc, token, "balanceOf(address)", [ADDRESSES[1]]) == 500
    assert _read(chain.rpc, token, "balanceOf(address)", [tips]) == 0  # never holds tokens
    assert _read(chain.rpc, token, "allowance(address,address)", [ADDRESSES[2], tips]) == 0


def test_a_fee_token_logs_what_the_author_received(chain: Chain, tips: str) -> None:
    token = _token(chain, "FeeToken")
    _send(chain.rpc, 2, token, "approve(address,uint256)", [tips, 1000])
    args = _tipped(_send(chain.rpc, 2, tips, "tipToken(uint256,address,uint256)", [1, token, 1000]))
    assert (args["amount"], args["sent"]) == (990, 1000)


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("false token", "token transfer failed"),
        ("no allowance", ""),
        ("zero", "zero tip"),
        ("unknown post", "unknown post"),
        ("self", "cannot tip yourself"),
        ("eoa token", "not a token contract"),
    ],
)
def test_bad_tips_revert_with_a_reason(chain: Chain, tips: str, case: str, reason: str) -> None:
    token = _token(chain, "FalseToken" if case == "false token" else "DemoToken")
    if case != "no allowance":
        _send(chain.rpc, 2, token, "approve(address,uint256)", [tips, 100])
    post, amount, key = 1, 100, 2
    if case == "zero":
        amount = 0
    elif case == "unknown post":
        post = 99
    elif case == "self":
        key = 1
    elif case == "eoa token":
        token = "0x" + "5e" * 20
    got = _reason(chain.rpc, key, tips, "tipToken(uint256,address,uint256)", [post, token, amount])
    if reason:
        assert got == reason
    else:  # snekmate's own message for a missing allowance
        assert "allowance" in got


def test_a_reentering_token_cannot_tip_twice(chain: Chain, tips: str) -> None:
    evil = deploy_helper(chain.rpc, "ReenterToken", ["address"], [tips])
    _send(chain.rpc, 0, evil, "mint(address,uint256)", [ADDRESSES[2], 10**6])
    _send(chain.rpc, 2, tips, "tipToken(uint256,address,uint256)", [1, evil, 100])
    assert helper_read(chain.rpc, evil, "attempted()", "bool") is True
    assert helper_read(chain.rpc, evil, "reentered()", "bool") is False
    assert _read(chain.rpc, evil, "balanceOf(address)", [ADDRESSES[1]]) == 100


def _permit(
    chain: Chain, token: str, owner_key: str, spender: str, value: int, deadline: int = 2**40
) -> tuple:
    owner = Account.from_key(owner_key)
    nonce = _read(chain.rpc, token, "nonces(address)", [owner.address])
    typed = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Permit": [
                {"name": "owner", "type": "address"},
                {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Permit",
        "domain": {
            "name": "Agora Demo Token",
            "version": "1",
            "chainId": chain.rpc.chain_id(),
            "verifyingContract": token,
        },
        "message": {
            "owner": owner.address,
            "spender": spender,
            "value": value,
            "nonce": nonce,
            "deadline": deadline,
        },
    }
    signed = Account.sign_typed_data(owner_key, full_message=typed)
    return deadline, signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


_PERMIT_TIP = "tipTokenWithPermit(uint256,address,uint256,uint256,uint8,bytes32,bytes32)"


def test_a_permit_tips_in_one_transaction_even_when_front_run(chain: Chain, tips: str) -> None:
    token = _token(chain, "DemoToken")
    deadline, v, r, s = _permit(chain, token, DEV_KEYS[2], tips, 700)
    receipt = _send(chain.rpc, 2, tips, _PERMIT_TIP, [1, token, 700, deadline, v, r, s])
    assert _tipped(receipt)["amount"] == 700
    # Someone submits the next permit first: the tip still goes through on its allowance.
    deadline, v, r, s = _permit(chain, token, DEV_KEYS[2], tips, 300)
    permit = "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)"
    _send(chain.rpc, 3, token, permit, [ADDRESSES[2], tips, 300, deadline, v, r, s])
    receipt = _send(chain.rpc, 2, tips, _PERMIT_TIP, [1, token, 300, deadline, v, r, s])
    assert _tipped(receipt)["amount"] == 300
    assert _read(chain.rpc, token, "balanceOf(address)", [ADDRESSES[1]]) == 1000


def test_an_expired_permit_is_refused_by_name(chain: Chain, tips: str) -> None:
    """Past its deadline, with no allowance to fall back on, the tip says the permit expired
    (not the token's "insufficient allowance"); an allowance already there still tips."""
    token = _token(chain, "DemoToken")
    deadline, v, r, s = _permit(chain, token, DEV_KEYS[2], tips, 700, deadline=1)
    args = [1, token, 700, deadline, v, r, s]
    assert _reason(chain.rpc, 2, tips, _PERMIT_TIP, args) == "permit expired"
    _send(chain.rpc, 2, token, "approve(address,uint256)", [tips, 700])
    assert _tipped(_send(chain.rpc, 2, tips, _PERMIT_TIP, args))["amount"] == 700
