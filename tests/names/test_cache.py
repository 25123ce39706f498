"""The ENS cache: TTLs for display, and invalidation by the indexed events of a node."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

from tui.core.ens.cache import NEGATIVE_TTL, TTL, EnsCache
from tui.core.ens.normalize import labelhash, namehash
from tui.core.index.ens import INSERT, decode


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _cache() -> tuple[EnsCache, Clock]:
    clock = Clock()
    return EnsCache(sqlite3.connect(":memory:", isolation_level=None), clock=clock), clock


def test_ttls() -> None:
    cache, clock = _cache()
    cache.put("addr", "ada.eth", "0xabc")
    cache.put("addr", "nobody.eth", "")
    assert cache.get("addr", "ada.eth") == "0xabc"
    assert cache.get("addr", "nobody.eth") == ""
    clock.now += NEGATIVE_TTL + 1
    assert cache.get("addr", "nobody.eth") is None
    assert cache.get("addr", "ada.eth") == "0xabc"
    clock.now += TTL
    assert cache.get("addr", "ada.eth") is None


def _event(event: str, **args: object) -> SimpleNamespace:
    return SimpleNamespace(
        name=event, args=args, block_hash="0xb1", log_index=len(args), block_number=7
    )


def test_events_invalidate_exactly_their_node() -> None:
    cache, _ = _cache()
    cache.put("addr", "ada.eth", "0xabc", nodes=[namehash("ada.eth")])
    cache.put("addr", "grace.eth", "0xdef", nodes=[namehash("grace.eth")])
    rows = decode(_event("AddrChanged", node=namehash("ada.eth"), a="0x1"), 0)
    assert rows and rows[0][0] == "ens_touched"
    cache.conn.execute(INSERT, rows[0][1])
    assert cache.get("addr", "ada.eth") is None
    assert cache.get("addr", "grace.eth") == "0xdef"


def test_new_owner_invalidates_the_subnode() -> None:
    cache, _ = _cache()
    cache.put("addr", "new.eth", "", nodes=[namehash("new.eth")])
    (row,) = decode(
        _event("NewOwner", node=namehash("eth"), label=labelhash("new"), owner="0x2"), 0
    )
    cache.conn.execute(INSERT, row[1])
    assert cache.get("addr", "new.eth") is None


def test_reorg_rollback_invalidates_too() -> None:
    cache, _ = _cache()
    (row,) = decode(_event("NameChanged", node=namehash("x.eth"), name="x.eth"), 0)
    cache.conn.execute(INSERT, row[1])
    cache.put("primary", "0xA", "x.eth", nodes=[namehash("x.eth")])
    cache.conn.execute("DELETE FROM ens_touched WHERE block > 6")
    assert cache.get("primary", "0xA") is None


def test_unrelated_events_are_ignored() -> None:
    assert decode(_event("ApprovalForAll", owner="0x1"), 0) == []


def test_a_lookup_older_than_an_invalidation_is_not_stored() -> None:
    import time

    cache = EnsCache(sqlite3.connect(":memory:", isolation_level=None))
    started = time.time() - 1  # the lookup began, then the event was indexed
    (row,) = decode(_event("NameChanged", node=namehash("x.eth"), name="x.eth"), 0)
    cache.conn.execute(INSERT, row[1])
    cache.put("primary", "0xA", "", nodes=[namehash("x.eth")], started=started)
    assert cache.get("primary", "0xA") is None  # the stale "no name" was dropped
    cache.put("primary", "0xA", "x.eth", nodes=[namehash("x.eth")], started=time.time() + 1)
    assert cache.get("primary", "0xA") == "x.eth"
