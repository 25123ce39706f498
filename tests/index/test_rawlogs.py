"""The raw-bytes eth_getLogs decoder agrees with json.loads + decode_batch, or steps aside."""

from __future__ import annotations

import json
from typing import Any

import pytest
from eth_abi import encode
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.index.kit import Agora
from tui.core.chain.abi import EVENT_TOPICS
from tui.core.chain.rpc import RpcClient
from tui.core.index import rawlogs
from tui.core.index.ingest import decode_batch
from tui.core.index.rawlogs import _HEAD, _only_posts, decode_raw_logs
from tui.core.index.service import AgoraIndex

SOCIAL = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
ARTICLES = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"
AUTHOR = "9fe46736679d2d9a65f0992f2272de9f3c7fa6e0"


def word(value: int) -> str:
    return "0x" + f"{value:064x}"


def posted(
    pid: int, parent: int = 0, cid: str = "bafkreiexample", block: int = 5
) -> dict[str, Any]:
    """A Posted log in anvil's key order."""
    return {
        "address": SOCIAL.lower(),
        "topics": [EVENT_TOPICS["Posted"], word(pid), "0x" + "0" * 24 + AUTHOR, word(parent)],
        "data": "0x" + encode(["string"], [cid]).hex(),
        "blockHash": "0x" + f"{block:064x}",
        "blockNumber": hex(block),
        "blockTimestamp": hex(1_700_000_000 + block),
        "transactionHash": "0x" + f"{pid + 7:064x}",
        "transactionIndex": "0x0",
        "logIndex": hex(pid % 50),
        "removed": False,
    }


def followed(block: int = 6) -> dict[str, Any]:
    log = posted(1, block=block)
    log["topics"] = [EVENT_TOPICS["Followed"], "0x" + "0" * 24 + AUTHOR, "0x" + "0" * 24 + "1" * 40]
    log["data"] = "0x"
    return log


def answer(logs: list[dict[str, Any]]) -> bytes:
    body = {"jsonrpc": "2.0", "id": 3, "result": logs}
    return json.dumps(body, separators=(",", ":")).encode()


def same(body: bytes, social: str = SOCIAL, articles: str = ARTICLES) -> None:
    fast = decode_raw_logs(body, social, articles)
    assert fast is not None
    logs = json.loads(body)["result"]
    slow = decode_batch(logs, social, articles), len(logs)
    assert fast[1] == slow[1]
    for attr in ("rows", "content", "removed", "blocks", "posts", "skipped"):
        assert getattr(fast[0], attr) == getattr(slow[0], attr), attr


def test_posts_and_other_events_decode_like_the_strict_path() -> None:
    logs = [posted(1), posted(2, 1), followed(), posted(3, cid="x" * 200, block=7)]
    logs.append({**posted(4), "address": "0x" + "ab" * 20})  # not ours: skipped by both
    same(answer(logs))
    same(answer([]))


def test_unusual_answers_take_the_strict_path() -> None:
    good = answer([posted(1), posted(2)])
    geth_order = {k: posted(1)[k] for k in reversed(list(posted(1)))}
    cases = [
        good.replace(b"]}", b",]}"),  # trailing comma
        good.replace(b'"logIndex":"0x', b'"logIndex":"\\u0030x', 1),  # an escape
        answer([{**posted(1), "removed": True}]),
        answer([{k: v for k, v in posted(1).items() if k != "blockTimestamp"}]),
        answer([geth_order]),
        answer([{**posted(1), "data": "0x" + "00" * 31 + "40"}]),  # odd offset: slow decoder
        b'{"jsonrpc":"2.0","id":3,"error":{"code":-32000,"message":"no"}}',
        good[:-5],
        "é".encode() + good,
    ]
    for body in cases:
        assert decode_raw_logs(body, SOCIAL, ARTICLES) is None, body[:80]


_IDS = st.one_of(
    st.integers(min_value=0, max_value=2**64),
    st.sampled_from([2**60 - 1, 2**60, 2**63 - 1, 2**63, 2**256 - 1]),
)
"""Ids around the edges of the fast decoder (15 hex digits) and of SQLite (2**63 - 1)."""


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(_IDS, _IDS, st.integers(min_value=1, max_value=4), st.booleans()),
        min_size=1,
        max_size=8,
    )
)
def test_ids_blocks_and_hashes_decode_like_the_strict_path(
    specs: list[tuple[int, int, int, bool]],
) -> None:
    """Big ids and repeated and interleaved block numbers give exactly what json.loads +
    decode_batch gives; a block number that comes with two different hashes (a lying node, or
    an answer stitched across a reorg) is refused by the fast path and flagged by the strict."""
    logs = []
    for pid, parent, block, other_hash in specs:
        log = posted(pid, parent, block=block)
        log["transactionHash"] = "0x" + f"{pid % 2**255 + 7:064x}"
        if other_hash:
            log["blockHash"] = "0x" + f"{block + 1000:064x}"
        logs.append(log)
    kept = [log for log, spec in zip(logs, specs, strict=True) if max(spec[:2]) <= 2**63 - 1]
    hashes = {(log["blockNumber"], log["blockHash"]) for log in kept}
    if len(hashes) != len({log["blockNumber"] for log in kept}):
        assert decode_raw_logs(answer(logs), SOCIAL, ARTICLES) is None
        assert decode_batch(logs, SOCIAL, ARTICLES).split
    else:
        same(answer(logs))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2000), st.sampled_from(list('0x"{},:[]a9\\ ')))
@example(1242, "9")  # the follow's block number becomes the next post's: one block, two hashes
def test_a_mutated_answer_is_decoded_exactly_or_not_at_all(position: int, char: str) -> None:
    body = bytearray(answer([posted(1), followed(), posted(2, 1, block=9)]))
    body[position % len(body)] = ord(char)
    fast = decode_raw_logs(bytes(body), SOCIAL, ARTICLES)
    if fast is None:
        return
    same(bytes(body))


def test_anvil_answers_take_the_fast_path(agora: Agora, anvil: RpcClient) -> None:
    agora.post(1, "hello")
    agora.post(2, "a reply", 1)
    agora.follow(1, 2)
    flt = {
        "fromBlock": hex(agora.deployment.block),
        "toBlock": "latest",
        "address": [agora.deployment.social, agora.deployment.articles],
    }
    body = anvil.call_raw("eth_getLogs", [flt])
    fast = decode_raw_logs(body, agora.deployment.social, agora.deployment.articles)
    assert fast is not None and fast[0].posts == 2
    assert anvil.result_of("eth_getLogs", body) == json.loads(body)["result"]
    same(body, agora.deployment.social, agora.deployment.articles)


class TruncatingRpcClient(RpcClient):
    """A real client whose first few eth_getLogs answers are cut short (but start well)."""

    def __init__(self, url: str, bad: int) -> None:
        super().__init__(url)
        self.bad = bad

    def call_raw(self, method: str, params: list[Any] | None = None) -> bytes:
        body = super().call_raw(method, params)
        if method == "eth_getLogs" and self.bad and body.count(b'"logIndex"') > 1:
            self.bad -= 1
            return body[: body.index(b"},{") + 300] + b"]}"
        return body


def test_an_answer_that_only_looks_well_formed_is_fetched_again(
    agora: Agora, index: AgoraIndex, anvil: RpcClient
) -> None:
    sent = [agora.post(1, f"post {i}") for i in range(3)]
    agora.rpc.call("anvil_mine", ["0x1"])
    flaky = TruncatingRpcClient(anvil.url, bad=2)
    try:
        result = index.indexer(flaky, initial_range=100).sync()
    finally:
        flaky.close()
    assert flaky.bad == 0
    assert result.posts == 3
    rows = index.conn.execute("SELECT tx_hash FROM posts ORDER BY id").fetchall()
    assert [r[0] for r in rows] == sent


def test_other_events_after_the_probe_are_decoded_log_by_log(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rawlogs, "PROBE_CHARS", 300)
    same(answer([posted(1), posted(2), posted(3), followed(), posted(4, block=7)]))


def test_an_answer_of_posts_only_is_decoded_by_columns() -> None:
    """The hot case (every log a Posted log of ours) takes the column decoder, with the same
    rows as the strict path, whether hashes, authors and CIDs repeat or not."""
    logs = [posted(i, i // 2, cid=f"bafkrei{i}", block=3 + i // 3) for i in range(1, 40)]
    logs.append(posted(40, cid="x" * 200, block=20))
    body = answer(logs)
    text = body.decode()
    assert _only_posts(text, _HEAD.match(text).end(), len(text) - 2, SOCIAL) is not None  # type: ignore[union-attr]
    same(body)


@pytest.mark.parametrize("probe", [rawlogs.PROBE_CHARS, 300])
def test_a_mutated_answer_of_posts_is_decoded_exactly_or_not_at_all(
    probe: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every field the column decoder takes by length alone is checked as the strict pattern
    checks it: a character changed anywhere in the logs it decodes is decoded exactly as
    json.loads would see it, or the answer is refused (also across the probe's end)."""
    monkeypatch.setattr(rawlogs, "PROBE_CHARS", probe)
    good = answer([posted(1), posted(2, 1, block=9), posted(3, cid="y" * 70, block=9)])
    start = good.index(b"},{") + 1  # the first log is matched by the strict pattern
    for position in range(start, len(good)):
        for char in b'"\\ x_A0':
            body = bytearray(good)
            body[position] = char
            if decode_raw_logs(bytes(body), SOCIAL, ARTICLES) is not None:
                same(bytes(body))


@pytest.mark.parametrize(
    "logs",
    [
        [posted(1), followed(block=9), posted(2, 1, block=9)],  # log by log, a follow between
        [posted(1, block=9), {**posted(2, block=9), "blockHash": "0x" + "ab" * 32}],  # columns
        [posted(1, block=9), {**followed(block=9), "blockTimestamp": hex(1)}],  # another time
    ],
)
def test_one_block_with_two_hashes_is_refused_as_a_split_answer(logs: list[dict[str, Any]]) -> None:
    """An answer stitched across a reorg names one block number with two hashes (or times):
    the fast decoders hand it over, the strict one flags it, and the indexer fetches again."""
    if logs[1]["topics"][0] == EVENT_TOPICS["Followed"] and len(logs) == 3:
        logs[1]["blockHash"] = "0x" + f"{6:064x}"  # the follow keeps its own block's hash
    body = answer(logs)
    assert decode_raw_logs(body, SOCIAL, ARTICLES) is None
    assert decode_batch(json.loads(body)["result"], SOCIAL, ARTICLES).split
    assert not decode_batch([posted(1), posted(2, block=9)], SOCIAL, ARTICLES).split
