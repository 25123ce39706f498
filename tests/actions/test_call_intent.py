"""A capability's call (``CallIntent``) goes through the same pipeline as a post or a tip:
simulated, confirmed with its payee, recorded, sent, and retried from the outbox record.

The capability's contract here is a second Social under the key ``echo``: real bytecode on a
real anvil, called with calldata encoded from the function signature alone.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.actions.conftest import make_signer
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tui.core.actions import PostIntent, TxPipeline, TxStatus
from tui.core.actions.calls import _from_json, _to_json
from tui.core.actions.confirmation import MONEY, VALUE
from tui.core.actions.intents import CallIntent
from tui.core.chain.abi import EventDecoder, bytecode, encode_call, encode_signature, load_abi
from tui.core.chain.deploy import deploy_code
from tui.core.chain.rpc import RpcClient
from tui.core.errors import ChainError, ConfigError


@pytest.fixture
def echo_pipeline(pipeline: TxPipeline, anvil: RpcClient) -> TxPipeline:
    echo = deploy_code(anvil, DEV_KEYS[0], bytecode("Social"))
    pipeline.network = replace(pipeline.network, contracts={"echo": echo})
    return pipeline


def _echo_post(cid: str) -> CallIntent:
    return CallIntent(
        kind="echo.post",
        contract="echo",
        function="post(string,uint256)",
        arg_names=("cid", "parent"),
        args=(cid, 0),
        summary="Echo a post",
    )


def test_a_call_intent_is_confirmed_sent_and_lands_on_its_contract(
    echo_pipeline: TxPipeline,
) -> None:
    signer = make_signer(1)
    prepared = echo_pipeline.prepare(_echo_post("bafkreiecho"), signer.address)
    conf = prepared.confirmation
    assert conf.to == echo_pipeline.network.contracts["echo"]
    assert conf.function == "post(string,uint256)" and conf.summary == "Echo a post"
    assert dict(conf.args) == {"cid": "bafkreiecho", "parent": "0"}
    done = echo_pipeline.wait(echo_pipeline.submit(prepared, signer).hash, timeout=30)
    assert done.status == TxStatus.CONFIRMED
    receipt = echo_pipeline.rpc.receipt(done.hash)
    assert receipt is not None
    events = [EventDecoder(load_abi("Social")).decode(log) for log in receipt["logs"]]
    posted = [e for e in events if e is not None and e.name == "Posted"]
    assert len(posted) == 1
    assert posted[0].address == echo_pipeline.network.contracts["echo"]
    assert posted[0].args["cid"] == "bafkreiecho"
    assert done.intent["arg_names"] == ["cid", "parent"]


def test_a_cancelled_call_intent_is_retried_from_its_record(
    echo_pipeline: TxPipeline, anvil: RpcClient
) -> None:
    anvil.call("evm_setAutomine", [False])
    signer = make_signer(1)
    first = echo_pipeline.submit(
        echo_pipeline.prepare(_echo_post("bafkreiagain"), signer.address), signer
    )
    echo_pipeline.submit(echo_pipeline.prepare_replacement(first.hash, cancel=True), signer)
    anvil.call("evm_mine")
    assert echo_pipeline.wait(first.hash, timeout=30).status == TxStatus.CANCELLED
    anvil.call("evm_setAutomine", [True])
    again = echo_pipeline.prepare_retry(first.hash)
    assert again.tx["to"] == first.to and again.tx["data"] == first.data
    assert again.confirmation.summary == "Echo a post"
    assert echo_pipeline.wait(echo_pipeline.submit(again, signer).hash, timeout=30).status == (
        TxStatus.CONFIRMED
    )


def test_a_call_intent_names_its_payee(echo_pipeline: TxPipeline) -> None:
    author = make_signer(2)
    post = echo_pipeline.prepare(PostIntent("tip me"), author.address)
    assert echo_pipeline.wait(echo_pipeline.submit(post, author).hash, timeout=30).status == (
        TxStatus.CONFIRMED
    )
    tip = CallIntent(
        kind="echo.tip",
        contract="social",
        function="tip(uint256)",
        arg_names=("id",),
        args=(1,),
        summary="Tip post #1",
        value_wei=5,
        payee=("Social", "authorOf", 1, "author of post #1"),
    )
    conf = echo_pipeline.prepare(tip, DEV_ADDRESSES[3]).confirmation
    assert conf.payee is not None and conf.payee.address == author.address
    assert conf.notice == MONEY  # money moves: the confirmation says so
    tokens = replace(tip, value_wei=0, money=True, function="repost(uint256)")
    assert echo_pipeline.prepare(tokens, DEV_ADDRESSES[3]).confirmation.notice == VALUE


def test_a_missing_contract_or_a_reverting_call_is_a_clear_error(
    echo_pipeline: TxPipeline,
) -> None:
    missing = replace(_echo_post("x"), contract="rounds")
    with pytest.raises(ConfigError, match="has no rounds contract"):
        echo_pipeline.prepare(missing, DEV_ADDRESSES[1])
    reverting = replace(_echo_post("x"), function="repost(uint256)", arg_names=("id",), args=(999,))
    with pytest.raises(ChainError, match="would fail"):
        echo_pipeline.prepare(reverting, DEV_ADDRESSES[1])


def test_signature_encoding_matches_the_abi_encoder() -> None:
    assert encode_signature("post(string,uint256)", ["bafk", 7]) == encode_call(
        "Social", "post", ["bafk", 7]
    )
    with pytest.raises(ChainError, match="takes 1 argument"):
        encode_signature("tip(uint256)", [1, 2])


_SIG = "f((bytes32,(address,uint64,bool,bytes),uint256[]),string)"
_word = st.binary(min_size=32, max_size=32)
_address = st.sampled_from(DEV_ADDRESSES)


@given(
    st.tuples(
        _word,
        st.tuples(_address, st.integers(0, 2**64 - 1), st.booleans(), st.binary(max_size=40)),
        st.lists(st.integers(0, 2**256 - 1), max_size=4),
    ),
    st.text(max_size=20),
)
def test_arguments_survive_the_outbox_record(first: Any, second: str) -> None:
    """What the outbox keeps (JSON) decodes back to arguments that encode identically."""
    import json

    types = ["(bytes32,(address,uint64,bool,bytes),uint256[])", "string"]
    args = [first, second]
    stored = json.loads(json.dumps([_to_json(a) for a in args]))
    back = [_from_json(t, v) for t, v in zip(types, stored, strict=True)]
    assert encode_signature(_SIG, back) == encode_signature(_SIG, args)


def test_a_function_without_arguments_encodes_to_its_selector() -> None:
    assert encode_signature("postCount()", []) == encode_call("Social", "postCount", [])


def test_bytes_and_tuples_are_shown_readably() -> None:
    from tui.core.actions.calls import ContractCall

    call = ContractCall(
        "x.y", "x", DEV_ADDRESSES[1], "f((bytes32,bool),bytes[])", ("request", "blobs"),
        ((b"\x01" * 32, True), [b"\xab", b""]), 0, "s", "p",
    )  # fmt: skip
    shown = dict(call.display_args())
    assert shown["request"] == "(0x" + "01" * 32 + ", True)"
    assert shown["blobs"] == "[0xab, 0x]"
