"""Inbox.vy on a real anvil: one shared inbox whose logs name no recipient."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eth_abi import decode
from eth_hash.auto import keccak

from tests.conftest import DEV_KEYS
from tests.contracts.conftest import ADDRESSES, REVERT_GAS, helper_calldata
from tui.core.chain.deploy import deploy_code, send_transaction
from tui.core.chain.rpc import RpcClient

ARTIFACT = Path(__file__).parents[2] / "tui" / "contracts" / "artifacts" / "Inbox.json"
SEALED_TOPIC = "0x" + keccak(b"Sealed(bytes32,bytes1,bytes32)").hex()
ENC, DIGEST = b"\x11" * 32, b"\x22" * 32
ENC2, DIGEST2 = b"\x33" * 32, b"\x44" * 32


def deploy(rpc: RpcClient) -> str:
    code = json.loads(ARTIFACT.read_text())["bytecode"]
    return deploy_code(rpc, DEV_KEYS[0], code if code.startswith("0x") else "0x" + code)


def send(rpc: RpcClient, inbox: str, fn: str, args: list[Any], **kw: Any) -> dict[str, Any]:
    types = ["bytes32", "bytes1", "bytes32"] * (len(args) // 3)
    sig = f"{fn}({','.join(types)})"
    return send_transaction(rpc, DEV_KEYS[1], inbox, helper_calldata(sig, types, args), **kw)


def sealed(log: dict[str, Any]) -> tuple[bytes, bytes, bytes]:
    assert log["topics"] == [SEALED_TOPIC]  # nothing indexed: no recipient, no sender topic
    enc, tag, digest = decode(["bytes32", "bytes1", "bytes32"], bytes.fromhex(log["data"][2:]))
    return enc, tag, digest


def test_send_logs_one_sealed_event_without_recipient(anvil: RpcClient) -> None:
    inbox = deploy(anvil)
    receipt = send(anvil, inbox, "send", [ENC, b"\x7f", DIGEST])
    (log,) = receipt["logs"]
    assert log["address"].lower() == inbox.lower()
    assert sealed(log) == (ENC, b"\x7f", DIGEST)
    data = log["data"].lower()
    for address in ADDRESSES[:4]:
        assert address[2:].lower() not in data
    assert int(receipt["gasUsed"], 16) < 30_000


def test_send_pair_logs_both_in_order(anvil: RpcClient) -> None:
    inbox = deploy(anvil)
    receipt = send(anvil, inbox, "sendPair", [ENC, b"\x01", DIGEST, ENC2, b"\x02", DIGEST2])
    assert [sealed(log) for log in receipt["logs"]] == [
        (ENC, b"\x01", DIGEST),
        (ENC2, b"\x02", DIGEST2),
    ]
    assert int(receipt["gasUsed"], 16) < 35_000


@pytest.mark.parametrize(
    ("args", "reason"),
    [([ENC, b"\x00", bytes(32)], "empty digest"), ([bytes(32), b"\x00", DIGEST], "empty enc")],
)
def test_empty_fields_revert(anvil: RpcClient, args: list[Any], reason: str) -> None:
    inbox = deploy(anvil)
    receipt = send(anvil, inbox, "send", args, gas=REVERT_GAS, check=False)
    assert receipt["status"] == "0x0" and receipt["logs"] == []
    call = {"from": ADDRESSES[1], "to": inbox,
            "data": helper_calldata("send(bytes32,bytes1,bytes32)",
                                    ["bytes32", "bytes1", "bytes32"], args)}  # fmt: skip
    with pytest.raises(Exception, match=reason):
        anvil.call("eth_call", [call, "latest"])


def test_gas_figures(anvil: RpcClient) -> None:
    """``pytest -s`` prints the figures PROTOCOL.md quotes."""
    inbox = deploy(anvil)
    one = int(send(anvil, inbox, "send", [ENC, b"\x01", DIGEST])["gasUsed"], 16)
    pair = send(anvil, inbox, "sendPair", [ENC, b"\x01", DIGEST, ENC2, b"\x02", DIGEST2])
    two = int(pair["gasUsed"], 16)
    print(f"\n| `send` | {one:,} |\n| `sendPair` | {two:,} |")
    assert one < 30_000 and two < 35_000
