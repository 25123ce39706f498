"""EAS reverts with custom errors: users read the error's name and a plain sentence, never a
4-byte selector. Real reverts of the vendored EAS bytecode on anvil, decoded on the same path
the pipeline's simulation and the deployers use (``revert_reason``)."""

from __future__ import annotations

import pytest

from tests.actions.conftest import make_signer
from tests.attest.conftest import EasChain
from tests.attest.test_pipeline_index import network, pipeline  # noqa: F401  (fixtures)
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tui.core.actions import TxPipeline
from tui.core.attest import eas
from tui.core.attest.intents import endorse, revoke
from tui.core.attest.schemas import ENDORSEMENT_UID, encode_claim
from tui.core.chain.abi import decode_revert, keccak, revert_reason
from tui.core.chain.custom_errors import table
from tui.core.chain.extensions import KeyDeployer
from tui.core.chain.rpc import RpcError
from tui.core.errors import ChainError

ALICE, BOB = DEV_ADDRESSES[0], DEV_ADDRESSES[1]


def _reason(chain: EasChain, sender: str, data: str) -> str:
    with pytest.raises(RpcError) as caught:
        chain.rpc.call("eth_estimateGas", [{"from": sender, "to": chain.eas, "data": data}])
    reason = revert_reason(caught.value)
    assert reason is not None
    return reason


def test_real_eas_reverts_are_named_and_explained(easchain: EasChain) -> None:
    uid = easchain.send(endorse(BOB, "Vyper"))
    again = eas.revoke_data(ENDORSEMENT_UID, uid)
    assert _reason(easchain, BOB, again) == (
        "AccessDenied: only the attestation's attester can revoke it"
    )
    easchain.send(revoke(uid, ENDORSEMENT_UID))
    assert _reason(easchain, ALICE, again) == (
        "AlreadyRevoked: this attestation is already revoked"
    )
    missing = eas.revoke_data(ENDORSEMENT_UID, "0x" + "ab" * 32)
    assert _reason(easchain, ALICE, missing).startswith("NotFound: ")
    unknown = eas.revoke_data("0x" + "cd" * 32, uid)
    assert _reason(easchain, ALICE, unknown).startswith("InvalidSchema: ")
    past = eas.attest_data(ENDORSEMENT_UID, BOB, encode_claim("endorsement", "x", "", ""),
                           expiration=1)  # fmt: skip
    assert _reason(easchain, ALICE, past).startswith("InvalidExpirationTime: ")
    registered = eas.register_data("string skill,string community,string evidenceCid")
    with pytest.raises(RpcError) as caught:
        easchain.rpc.call("eth_estimateGas", [{"from": ALICE, "to": easchain.registry,
                                               "data": registered}])  # fmt: skip
    assert revert_reason(caught.value) == "AlreadyExists: this schema is already registered"
    # The deployers' "would fail" says the same (what `agora deploy` prints).
    deployer = KeyDeployer(easchain.rpc, DEV_KEYS[0])
    with pytest.raises(ChainError) as failed:
        deployer.send(easchain.registry, registered, what="Registering the schema")
    assert failed.value.message == (
        "Registering the schema would fail: AlreadyExists: this schema is already registered"
    )


def test_the_pipeline_says_which_eas_error_before_signing(
    pipeline: TxPipeline,  # noqa: F811
) -> None:
    prepared = pipeline.prepare(endorse(BOB, "Vyper"), ALICE)
    entry = pipeline.wait(pipeline.submit(prepared, make_signer(0)).hash, timeout=30)
    receipt = pipeline.rpc.receipt(entry.hash)
    assert receipt is not None
    uid = eas.uid_from_receipt(receipt, pipeline.network.contracts["eas"])
    with pytest.raises(ChainError) as caught:
        pipeline.prepare(revoke(uid, ENDORSEMENT_UID), BOB)  # someone else's
    assert caught.value.message == (
        "This transaction would fail: AccessDenied: only the attestation's attester can "
        "revoke it. Nothing was signed."
    )


def test_every_shipped_abi_feeds_the_table_and_unknown_selectors_stay_hex() -> None:
    names = {error.name for error in table().values()}
    assert {"AlreadyRevoked", "Irrevocable", "AlreadyExists"} <= names  # EAS and its registry
    from eth_abi import encode

    balance = keccak(b"InsufficientBalance(uint256,uint256)")[:4].hex()
    data = "0x" + balance + encode(["uint256", "uint256"], [1, 2]).hex()
    assert decode_revert(data) == "InsufficientBalance (balance=1, needed=2)"
    hostile = keccak(b"StringTooLong(string)")[:4].hex() + encode(["string"], ["\x1b]0;x"]).hex()
    assert "\x1b" not in decode_revert("0x" + hostile)
    assert decode_revert("0xdeadbeef") == "reverted with custom error 0xdeadbeef"
