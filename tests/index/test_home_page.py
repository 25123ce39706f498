"""The home timeline's page-by-page reading agrees with the plain SQL definition of "home"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.index.schema import connect
from tui.core.index.views import _HOME_WHERE, _PEOPLE, IndexViews

PEOPLE = [f"0x{n:040d}" for n in range(1, 7)]  # digits only: already checksummed
ME = PEOPLE[0]


def _reference(
    conn: sqlite3.Connection, before: int | None, after: int | None, limit: int
) -> list[int]:
    """Home as one SQL condition (how the views read it before paging by person)."""
    params = {"me": ME, "limit": limit}
    if after is None:
        params["bound"] = before if before is not None else 2**63 - 1
        sql = f"WITH {_PEOPLE} SELECT p.id FROM posts p WHERE {_HOME_WHERE} AND p.id < :bound ORDER BY p.id DESC LIMIT :limit"
        return [r[0] for r in conn.execute(sql, params)]
    params["bound"] = after
    sql = f"WITH {_PEOPLE} SELECT p.id FROM posts p WHERE {_HOME_WHERE} AND p.id > :bound ORDER BY p.id ASC LIMIT :limit"
    return [r[0] for r in conn.execute(sql, params)][::-1]  # fmt: skip


_world = st.fixed_dictionaries(
    {
        "authors": st.lists(st.integers(0, 5), min_size=0, max_size=60),
        "follows": st.sets(st.integers(1, 5)),
        "reposts": st.lists(st.tuples(st.integers(1, 60), st.integers(0, 5)), max_size=20),
        "limit": st.integers(1, 12),
        "cursor": st.integers(0, 62),
    }
)


@settings(max_examples=60)
@given(world=_world)
def test_pages_match_the_sql_definition(tmp_path_factory: object, world: dict) -> None:
    path = Path(tmp_path_factory.mktemp("home")) / "i.sqlite"  # type: ignore[attr-defined]
    conn = connect(path)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash, timestamp)"
        " VALUES (?,?,0,?,?,0,?,?,0)",
        [(i, PEOPLE[a], f"bafkrei{i}", i, f"0x{i:064x}", f"0x{i:064x}")
         for i, a in enumerate(world["authors"], start=1)],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO follows(follower, followee, block) VALUES (?,?,1)",
        [(ME, PEOPLE[f]) for f in world["follows"]],
    )
    count = len(world["authors"])
    reposts = [(pid, PEOPLE[by]) for pid, by in world["reposts"] if pid <= count]
    conn.executemany(
        "INSERT INTO reposts(block_hash, log_index, post_id, by, block, tx_hash, timestamp)"
        " VALUES (?,?,?,?,?,?,0)",
        [(f"0x{n:064x}", n, pid, by, 100 + n, f"0x{n:064x}") for n, (pid, by) in enumerate(reposts)],
    )  # fmt: skip
    conn.execute("COMMIT")
    views = IndexViews(conn, ME)
    limit, cursor = world["limit"], world["cursor"]
    for before, after in ((None, None), (cursor, None), (None, cursor)):
        got = [p.id for p in views.timeline("home", before, limit, after_id=after)]
        assert got == _reference(conn, before, after, limit)
    # A jump to any position (a scrollbar drag) lands exactly there, in home and global.
    everything = _reference(conn, None, None, 10_000)
    assert [p.id for p in views.timeline_at("home", cursor, limit)] == everything[cursor:][:limit]
    global_ids = list(range(count, 0, -1))
    assert [p.id for p in views.timeline_at("global", cursor, limit)] == global_ids[cursor:][:limit]
    # Walking the whole home a page at a time visits every post once, newest first.
    walked: list[int] = []
    before_id = None
    while page := views.timeline("home", before_id, limit):
        walked += [p.id for p in page]
        before_id = page[-1].id
    assert walked == _reference(conn, None, None, 10_000)
    conn.close()
