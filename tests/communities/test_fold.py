"""The community fold: lineage windows, moderation state, and incremental == from scratch.

The property test drives the real index tables (SQLite, the real decoder and rollback) with
random histories of communities, forks, posts, moderation and reorgs, and checks that the
views after an incremental sync with reorgs equal the views of a clean sync of the final chain.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DEV_ADDRESSES
from tui.core.chain.abi import DecodedEvent
from tui.core.communities.fold import (
    Action,
    Lineage,
    ModerationEntry,
    ModerationState,
    counts,
    fold_moderation,
    history,
)
from tui.core.index import communities as index
from tui.core.index.community_views import CommunityViews
from tui.core.index.schema import connect

MODS = DEV_ADDRESSES[:2]


def _entry(
    action: Action, target: str, pos: tuple[int, int], community: int = 1
) -> ModerationEntry:
    return ModerationEntry(community, target, MODS[0], action, "bafy", pos)


def test_history_windows_follow_the_chain_of_forks() -> None:
    lineages = {
        1: Lineage(1, 0, (1, 0)),
        2: Lineage(2, 1, (5, 1)),
        3: Lineage(3, 2, (9, 0)),
        4: Lineage(4, 1, (7, 0)),
    }
    assert history(lineages, 1) == [(1, None)]
    assert history(lineages, 3) == [(3, None), (2, (9, 0)), (1, (5, 1))]
    cutoffs = dict(history(lineages, 3))
    assert counts(cutoffs, 1, (5, 0)) and not counts(cutoffs, 1, (5, 1))
    assert counts(cutoffs, 2, (8, 3)) and not counts(cutoffs, 2, (9, 0))
    assert counts(cutoffs, 3, (100, 0)) and not counts(cutoffs, 4, (2, 0))
    # A cycle from a lying node ends at the depth limit.
    cyclic = {1: Lineage(1, 2, (1, 0)), 2: Lineage(2, 1, (2, 0))}
    assert len(history(cyclic, 1)) == 9


def test_moderation_state_folds_in_chain_order() -> None:
    state = fold_moderation(
        [
            _entry(Action.RESTORE, "7", (4, 0)),
            _entry(Action.HIDE, "7", (2, 0)),
            _entry(Action.BAN, MODS[1], (3, 0)),
            _entry(Action.HIDE, "8", (3, 1)),
        ]
    )
    assert set(state.hidden) == {8}
    assert set(state.restored) == {7}
    assert state.collapse(9, MODS[1]) is not None and state.collapse(9, MODS[0]) is None
    state.apply(_entry(Action.UNBAN, MODS[1], (5, 0)))
    assert state.banned == {}
    try:
        state.apply(_entry(Action.HIDE, "1", (1, 0)))
    except ValueError:
        pass
    else:  # pragma: no cover
        raise AssertionError("out-of-order entries must be refused")


def test_a_fork_restores_what_its_parent_hid_and_ignores_the_parents_later_log() -> None:
    lineages = {1: Lineage(1, 0, (1, 0)), 2: Lineage(2, 1, (5, 0))}
    cutoffs = dict(history(lineages, 2))
    log = [
        _entry(Action.HIDE, "3", (2, 0), community=1),
        _entry(Action.HIDE, "4", (6, 0), community=1),  # after the fork: not the fork's
        _entry(Action.RESTORE, "3", (7, 0), community=2),
    ]
    fork = fold_moderation(e for e in log if counts(cutoffs, e.community, e.pos))
    parent = fold_moderation(e for e in log if e.community == 1)
    assert fork.hidden == {} and set(fork.restored) == {3}
    assert set(parent.hidden) == {3, 4}
    assert isinstance(fork, ModerationState)


# --- the index property ------------------------------------------------------------------------

CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"

op = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 6)),  # parent index (0: a root) among communities
    st.tuples(st.just("post"), st.integers(0, 6), st.integers(0, 1)),
    st.tuples(st.just("mod"), st.integers(0, 6), st.integers(1, 4), st.integers(0, 30)),
)
blocks = st.lists(st.lists(op, min_size=1, max_size=4), min_size=1, max_size=10)


class World:
    """Turns abstract ops into the logs a chain would carry, block by block."""

    def __init__(self) -> None:
        self.communities = 0
        self.posts = 0

    def block(self, number: int, ops: list[tuple[Any, ...]], salt: str) -> list[DecodedEvent]:
        events: list[DecodedEvent] = []
        block_hash = f"0x{number:030x}{salt:0>34}"

        def event(name: str, **args: Any) -> None:
            events.append(
                DecodedEvent(
                    name, args, "0x" + "11" * 20, number, block_hash, "0xtx", len(events), False
                )
            )

        for item in ops:
            if item[0] == "create":
                parent = item[1] % (self.communities + 1) if self.communities else 0
                self.communities += 1
                event(
                    "CommunityCreated",
                    id=self.communities,
                    owner=MODS[0],
                    parent=parent,
                    forkBlock=number if parent else 0,
                    metaCid=CID,
                    rulesCid=CID,
                    restricted=False,
                    governance=0,
                )
            elif not self.communities:
                continue
            elif item[0] == "post":
                self.posts += 1
                event("Posted", id=self.posts, author=MODS[item[2]], parent=0, cid=CID)
                event(
                    "CommunityPost",
                    community=1 + item[1] % self.communities,
                    id=self.posts,
                    author=MODS[item[2]],
                    parent=0,
                )
            else:
                action = item[2]
                target = (
                    str(1 + item[3] % max(self.posts, 1))
                    if action <= 2
                    else str(int(MODS[item[3] % 2], 16))
                )
                event(
                    "Moderated",
                    community=1 + item[1] % self.communities,
                    target=int(target),
                    moderator=MODS[0],
                    action=action,
                    reasonCid=CID,
                )
        return events


def _apply(conn: sqlite3.Connection, events: list[DecodedEvent]) -> None:
    conn.execute("BEGIN")
    for ev in events:
        if ev.name == "Posted":
            conn.execute(
                "INSERT OR IGNORE INTO posts(id, author, parent, cid, block, log_index, block_hash,"
                " tx_hash, timestamp) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    ev.args["id"],
                    ev.args["author"],
                    0,
                    CID,
                    ev.block_number,
                    ev.log_index,
                    ev.block_hash,
                    "0xtx",
                    0,
                ),
            )
        else:
            index.store(conn, index.decode(ev, 0))
    conn.execute("COMMIT")


def _rollback(conn: sqlite3.Connection, fork: int) -> None:
    conn.execute("BEGIN")
    index.rollback(conn, fork)
    conn.execute("DELETE FROM posts WHERE block > ?", (fork,))
    conn.execute("COMMIT")


def _snapshot(conn: sqlite3.Connection) -> dict[str, Any]:
    views = CommunityViews(conn)
    out: dict[str, Any] = {}
    for summary in views.communities():
        c = summary.id
        page = views.timeline(c, limit=1000)
        full = views.moderation(c)  # the whole log folded: the page's subset must agree
        for item in page:
            assert (item.collapse is None) == (
                full.collapse(item.post.id, item.post.author) is None
            )
        out[f"{c}.timeline"] = [p.to_json() for p in page]
        out[f"{c}.log"] = [e.to_json() for e in views.log(c)]
        out[f"{c}.detail"] = views.community(c).to_json()
    return out


@settings(max_examples=60)
@given(main=blocks, side=blocks, depth=st.integers(1, 5), data=st.data())
def test_incremental_with_reorgs_equals_from_scratch(
    tmp_path_factory: Any,
    main: list[list[tuple[Any, ...]]],
    side: list[list[tuple[Any, ...]]],
    depth: int,
    data: st.DataObject,
) -> None:
    base: Path = tmp_path_factory.mktemp("fold")
    incremental = connect(base / "inc.db")
    scratch = connect(base / "scratch.db")
    for conn in (incremental, scratch):
        index.ensure_schema(conn)
    # Incremental: the side chain first, then a reorg back to `fork`, then the main chain.
    fork = max(0, len(side) - depth)
    world = World()
    side_events = [world.block(n + 1, ops, "a") for n, ops in enumerate(side)]
    for events in side_events:
        _apply(incremental, events)
    _rollback(incremental, fork)
    canonical = World()
    final = [canonical.block(n + 1, ops, "a") for n, ops in enumerate(side[:fork])]
    final += [canonical.block(fork + n + 1, ops, "b") for n, ops in enumerate(main)]
    for events in final[fork:]:
        _apply(incremental, events)
    # From scratch: the final chain in one go.
    for events in final:
        _apply(scratch, events)
    assert _snapshot(incremental) == _snapshot(scratch)
