"""Fetch plans and passes: fair across authors, capped per author and block, on-screen first,
bounded in time however a fetch behaves (a fake fetch function, a real SQLite index)."""

from __future__ import annotations

import random
import threading
from collections import Counter
from pathlib import Path

import pytest

from tests.faults.proxy import FaultyGateway
from tests.hostile.corpus import junk_cids
from tui.core.content.cid import cid_for
from tui.core.content.fetch import FetchResult, FetchStatus, GatewayFetcher
from tui.core.content.store import LocalContentStore
from tui.core.index.hydrator import Hydrator, plan
from tui.core.index.schema import connect

FLOODER = "0x" + "f" * 40
SYBILS = [f"0x{n:040x}" for n in range(1, 301)]
REAL = ["0x" + "a" * 40, "0x" + "b" * 40]


def _index(tmp_path: Path) -> tuple[object, dict[str, str]]:
    """A flooder's 100 junk CIDs in block 7, 300 throw-away authors' in block 8, and two
    real authors' two posts each in blocks 9 and 10. Returns the connection and cid → author."""
    conn = connect(tmp_path / "index.sqlite")
    author: dict[str, str] = {}
    rows = []
    for cid in junk_cids(100, seed=1):
        rows.append((cid, FLOODER, 7))
    for who, cid in zip(SYBILS, junk_cids(300, seed=2), strict=True):
        rows.append((cid, who, 8))
    for n, who in enumerate(REAL):
        for block in (9, 10):
            rows.append((cid_for(f"{who} {block} {n}".encode()), who, block))
    conn.execute("BEGIN")
    for i, (cid, who, block) in enumerate(rows, start=1):
        author[cid] = who
        conn.execute(
            "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
            " timestamp) VALUES (?, ?, 0, ?, ?, ?, '0x', '0x', 0)",
            (i, who, cid, block, i),
        )
        conn.execute("INSERT INTO content(cid, kind) VALUES (?, 'post')", (cid,))
    conn.execute("COMMIT")
    return conn, author


def test_plan_is_round_robin_over_authors_and_capped(tmp_path: Path) -> None:
    conn, author = _index(tmp_path)
    order = plan(conn, per_author=16, per_block=64, rng=random.Random(7))  # type: ignore[arg-type]
    authors = [author[cid] for cid, _ in order]
    per_author = Counter(authors)
    assert per_author[FLOODER] == 16  # a cap per author
    assert sum(1 for a in authors if a in SYBILS) <= 64  # a cap per block
    assert all(per_author[who] == 2 for who in REAL)  # every real post is in the pass
    turns, seen = [], Counter[str]()
    for who in authors:
        turns.append(seen[who])
        seen[who] += 1
    assert turns == sorted(turns), "each author's n-th CID comes after every author's (n-1)-th"
    assert [cid for cid, _ in order] != sorted(cid for cid, _ in order)  # not by CID
    # The user's own and followed authors go before everybody else.
    first = plan(conn, preferred=[REAL[1]], rng=random.Random(7))  # type: ignore[arg-type]
    assert {author[c] for c, _ in first[:2]} == {REAL[1]}


def _content(tmp_path: Path, cids: list[str]) -> object:
    conn = connect(tmp_path / "index.sqlite")
    conn.executemany("INSERT INTO content(cid, kind) VALUES (?, 'post')", [(c,) for c in cids])
    return conn


def test_a_hung_fetch_holds_neither_the_pass_nor_the_other_slot(tmp_path: Path) -> None:
    cids = junk_cids(20)
    hung = cids[0]
    conn = _content(tmp_path, cids)
    release = threading.Event()

    def fake_fetch(cid: str) -> FetchResult:
        if cid == hung:
            release.wait(60)
        return FetchResult(cid, FetchStatus.UNAVAILABLE, error="not found")

    hydrator = Hydrator(fake_fetch, concurrency=2, per_author=100)
    hydrator.want([hung])  # asked for first, so it takes a slot at once
    try:
        out = hydrator.run(conn, budget=1.0)  # type: ignore[arg-type]
    finally:
        release.set()
    assert out.unavailable == len(cids) - 1  # everything else went through the free slot
    assert out.deferred == 1
    assert out.missing == len(cids)


def test_what_is_on_screen_goes_first_also_during_a_pass(tmp_path: Path) -> None:
    cids = junk_cids(30)
    conn = _content(tmp_path, cids)
    asked: list[str] = []
    late = cids[-1]

    def fake_fetch(cid: str) -> FetchResult:
        if not asked:
            hydrator.want([late])  # the user opens a thread while the pass runs
        asked.append(cid)
        return FetchResult(cid, FetchStatus.UNAVAILABLE, error="not found")

    hydrator = Hydrator(fake_fetch, concurrency=1, per_author=100)
    hydrator.want([cids[10], cids[20]])
    out = hydrator.run(conn, budget=30.0)  # type: ignore[arg-type]
    # The most recently shown first; what is asked for during the pass goes next.
    assert asked[:3] == [cids[20], late, cids[10]]
    assert out.unavailable == len(cids)
    # Backed off: on screen again right away, they are not asked for again yet.
    asked.clear()
    hydrator.want([cids[10]])
    assert hydrator.run(conn, budget=30.0).unavailable == 0  # type: ignore[arg-type]
    assert asked == []


@pytest.fixture
def gateways(tmp_path: Path) -> object:
    remote = LocalContentStore(tmp_path / "remote")
    hanging, honest = FaultyGateway(remote.get), FaultyGateway(remote.get)
    hanging.mode = "hang"
    try:
        yield remote, hanging, honest
    finally:
        hanging.close()
        honest.close()


def test_a_gateway_slow_for_one_cid_is_asked_last_for_the_others(
    tmp_path: Path, gateways: tuple[LocalContentStore, FaultyGateway, FaultyGateway]
) -> None:
    remote, hanging, honest = gateways
    first, second = remote.put(b"first"), remote.put(b"second")
    store = LocalContentStore(tmp_path / "local")
    with GatewayFetcher(store, [hanging.url, honest.url], timeout=0.5, cid_timeout=10) as f:
        assert f.fetch(first).status is FetchStatus.VERIFIED  # after the hung gateway gave up
        assert f.fetch(second).status is FetchStatus.VERIFIED
    assert hanging.requests == [first]
    assert honest.requests == [first, second]


def test_a_cid_never_takes_longer_than_its_own_time(tmp_path: Path) -> None:
    """Two hung gateways in turn: the CID gives up when its time is out, not after both."""
    remote = LocalContentStore(tmp_path / "remote")
    a, b = FaultyGateway(remote.get), FaultyGateway(remote.get)
    a.mode = b.mode = "hang"
    try:
        with GatewayFetcher(remote, [a.url, b.url], timeout=0.5, cid_timeout=0.5) as f:
            result = f.fetch(junk_cids(1)[0])
    finally:
        a.close()
        b.close()
    assert result.status is FetchStatus.UNAVAILABLE
    assert "time ran out" in result.error
    assert len(a.requests) + len(b.requests) == 1


def test_a_pass_plans_more_rounds_while_time_is_left(tmp_path: Path) -> None:
    """An honest author's backlog is not cut at the per-author cap when nobody else waits."""
    cids = junk_cids(40)
    conn = _content(tmp_path, cids)  # one (unknown) author: 16 a round
    asked: list[str] = []

    def fake_fetch(cid: str) -> FetchResult:
        asked.append(cid)
        return FetchResult(cid, FetchStatus.UNAVAILABLE, error="not found")

    out = Hydrator(fake_fetch, concurrency=4, per_author=16).run(conn, budget=30.0)  # type: ignore[arg-type]
    assert sorted(asked) == sorted(cids)
    assert (out.unavailable, out.deferred, out.missing) == (40, 0, 40)


def test_content_on_screen_is_retried_before_a_long_backoff_ends_but_not_often(
    tmp_path: Path,
) -> None:
    from tui.core.index.hydrate import RETRY_BASE
    from tui.core.index.hydrator import WANT_RETRY, wanted_due

    long_ago, lately, fresh = junk_cids(3)
    conn = _content(tmp_path, [long_ago, lately, fresh])
    now = 1_000_000
    backoff = RETRY_BASE * 2**4  # the fifth failure
    for cid, tried in ((long_ago, now - WANT_RETRY), (lately, now - WANT_RETRY + 60)):
        conn.execute(  # type: ignore[attr-defined]
            "UPDATE content SET status = 'unavailable', attempts = 5, next_try = ? WHERE cid = ?",
            (tried + backoff, cid),
        )
    got = wanted_due(conn, [lately, long_ago, fresh], now)  # type: ignore[arg-type]
    assert [cid for cid, _ in got] == [long_ago, fresh]
