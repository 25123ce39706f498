"""Unit tests of the ABI codec, the log decoder and revert decoding (no node needed)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from eth_abi import encode
from eth_utils import to_checksum_address
from hypothesis import given
from hypothesis import strategies as st

from tui.core.chain.abi import (
    EVENT_TOPICS,
    decode_log,
    decode_result,
    decode_revert,
    encode_call,
    load_abi,
    selector,
    to_checksum,
)
from tui.core.errors import ChainError

AUTHOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
SOCIAL = "0x5FbDB2315678afecb367f032d93F642f64180aa3"


def _topic_int(value: int) -> str:
    return "0x" + value.to_bytes(32, "big").hex()


def _topic_address(address: str) -> str:
    return "0x" + "00" * 12 + address[2:].lower()


def _posted(cid_bytes: bytes, **extra: Any) -> dict[str, Any]:
    log = {
        "address": SOCIAL.lower(),
        "topics": [
            EVENT_TOPICS["Posted"],
            _topic_int(7),
            _topic_address(AUTHOR),
            _topic_int(3),
        ],
        "data": "0x" + encode(["bytes"], [cid_bytes]).hex(),
        "blockNumber": "0x10",
        "blockHash": "0x" + "ab" * 32,
        "transactionHash": "0x" + "cd" * 32,
        "logIndex": "0x2",
        "removed": False,
    }
    log.update(extra)
    return log


def test_topics_are_the_keccak_of_the_canonical_signatures() -> None:
    assert EVENT_TOPICS["Transfer"] == (
        "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
    )
    assert EVENT_TOPICS["Approval"] == (
        "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925"
    )
    assert EVENT_TOPICS["ApprovalForAll"] == (
        "0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31"
    )
    expected = {
        "Posted",
        "Reposted",
        "Followed",
        "Unfollowed",
        "ProfileUpdated",
        "Tipped",
        "ArticlePublished",
        "Collected",
    }
    assert expected <= set(EVENT_TOPICS)


def test_decode_posted() -> None:
    event = decode_log(_posted(b"bafkreiabc"))
    assert event is not None
    assert event.name == "Posted"
    assert event.args == {"id": 7, "author": AUTHOR, "parent": 3, "cid": "bafkreiabc"}
    assert event.address == SOCIAL
    assert (event.block_number, event.log_index, event.removed) == (16, 2, False)
    assert event.block_hash == "0x" + "ab" * 32
    assert event.tx_hash == "0x" + "cd" * 32


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    event = decode_log(_posted(b"bafk\xff\xfe\x80"))
    assert event is not None
    assert event.args["cid"] == "bafk\ufffd\ufffd\ufffd"


def test_removed_flag_and_integer_fields() -> None:
    event = decode_log(_posted(b"x", removed=True, blockNumber=5, logIndex=0))
    assert event is not None
    assert (event.removed, event.block_number, event.log_index) == (True, 5, 0)


@pytest.mark.parametrize(
    "change",
    [
        {"topics": ["0x" + "11" * 32]},
        {"topics": []},
        {"topics": [EVENT_TOPICS["Posted"]]},  # wrong number of indexed topics
        {"data": "0x"},
        {"data": "0x" + "00" * 31 + "20"},  # offset but no length word
        {"data": "0x" + "00" * 31 + "20" + "00" * 31 + "ff"},  # length beyond the data
        {"data": "0xzz"},
    ],
)
def test_unknown_or_malformed_logs_give_none(change: dict[str, Any]) -> None:
    assert decode_log(_posted(b"cid", **change)) is None


def test_address_topic_with_dirty_high_bytes_is_refused() -> None:
    log = _posted(b"cid")
    log["topics"][2] = "0x" + "ff" * 12 + AUTHOR[2:].lower()
    assert decode_log(log) is None


@given(
    data=st.binary(max_size=200),
    topics=st.lists(st.binary(min_size=32, max_size=32), max_size=3),
    name=st.sampled_from(sorted(EVENT_TOPICS)),
)
def test_decode_log_never_raises(data: bytes, topics: list[bytes], name: str) -> None:
    log = {
        "address": SOCIAL,
        "topics": [EVENT_TOPICS[name], *("0x" + t.hex() for t in topics)],
        "data": "0x" + data.hex(),
        "blockNumber": "0x1",
        "blockHash": "0x" + "00" * 32,
        "transactionHash": "0x" + "00" * 32,
        "logIndex": "0x0",
        "removed": False,
    }
    event = decode_log(log)
    assert event is None or event.name == name


@given(st.binary(min_size=20, max_size=20))
def test_checksum_matches_eth_utils(raw: bytes) -> None:
    assert to_checksum("0x" + raw.hex()) == to_checksum_address("0x" + raw.hex())


def test_to_checksum_refuses_non_addresses() -> None:
    for bad in ("0x1234", "0x" + "zz" * 20, ""):
        with pytest.raises(ChainError):
            to_checksum(bad)


def test_encode_call_and_decode_result() -> None:
    data = encode_call("Social", "post", ["bafk", 0])
    assert data.startswith(selector("Social", "post"))
    assert selector("Social", "post") == "0x" + _keccak4("post(string,uint256)")
    word = "0x" + "00" * 12 + AUTHOR[2:].lower()
    assert decode_result("Social", "authorOf", word) == (AUTHOR,)
    assert decode_result("Social", "postCount", "0x" + "00" * 31 + "05") == (5,)
    uri = "0x" + encode(["bytes"], [b"ipfs://\xff"]).hex()
    assert decode_result("Articles", "tokenURI", uri) == ("ipfs://\ufffd",)


def test_encode_call_tells_overloads_apart_by_argument_count() -> None:
    three = encode_call("Articles", "safeTransferFrom", [AUTHOR, SOCIAL, 1])
    four = encode_call("Articles", "safeTransferFrom", [AUTHOR, SOCIAL, 1, b""])
    assert three[:10] == "0x" + _keccak4("safeTransferFrom(address,address,uint256)")
    assert four[:10] == "0x" + _keccak4("safeTransferFrom(address,address,uint256,bytes)")


def test_encoding_errors_are_chain_errors() -> None:
    with pytest.raises(ChainError, match="no function"):
        encode_call("Social", "nope", [])
    with pytest.raises(ChainError, match="Invalid arguments"):
        encode_call("Social", "post", [1, 0])
    with pytest.raises(ChainError, match="Unknown contract"):
        load_abi("Nope")
    with pytest.raises(ChainError, match="malformed"):
        decode_result("Social", "postCount", "0x12")


def test_decode_revert() -> None:
    error = "0x08c379a0" + encode(["string"], ["unknown post"]).hex()
    assert decode_revert(error) == "unknown post"
    hostile = "0x08c379a0" + encode(["string"], ["bad\x1b]52;c;evil\x07"]).hex()
    assert "\x1b" not in decode_revert(hostile)
    assert decode_revert("0x4e487b71" + "00" * 31 + "11") == (
        "panic: arithmetic overflow or underflow (0x11)"
    )
    assert decode_revert("0xdeadbeef") == "reverted with custom error 0xdeadbeef"
    assert decode_revert("0x") == "reverted without a reason"
    assert decode_revert(None) == "reverted without a reason"
    assert decode_revert("0x08c379a0" + "00" * 31 + "20") == "reverted with malformed data"


def test_importing_abi_does_not_load_web3_or_textual() -> None:
    code = (
        "import sys, tui.core.chain.abi, tui.core.chain.deploy;"
        "print(sorted(m for m in ('web3', 'textual', 'eth_abi') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _keccak4(text: str) -> str:
    from eth_hash.auto import keccak

    return keccak(text.encode())[:4].hex()
