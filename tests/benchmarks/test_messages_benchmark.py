"""Scanning 100,000 ``Sealed`` announcements for one recipient (on demand: ``pytest -m benchmark``).

A real SQLite index holds 100,000 announcements of strangers' messages (random X25519 points and
view tags) with 20 real messages to the recipient spread among them. Measured side by side in
one run: the full scan (``tui.core.messages.inbox.scan``: one HPKE decapsulation and exporter
per announcement, then fetch, open and verify the matches) against two references: reading the
same rows from SQLite alone, and 100,000 bare X25519 key exchanges with ``cryptography`` (the
floor any scanner with this protocol pays). Peak memory is Python's (tracemalloc) during the scan.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import tracemalloc
from pathlib import Path

import pytest

from tests.messages.test_seal_open import CHAIN, KA, KB, A, B
from tui.core.content.store import FakeContentStore
from tui.core.index import messages as source
from tui.core.messages.inbox import InboxState, scan, state_path
from tui.core.messages.message import seal_message

pytestmark = pytest.mark.benchmark

ANNOUNCEMENTS = 100_000
MINE = 20


def _fill(path: Path, store: FakeContentStore) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(source.SCHEMA)
    step = ANNOUNCEMENTS // MINE
    rows = []
    for n in range(ANNOUNCEMENTS):
        if n % step == step // 2:
            to_b, _ = seal_message(A, KA, B.address, KB.public, f"msg {n}", ts=n, chain_id=CHAIN)
            store.put(to_b.block)
            enc, tag, digest = to_b.enc, to_b.view_tag[0], to_b.digest
        else:
            enc, tag, digest = os.urandom(32), os.urandom(1)[0], os.urandom(32)
        rows.append((f"0x{n:064x}", 0, n, n, enc, tag, digest))
    conn.executemany(source.INSERTS[source.TABLE], rows)
    conn.commit()
    conn.close()


def test_scan_100k_announcements(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

    store = FakeContentStore()
    db = tmp_path / "index.sqlite"
    _fill(db, store)
    index = sqlite3.connect(db)

    start = time.perf_counter()
    count = sum(1 for _ in index.execute("SELECT enc, view_tag, digest FROM dm_sealed"))
    sql_only = time.perf_counter() - start
    assert count == ANNOUNCEMENTS

    me = X25519PrivateKey.generate()
    points = [row[0] for row in index.execute("SELECT enc FROM dm_sealed")]
    start = time.perf_counter()
    for raw in points:
        with contextlib.suppress(ValueError):
            me.exchange(X25519PublicKey.from_public_bytes(raw))
    bare = time.perf_counter() - start

    state = InboxState(state_path(tmp_path, CHAIN, B.address))
    tracemalloc.start()
    start = time.perf_counter()
    report = scan(index, state, [KB], B.address, CHAIN, store.get, budget=ANNOUNCEMENTS)
    full = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        f"\nscan of {ANNOUNCEMENTS:,} Sealed for one recipient: {full:.2f} s "
        f"({full / ANNOUNCEMENTS * 1e6:.0f} µs each), peak {peak / 1024:.0f} KiB (tracemalloc); "
        f"matched {report.matched} (ours {MINE}), opened {report.opened}\n"
        f"reference, SQLite rows only: {sql_only:.2f} s; bare X25519 exchanges: {bare:.2f} s "
        f"(scan = {full / bare:.1f}x the bare X25519 floor)"
    )
    assert report.scanned == ANNOUNCEMENTS and report.opened == MINE and report.remaining == 0
    state.close()
    index.close()
