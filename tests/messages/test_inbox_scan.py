"""Scanning Sealed rows for one account: matches, duplicates, floods, bad blocks, reorgs."""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.messages.test_seal_open import CHAIN, KA, KB, KC, A, B, C
from tui.core.content.store import FakeContentStore
from tui.core.index import messages as source
from tui.core.messages.crypto import Sealed, seal
from tui.core.messages.inbox import InboxState, scan, state_path
from tui.core.messages.message import seal_message


@dataclass
class Event:
    """The shape the indexer hands to ``decode`` (a decoded log)."""

    name: str
    args: dict[str, Any]
    block_number: int
    block_hash: str
    log_index: int


class Chain:
    """A real SQLite index with the dm_sealed table, fed through the source's decode."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.executescript(source.SCHEMA)
        self.content = FakeContentStore()
        self.block = 0
        self.log = 0

    def announce(self, sealed: Sealed, *, store: bool = True, block_hash: str = "") -> None:
        if store:
            self.content.put(sealed.block)
        self.block += 1
        event = Event("Sealed", {"enc": sealed.enc, "viewTag": sealed.view_tag,
                                 "digest": sealed.digest},
                      self.block, block_hash or f"0x{self.block:064x}", 0)  # fmt: skip
        for table, row in source.decode(event, 1_700_000_000 + self.block):
            self.conn.execute(source.INSERTS[table], row)


def state(tmp_path: Path, who: Any) -> InboxState:
    return InboxState(state_path(tmp_path, CHAIN, who.address))


def test_decode_refuses_other_events_and_malformed_fields() -> None:
    ok = {"enc": b"1" * 32, "viewTag": b"\x01", "digest": b"2" * 32}
    assert source.decode(Event("Sealed", ok, 1, "0x1", 0), 5) != []
    assert source.decode(Event("Posted", ok, 1, "0x1", 0), 5) == []
    assert source.decode(Event("Sealed", {**ok, "enc": b"1"}, 1, "0x1", 0), 5) == []
    assert source.decode(Event("Sealed", {**ok, "digest": "x"}, 1, "0x1", 0), 5) == []


def test_a_writes_to_b_b_reads_c_sees_nothing(tmp_path: Path) -> None:
    chain = Chain()
    to_b, copy = seal_message(A, KA, B.address, KB.public, "hi B", ts=1, chain_id=CHAIN)
    chain.announce(to_b)
    chain.announce(copy)
    load = chain.content.get
    with state(tmp_path, B) as sb, state(tmp_path, A) as sa, state(tmp_path, C) as sc:
        rb = scan(chain.conn, sb, [KB], B.address, CHAIN, load)
        scan(chain.conn, sa, [KA], A.address, CHAIN, load)
        rc = scan(chain.conn, sc, [KC], C.address, CHAIN, load)
        assert (rb.scanned, rb.opened, rb.remaining) == (2, 1, 0)
        assert [f.sent for f in sb.found()] == [False]
        assert [f.sent for f in sa.found()] == [True]
        assert sc.found() == [] and rc.opened == 0
        # a second pass does nothing new
        assert scan(chain.conn, sb, [KB], B.address, CHAIN, load).scanned == 0


def test_replayed_announcement_counts_once(tmp_path: Path) -> None:
    chain = Chain()
    to_b, _ = seal_message(A, KA, B.address, KB.public, "once", ts=1, chain_id=CHAIN)
    chain.announce(to_b)
    chain.announce(to_b)
    with state(tmp_path, B) as sb:
        report = scan(chain.conn, sb, [KB], B.address, CHAIN, chain.content.get)
        assert (report.opened, report.duplicates, len(sb.found())) == (1, 1, 1)


def test_missing_block_waits_and_opens_later(tmp_path: Path) -> None:
    chain = Chain()
    to_b, _ = seal_message(A, KA, B.address, KB.public, "later", ts=1, chain_id=CHAIN)
    chain.announce(to_b, store=False)
    with state(tmp_path, B) as sb:
        first = scan(chain.conn, sb, [KB], B.address, CHAIN, chain.content.get)
        assert (first.waiting, first.opened) == (1, 0)
        chain.content.put(to_b.block)
        second = scan(chain.conn, sb, [KB], B.address, CHAIN, chain.content.get)
        assert (second.opened, len(sb.found())) == (1, 1)


def test_bad_blocks_are_refused_without_stopping_the_scan(tmp_path: Path) -> None:
    chain = Chain()
    good, _ = seal_message(A, KA, B.address, KB.public, "good", ts=1, chain_id=CHAIN)
    # a block sealed to B that is not an envelope, and a re-sealed message of someone else
    junk = seal(KB.public, b"not json", CHAIN)
    to_c, _ = seal_message(A, KA, C.address, KC.public, "for C", ts=1, chain_id=CHAIN)
    from tui.core.messages.crypto import open_block

    resealed = seal(KB.public, open_block(KC, to_c.block, CHAIN), CHAIN)
    for s in (junk, resealed, good):
        chain.announce(s)
    with state(tmp_path, B) as sb:
        report = scan(chain.conn, sb, [KB], B.address, CHAIN, chain.content.get)
        assert (report.opened, report.refused) == (1, 2)
        assert len(sb.found()) == 1


def test_flood_is_bounded_by_the_budget(tmp_path: Path) -> None:
    chain = Chain()
    noise = [seal(KC.public, os.urandom(20), CHAIN) for _ in range(30)]
    for s in noise:
        chain.announce(s, store=False)
    with state(tmp_path, B) as sb:
        first = scan(chain.conn, sb, [KB], B.address, CHAIN, chain.content.get, budget=20)
        assert (first.scanned, first.remaining) == (20, 10)
        second = scan(chain.conn, sb, [KB], B.address, CHAIN, chain.content.get, budget=20)
        assert (second.scanned, second.remaining) == (10, 0)


def test_reorg_under_the_cursor_rewinds_and_finds_again(tmp_path: Path) -> None:
    chain = Chain()
    to_b, _ = seal_message(A, KA, B.address, KB.public, "reorg", ts=1, chain_id=CHAIN)
    chain.announce(to_b)
    with state(tmp_path, B) as sb:
        scan(chain.conn, sb, [KB], B.address, CHAIN, chain.content.get)
        assert len(sb.found()) == 1
        chain.conn.execute("DELETE FROM dm_sealed WHERE block >= 1")  # the rollback
        chain.block = 0
        other, _ = seal_message(A, KA, B.address, KB.public, "other", ts=2, chain_id=CHAIN)
        chain.announce(other, block_hash="0x" + "ee" * 32)
        report = scan(chain.conn, sb, [KB], B.address, CHAIN, chain.content.get)
        assert report.rewound
        assert [f.digest for f in sb.found()] == [other.digest]


def test_state_file_is_private_and_holds_no_plaintext(tmp_path: Path) -> None:
    chain = Chain()
    to_b, _ = seal_message(A, KA, B.address, KB.public, "PLAINTEXT-MARK", ts=1, chain_id=CHAIN)
    chain.announce(to_b)
    with state(tmp_path, B) as sb:
        scan(chain.conn, sb, [KB], B.address, CHAIN, chain.content.get)
        path = sb.path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    raw = path.read_bytes()
    assert b"PLAINTEXT-MARK" not in raw
    assert A.address.lower()[2:].encode() not in raw.lower()


def test_state_path_refuses_odd_addresses(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        state_path(tmp_path, 1, "../x")
