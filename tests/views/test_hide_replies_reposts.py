"""Timelines hiding replies and/or reposts: every page, count and jump agrees with the rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.views.world import PEOPLE, repost, world
from tui.core.errors import UsageError
from tui.core.index.views import IndexViews
from tui.core.timeline_view import MODES, next_mode, parse_kind, with_mode

ME = PEOPLE[0]

_world = st.fixed_dictionaries(
    {
        "posts": st.lists(st.tuples(st.integers(0, 3), st.booleans()), max_size=40),
        "follows": st.sets(st.integers(1, 3)),
        "reposts": st.lists(st.tuples(st.integers(1, 40), st.integers(0, 3)), max_size=10),
        "limit": st.integers(1, 8),
        "cursor": st.integers(0, 42),
    }
)


def _expected(world_: dict, kind: str) -> list[int]:
    """The timeline by its definition, newest first."""
    view = parse_kind(kind)
    people = {0, *world_["follows"]}
    posts = {i: (a, reply) for i, (a, reply) in enumerate(world_["posts"], start=1)}
    reposted = {pid for pid, by in world_["reposts"] if pid in posts and by in people}
    keep = []
    for pid, (author, reply) in posts.items():
        if view.no_replies and reply:
            continue
        shown_in_home = author in people or (not view.no_reposts and pid in reposted)
        if view.base == "home" and not shown_in_home:
            continue
        keep.append(pid)
    return sorted(keep, reverse=True)


@settings(max_examples=40, deadline=None)
@given(w=_world)
def test_hidden_rows_never_appear_in_any_page(tmp_path_factory: object, w: dict) -> None:
    path = Path(tmp_path_factory.mktemp("hide")) / "i.sqlite"  # type: ignore[attr-defined]
    conn = world(path, [(a, "text", [], 1 if reply and i > 1 else 0)
                        for i, (a, reply) in enumerate(w["posts"], start=1)])  # fmt: skip
    w["posts"] = [(a, reply and i > 1) for i, (a, reply) in enumerate(w["posts"], start=1)]
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO follows(follower, followee, block) VALUES (?,?,1)",
        [(ME, PEOPLE[f]) for f in w["follows"]],
    )
    for n, (pid, by) in enumerate(w["reposts"]):
        if pid <= len(w["posts"]):
            repost(conn, pid, by, n)
    conn.execute("COMMIT")
    views = IndexViews(conn, ME)
    limit, cursor = w["limit"], w["cursor"]
    for base in ("home", "global"):
        for mode in MODES:
            kind = with_mode(base, mode)
            want = _expected(w, kind)
            assert [p.id for p in views.timeline(kind, None, 1000)] == want, kind
            assert views.timeline_count(kind) == len(want)
            assert views.timeline_count(kind, newer_than=cursor) == len(
                [i for i in want if i > cursor]
            )
            older = [i for i in want if i < cursor][:limit]
            assert [p.id for p in views.timeline(kind, cursor, limit)] == older
            newer = sorted(i for i in want if i > cursor)[:limit][::-1]
            assert [p.id for p in views.timeline(kind, limit=limit, after_id=cursor)] == newer
            assert [p.id for p in views.timeline_at(kind, cursor, limit)] == want[cursor:][:limit]


def test_the_hide_key_cycles_three_modes() -> None:
    assert [next_mode(m) for m in MODES] == ["no-replies", "no-replies-reposts", "all"]
    assert with_mode("global/noreplies", "all") == "global"
    assert with_mode("tag:rust", "no-replies-reposts") == "tag:rust/noreplies/noreposts"
    with pytest.raises(UsageError, match="Unknown timeline modifier"):
        parse_kind("global/nothing")
