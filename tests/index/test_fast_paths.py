"""The sync's fast paths agree with the generic ones: Posted decoding, bulk inserts, range sizing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from eth_abi import encode

from tests.conftest import DEV_ADDRESSES
from tui.core.chain.abi import EVENT_TOPICS, decode_log
from tui.core.index import ingest
from tui.core.index.ingest import BULK_POSTS, MAX_INT, Batch, apply_batch, decode_batch
from tui.core.index.ranges import RangeSizer
from tui.core.index.schema import connect

SOCIAL = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
ARTICLES = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"
CID = "bafkreig4yey5bu2gjxtgkl564oaqalnpmfk6tgdtbnghic2v5eykrd7ibm"


def _word(value: int) -> str:
    return "0x" + format(value, "064x")


def _posted(post_id: int = 7, parent: int = 0, cid: str = CID, block: int = 5) -> dict[str, Any]:
    return {
        "address": SOCIAL.lower(),
        "topics": [
            EVENT_TOPICS["Posted"],
            _word(post_id),
            "0x" + "0" * 24 + DEV_ADDRESSES[1][2:].lower(),
            _word(parent),
        ],
        "data": "0x" + encode(["string"], [cid]).hex(),
        "blockHash": "0x" + "ab" * 32,
        "blockNumber": hex(block),
        "blockTimestamp": "0x6b0210bf",
        "transactionHash": "0x" + "cd" * 32,
        "transactionIndex": "0x0",
        "logIndex": "0x3",
        "removed": False,
    }


def _reference(log: dict[str, Any]) -> tuple[Any, ...] | None:
    """The posts row the generic decoder makes of ``log`` (None: skipped or removed)."""
    event = decode_log(log)
    if event is None or event.name != "Posted" or event.block_number < 0 or event.removed:
        return None
    a = event.args
    if a["id"] > MAX_INT or a["parent"] > MAX_INT:
        return None
    ts = int(log["blockTimestamp"], 16)
    return (a["id"], a["author"], a["parent"], a["cid"], event.block_number, event.log_index,
            event.block_hash, event.tx_hash, ts)  # fmt: skip


def _mutate(change: dict[str, Any]) -> dict[str, Any]:
    log = _posted()
    for key, value in change.items():
        if key.startswith("topic"):
            log["topics"][int(key[5:])] = value
        else:
            log[key] = value
    return log


GOOD = _posted()
MUTATIONS: list[dict[str, Any]] = [
    {},
    {"topic1": "0X" + GOOD["topics"][1][2:]},  # upper-case prefix: the generic path decides
    {"topic1": "00" + GOOD["topics"][1][2:]},  # 66 characters, no prefix
    {"topic1": _word(2**63)},  # beyond SQLite's integers
    {"topic2": "0x" + "0" * 23 + "1" + DEV_ADDRESSES[1][2:].lower()},  # dirty address padding
    {"topic2": "0x" + "0" * 24 + "zz" * 20},  # not hex
    {"topic3": _word(5)},  # a reply
    {"data": "0x" + _word(0x40)[2:] + "00" * 32 + encode(["string"], [CID]).hex()[64:]},
    {"data": GOOD["data"][:150]},  # truncated string
    {"data": GOOD["data"][:130]},  # no string words at all
    {"data": "0x" + encode(["string"], ["\u00e9t\u00e9"]).hex()},  # non-ASCII text
    {"data": GOOD["data"][:130] + "ff" * 59 + GOOD["data"][130 + 118 :]},  # invalid UTF-8
    {"data": GOOD["data"][:140] + "zz" + GOOD["data"][142:]},  # not hex
    {"blockNumber": None},  # pending
    {"blockNumber": 5},  # already an int
    {"logIndex": "0xzz"},
    {"blockHash": None},
    {"removed": True},
]


@pytest.mark.parametrize("change", MUTATIONS)
def test_fast_posted_decoding_matches_the_generic_decoder(change: dict[str, Any]) -> None:
    log = _mutate(change)
    batch = decode_batch([log], SOCIAL, ARTICLES)
    expected = _reference(log)
    assert batch.rows["posts"] == ([expected] if expected else [])
    assert batch.posts == (1 if expected else 0)
    if log.get("removed") and decode_log(log) is not None:
        assert batch.removed == [(log["blockHash"], 3)]


def test_posted_from_the_wrong_contract_is_skipped() -> None:
    log = _posted()
    log["address"] = ARTICLES.lower()
    batch = decode_batch([log], SOCIAL, ARTICLES)
    assert batch.rows["posts"] == [] and batch.skipped == 1


def _fts(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT rowid FROM post_fts ORDER BY rowid")]


def test_bulk_insert_indexes_verified_content_once(tmp_path: Path) -> None:
    conn = connect(tmp_path / "i.sqlite")
    conn.execute(
        "INSERT INTO content(cid, kind, status, text) VALUES ('known', 'post', 'verified', 'hi')"
    )
    logs = [
        _posted(post_id=i, cid="known" if i % 100 == 0 else f"cid{i}", block=10 + i // 50)
        for i in range(1, BULK_POSTS * 2)
    ]
    batch = decode_batch(logs, SOCIAL, ARTICLES)
    apply_batch(conn, batch, 30, "0x" + "ee" * 32)
    known = [i for i in range(1, BULK_POSTS * 2) if i % 100 == 0]
    assert _fts(conn) == known
    # Re-applying the same logs (a resumed sync) adds nothing, and the trigger is back.
    apply_batch(conn, decode_batch(logs, SOCIAL, ARTICLES), 30, "0x" + "ee" * 32)
    assert _fts(conn) == known
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert "posts_ins_fts" in triggers
    # A small batch goes through the trigger.
    small = decode_batch([_posted(post_id=10_000, cid="known", block=40)], SOCIAL, ARTICLES)
    apply_batch(conn, small, 40, "0x" + "ef" * 32)
    assert _fts(conn) == [*known, 10_000]
    assert conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0] == BULK_POSTS * 2


def test_a_bulk_batch_of_new_cids_looks_up_no_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first sync: no CID of the batch had a content row, so none can have a verified text
    to index, and the per-CID lookup is skipped; one known CID brings the lookup back."""
    conn = connect(tmp_path / "i.sqlite")
    looked: list[int] = []
    real = ingest._verified_texts

    def spy(c: sqlite3.Connection, cids: list[str]) -> dict[str, str]:
        looked.append(len(cids))
        return real(c, cids)

    monkeypatch.setattr(ingest, "_verified_texts", spy)
    logs = [_posted(post_id=i, cid=f"new{i}") for i in range(1, BULK_POSTS + 1)]
    apply_batch(conn, decode_batch(logs, SOCIAL, ARTICLES), 30, "0x" + "ee" * 32)
    assert looked == []
    conn.execute("UPDATE content SET status = 'verified', text = 'hi' WHERE cid = 'new1'")
    logs = [_posted(post_id=BULK_POSTS + i, cid=f"new{i}") for i in range(1, BULK_POSTS + 1)]
    apply_batch(conn, decode_batch(logs, SOCIAL, ARTICLES), 31, "0x" + "ef" * 32)
    assert looked == [BULK_POSTS]
    assert _fts(conn) == [BULK_POSTS + 1]


def test_a_bulk_batch_of_posts_queues_each_cid_once(tmp_path: Path) -> None:
    """The posts' content rows, added from the posts table: one pending row per CID, a row
    that was there already left as it was."""
    conn = connect(tmp_path / "i.sqlite")
    conn.execute("INSERT INTO content(cid, kind, status) VALUES ('c3', 'profile', 'verified')")
    logs = [_posted(post_id=i, cid=f"c{i % 100}") for i in range(1, BULK_POSTS + 1)]
    batch = decode_batch(logs, SOCIAL, ARTICLES)
    assert len(batch.content) == len(batch.rows["posts"])  # nothing but posts: the SQL path
    apply_batch(conn, batch, 30, "0x" + "ee" * 32)
    rows = conn.execute("SELECT cid, kind, status FROM content ORDER BY cid").fetchall()
    assert len(rows) == 100
    assert ("c3", "profile", "verified") in rows
    assert all(kind == "post" and status == "pending" for cid, kind, status in rows if cid != "c3")


def test_a_failed_bulk_batch_leaves_the_trigger_and_cursor(tmp_path: Path) -> None:
    conn = connect(tmp_path / "i.sqlite")
    batch = decode_batch([_posted(post_id=i) for i in range(1, BULK_POSTS + 1)], SOCIAL, ARTICLES)
    batch.rows["tips"].append(("only", "three", "columns"))  # fails after the posts went in
    with pytest.raises(sqlite3.ProgrammingError):
        apply_batch(conn, batch, 9, "0x" + "ee" * 32)
    assert conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0] == 0
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert "posts_ins_fts" in triggers
    assert conn.execute("SELECT value FROM meta WHERE key = 'cursor_block'").fetchone() is None


def test_sizer_follows_log_density() -> None:
    sizer = RangeSizer(initial=1, maximum=1000, target_logs=100)
    sizer.observe(1, 0)  # empty: grow, at most 4x per answer
    assert sizer.size == 4
    sizer.observe(4, 0)
    assert sizer.size == 16
    sizer.observe(16, 800)  # 50 logs a block: two blocks hold the target
    assert sizer.size == 2
    sizer.observe(2, 10_000)  # one block is the least we can ask for
    assert sizer.size == 1
    sizer.size = 64
    sizer.observe(3, 5)  # a short range at the chain's tip says little: keep the size
    assert sizer.size == 64
    for _ in range(10):
        sizer.observe(sizer.size, 0)
    assert sizer.size == 1000  # never past the maximum (a provider's ceiling)


def test_batch_type_is_unchanged_for_callers() -> None:
    assert Batch().rows.keys() == decode_batch([], SOCIAL, ARTICLES).rows.keys()


def test_well_formed_posted_logs_skip_the_generic_decoder(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(log: dict[str, Any]) -> None:
        raise AssertionError("generic decoder used")

    monkeypatch.setattr("tui.core.index.ingest.decode_log", fail)
    assert decode_batch([_posted()], SOCIAL, ARTICLES).rows["posts"] == [_reference(_posted())]
