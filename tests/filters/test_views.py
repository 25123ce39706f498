"""The index's views apply mutes, blocks and filters once, for every reader."""

from __future__ import annotations

from pathlib import Path

from tests.filters.kit import AUTHORS, ME, make_home
from tui.core.context import AgoraContext
from tui.core.filters import actions
from tui.core.index.service import AgoraIndex, open_index


def _index() -> tuple[AgoraContext, AgoraIndex]:
    ctx = AgoraContext.load()
    return ctx, open_index(ctx, network=ctx.settings.networks["cached"])


def test_a_hiding_filter_leaves_rows_out_and_pages_stay_full(isolated_home: Path) -> None:
    posts = [(i, AUTHORS[1 + i % 3], "noise" if i % 4 else "signal") for i in range(1, 201)]
    make_home(isolated_home, posts)
    ctx, index = _index()
    actions.add_filter(ctx, index, "noise", hide=True)
    page = index.timeline("global", None, 20)
    assert [p.id for p in page] == list(range(200, 120, -4))  # 20 rows, each a "signal"
    older = index.timeline("global", page[-1].id, 20)
    assert [p.id for p in older] == list(range(120, 40, -4))
    newer = index.timeline("global", limit=5, after_id=100)
    assert [p.id for p in newer] == [120, 116, 112, 108, 104]
    assert index.timeline("global", 8, 20) == [index.get_post(4)]  # short only at the end
    assert index.timeline_count("global") == 50  # hidden rows are not positions of the list
    assert index.timeline_count("global", newer_than=100) == 25
    assert index.timeline_count(AUTHORS[1]) == len([i for i in range(3, 201, 3) if i % 4 == 0])
    index.close()


def test_mutes_collapse_everywhere_and_own_posts_are_never_filtered(isolated_home: Path) -> None:
    make_home(
        isolated_home,
        [(1, AUTHORS[1], "word"), (2, ME, "word"), (3, AUTHORS[2], "fine"), (4, AUTHORS[1], "x")],
        parents={4: 3},
    )
    ctx, index = _index()
    actions.add_filter(ctx, index, "word")
    actions.set_person(index, AUTHORS[2], "mute")
    rows = {p.id: p.filtered for p in index.timeline("global")}
    assert rows[2] is None
    assert rows[1] is not None and rows[1].by == "word"
    assert rows[3] is not None and rows[3].to_json() == {
        "by": "mute",
        "reason": "muted: 0x0000…0003",
    }
    index.close()


def test_a_block_hides_replies_in_my_threads_and_notifications(isolated_home: Path) -> None:
    make_home(
        isolated_home,
        [(1, ME, "mine"), (2, AUTHORS[1], "rude reply"), (3, AUTHORS[2], "kind reply"),
         (4, AUTHORS[1], "under it"), (5, AUTHORS[2], "theirs"), (6, AUTHORS[1], "reply there")],
        parents={2: 1, 3: 1, 4: 2, 6: 5},
    )  # fmt: skip
    _ctx, index = _index()
    before = index.notifications()
    assert {n.actor for n in before} == {AUTHORS[1], AUTHORS[2]}
    actions.set_person(index, AUTHORS[1], "block")
    mine = index.thread(1)
    assert [n.post.id for n in mine.replies] == [3]  # the blocked reply and its subtree are gone
    theirs = index.thread(5)
    assert [(n.post.id, n.post.filtered and n.post.filtered.by) for n in theirs.replies] == [
        (6, "block")
    ]  # elsewhere a blocked author's reply is collapsed like a mute
    assert {n.actor for n in index.notifications()} == {AUTHORS[2]}
    actions.set_person(index, AUTHORS[1], "unmute")  # does not undo a block
    assert {n.actor for n in index.notifications()} == {AUTHORS[2]}
    actions.set_person(index, AUTHORS[1], "unblock")
    assert {n.actor for n in index.notifications()} == {AUTHORS[1], AUTHORS[2]}
    index.close()


def test_a_mute_from_another_process_reaches_an_open_index(isolated_home: Path) -> None:
    make_home(isolated_home, [(1, AUTHORS[1], "hello")])
    _, reader = _index()
    assert reader.timeline("global")[0].filtered is None
    _, writer = _index()  # the CLI, while the TUI has its index open
    actions.set_person(writer, AUTHORS[1], "mute")
    writer.close()
    assert reader.timeline("global")[0].filtered is not None
    reader.close()


def test_bookmarks_are_per_network_and_survive_reopening(isolated_home: Path) -> None:
    make_home(isolated_home, [(1, AUTHORS[1], "keep"), (2, AUTHORS[2], "this too")])
    _, index = _index()
    assert actions.set_bookmark(index, "1")["changed"]
    assert actions.set_bookmark(index, "post:2")["changed"]
    assert not actions.set_bookmark(index, "2")["changed"]
    index.close()
    _, index = _index()
    assert [p.id for p in actions.bookmarked_items(index)] == [2, 1]
    actions.set_bookmark(index, "1", on=False)
    assert [b.item_id for b in actions.bookmarks(index)] == [2]
    index.close()


def test_counts_leave_out_what_hiding_tags_and_regexes_hide(isolated_home: Path) -> None:
    make_home(
        isolated_home,
        [(1, AUTHORS[1], "plain"), (2, AUTHORS[1], "tagged in the document only"),
         (3, AUTHORS[2], "a #Cats hashtag"), (4, AUTHORS[2], "order 66 now"), (5, ME, "#cats")],
        tags={2: ["cats"]},
    )  # fmt: skip
    ctx, index = _index()
    actions.add_filter(ctx, index, "cats", tag=True, hide=True)
    assert [p.id for p in index.timeline("global")] == [5, 4, 1]  # own posts are never hidden
    assert index.timeline_count("global") == 3
    actions.add_filter(ctx, index, r"order\s+\d+", is_regex=True, hide=True)
    assert [p.id for p in index.timeline("global")] == [5, 1]
    assert index.timeline_count("global") == 2
    index.close()


def test_a_filter_added_from_another_process_applies_and_is_not_lost(isolated_home: Path) -> None:
    import os
    import time

    make_home(isolated_home, [(1, AUTHORS[1], "alpha"), (2, AUTHORS[2], "beta")])
    ctx_tui, tui = _index()  # the running TUI
    ctx_cli, cli = _index()  # `agora filter add` beside it
    actions.add_filter(ctx_cli, cli, "alpha")
    config = ctx_cli.config_path
    os.utime(config, (time.time() + 5, time.time() + 5))  # a distinct mtime on coarse clocks
    assert [p.filtered is not None for p in tui.timeline("global")] == [False, True]
    actions.add_filter(ctx_tui, tui, "beta")  # from the TUI's own, older settings object
    assert [r["text"] for r in actions.listing(ctx_cli, cli)["filters"]] == ["alpha", "beta"]
    cli.close()
    tui.close()


def test_an_expired_rule_stops_applying_in_a_running_index(isolated_home: Path) -> None:
    import time

    make_home(isolated_home, [(1, AUTHORS[1], "alpha")])
    ctx, index = _index()
    actions.add_filter(ctx, index, "alpha", expires="1s")
    assert index.timeline("global")[0].filtered is not None
    time.sleep(1.1)
    assert index.timeline("global")[0].filtered is None
    index.close()
