"""The Communities screens driven by keys over the fake backend (a real in-memory index)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import build, settle
from tui.core.communities.fold import Action
from tui.core.index.community_views import CommunityPostView
from tui.ui.backend import FakeBackend
from tui.ui.flows import FLOW_GROUP
from tui.ui.screens.communities.community import CommunityScreen
from tui.ui.screens.communities.directory import CommunitiesScreen
from tui.ui.screens.communities.modals import RuleReasonModal, TextModal
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.widgets.virtual_list import VirtualList
from tui.ui.writes import PlannedRequest

pytestmark = pytest.mark.anyio


async def _keys(pilot: Any, *keys: str) -> None:
    """Press keys, then let the screens' workers finish (a write flow waiting on a dialog is
    left alone: it finishes when the dialog does)."""
    for key in keys:
        await pilot.press(key)
        for _ in range(40):
            busy = [w for w in pilot.app.workers if w.group != FLOW_GROUP and not w.is_finished]
            if not busy:
                break
            await pilot.pause(0.02)
        await pilot.pause()


async def _open(pilot: Any, community: int) -> CommunityScreen:
    await settle(pilot)
    await _keys(pilot, "C")
    screen = pilot.app.screen
    assert isinstance(screen, CommunitiesScreen)
    widget = screen.query_one(VirtualList)
    for _ in range(10):
        item = widget.highlighted
        if item is not None and item.id == community:
            break
        await _keys(pilot, "j")
    await _keys(pilot, "enter")
    assert isinstance(pilot.app.screen, CommunityScreen)
    return pilot.app.screen


async def _to_post(pilot: Any, screen: CommunityScreen, post_id: int) -> CommunityPostView:
    return await _walk_to(pilot, screen, lambda p: p.post.id == post_id, f"post #{post_id}")


async def _walk_to(
    pilot: Any, screen: CommunityScreen, wanted: Any, what: str
) -> CommunityPostView:
    """Move down the list (``j``) until the highlighted post is ``wanted``."""
    for _ in range(20):
        post = screen.current_post()
        if post is not None and wanted(post):
            return post
        await _keys(pilot, "j")
    raise AssertionError(f"{what} not in the list")


def _submitted(app: Any) -> list[Any]:
    return [r for r in app.backend.writer.submitted if isinstance(r, PlannedRequest)]


async def test_c_opens_the_directory_and_search_filters_it() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _keys(pilot, "C")
        screen = app.screen
        assert isinstance(screen, CommunitiesScreen)
        assert screen.query_one(VirtualList).source.count == 5
        await _keys(pilot, "slash", "d", "a", "r", "k")
        await settle(pilot)
        source: Any = screen.query_one(VirtualList).source
        assert source.count == 1 and source.get(0).name == "Trieste Darkroom"
        await _keys(pilot, "escape", "escape")
        assert not isinstance(app.screen, CommunitiesScreen)


async def test_hidden_posts_collapse_with_who_rule_and_reason_and_v_shows_them() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, 1)
        post = await _to_post(pilot, screen, 104)
        assert post.collapse is not None and post.collapse.action is Action.HIDE
        lines = screen._post_lines(post, 100)
        assert "hidden by 0x90F7…a78f · rule 2 · reason ✓ verified — v to view" in lines[1].plain
        await _keys(pilot, "v")
        shown = screen._post_lines(post, 100)
        assert "50% off" in shown[1].plain and "▾ hidden by" in shown[0].plain
        await _keys(pilot, "v")
        assert "v to view" in screen._post_lines(post, 100)[1].plain


async def test_the_fork_shows_the_parents_history_with_the_restore() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, 4)
        post = await _to_post(pilot, screen, 104)
        assert post.collapse is None and post.community == 1
        assert "from #1, before the fork" in screen._post_lines(post, 100)[0].plain
        await _keys(pilot, "2")
        log: Any = screen.query_one("#community-log", VirtualList).source
        entries = [log.get(i) for i in range(log.count)]
        assert [(e.action, e.inherited_from) for e in entries] == [
            (Action.RESTORE, 0),
            (Action.HIDE, 1),
        ]


async def test_hide_picks_a_rule_then_confirms_through_the_shared_flow() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, 1)
        await _to_post(pilot, screen, 103)
        await _keys(pilot, "h")
        assert isinstance(app.screen, RuleReasonModal)
        await _keys(pilot, "ctrl+s")  # no rule picked: refused in the dialog
        assert isinstance(app.screen, RuleReasonModal)
        await _keys(pilot, "down", "space")  # rule 2
        await pilot.click("#reason-note")
        for ch in "spam":
            await pilot.press(ch)
        await _keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmModal)
        conf = app.screen.confirmation
        assert conf.function == "moderate(uint256,uint8,uint256,string)"
        assert dict(conf.args)["action"] == "1" and dict(conf.args)["target"] == "103"
        assert conf.summary == "Hide post #103 in community #1 under rule 2"
        await _keys(pilot, "y")
        await settle(pilot)
        assert len(_submitted(app)) == 1


async def test_a_non_moderator_is_told_before_any_dialog() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, 4)
        await _to_post(pilot, screen, 105)
        await _keys(pilot, "h")
        assert isinstance(app.screen, CommunityScreen)
        assert any("moderators can hide" in str(n.message) for n in app._notifications)


async def test_post_appeal_join_and_fork_all_go_through_the_confirmation() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, 1)
        await _keys(pilot, "n")
        assert isinstance(app.screen, TextModal)
        for ch in "hi all":
            await pilot.press(ch)
        await _keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.confirmation.function == "post(uint256,string,uint256)"
        await _keys(pilot, "y")
        await _keys(pilot, "j")
        await _keys(pilot, "a")
        assert isinstance(app.screen, TextModal)
        for ch in "please":
            await pilot.press(ch)
        await _keys(pilot, "ctrl+s")
        assert app.screen.confirmation.function == "appeal(uint256,uint256,string)"
        await _keys(pilot, "n")  # cancel: nothing signed
        await _keys(pilot, "J")
        assert app.screen.confirmation.function == "leave(uint256)"  # already a member
        await _keys(pilot, "escape")
        await _keys(pilot, "f")
        assert app.screen.__class__.__name__ == "CommunityFormModal"
        await pilot.click("#form-goal")
        for ch in "the same, freer":
            await pilot.press(ch)
        await _keys(pilot, "ctrl+s")
        assert app.screen.confirmation.function == "fork(uint256,string,string,bool,uint8)"
        await _keys(pilot, "escape")
        assert isinstance(app.screen, CommunityScreen) and screen is app.screen
        assert len(_submitted(app)) == 1


async def test_community_commands_open_the_screens() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.run_community_command("community", {"id": 3})
        await settle(pilot)
        assert isinstance(app.screen, CommunityScreen) and app.screen.community == 3
        await _keys(pilot, "6")
        proposals = app.screen.query_one("#community-proposals", VirtualList).source
        first = proposals.get(0)
        assert proposals.count == 1 and first is not None and first.yes == 1
        await _keys(pilot, "plus")
        modal: Any = app.screen
        assert isinstance(modal, ConfirmModal)
        assert modal.confirmation.function == "vote(uint256,bool)"


async def test_propose_in_a_vote_community_and_not_in_an_owner_one() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.run_community_command("community", {"id": 1})
        await settle(pilot)
        await _keys(pilot, "P")
        assert isinstance(app.screen, CommunityScreen)
        assert any("governed by its owner" in str(n.message) for n in app._notifications)
        await _keys(pilot, "escape")
        await app.run_community_command("community", {"id": 3})
        await settle(pilot)
        await _keys(pilot, "P")
        assert app.screen.__class__.__name__ == "ProposalModal"
        await _keys(pilot, "ctrl+s")  # add-mod needs a target
        assert app.screen.__class__.__name__ == "ProposalModal"
        await pilot.click("#proposal-target")
        for ch in "0x70997970C51812dc3A010C7d01b50e0d17dc79C8":
            await pilot.press(ch)
        await _keys(pilot, "ctrl+s")
        modal: Any = app.screen
        assert isinstance(modal, ConfirmModal)
        assert modal.confirmation.function == "propose(uint256,uint8,uint256,string)"
        assert dict(modal.confirmation.args)["kind"] == "1"


async def test_experts_badge_filter_and_list() -> None:
    """Acknowledged experts carry a badge here and in threads opened from here; ``*`` keeps
    only their posts, per community and across restarts; the about tab lists them."""
    from tui.ui.backends.fake_communities import BRENDAN
    from tui.ui.screens.thread import ThreadScreen
    from tui.ui.state import UiState

    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, 1)
        posts = screen.query_one("#community-posts", VirtualList)
        everyone: list[Any] = [posts.source.get(i) for i in range(posts.source.count)]
        badged = {p.post.author for p in everyone if p.badge}
        assert badged == {BRENDAN}  # the non-moderator's acknowledgement of FAKE_ME is no badge
        assert len({p.post.author for p in everyone}) > 1
        await _keys(pilot, "asterisk")
        posts = screen.query_one("#community-posts", VirtualList)
        only: list[Any] = [posts.source.get(i) for i in range(posts.source.count)]
        assert only and {p.post.author for p in only} == {BRENDAN}
        assert all(p.badge == "★ expert: Vyper (level 4)" for p in only)
        assert UiState.load(app.home).experts_only == [1]
        await _keys(pilot, "4")
        about = str(screen.query_one("#community-about").render())
        assert "Brendan 0x7099…79C8 Vyper (level 4)" in about
        await _keys(pilot, "1", "enter")
        thread = pilot.app.screen
        assert isinstance(thread, ThreadScreen)
        assert thread.badges == {BRENDAN: "★ expert: Vyper (level 4)"}
        thread._detail(only[0].post)  # the fake's threads do not hold community posts
        detail = str(thread.query_one("#thread-detail").render())
        assert "★ expert: Vyper (level 4)" in detail
        await _keys(pilot, "escape", "asterisk")
        assert UiState.load(app.home).experts_only == []
        posts = screen.query_one("#community-posts", VirtualList)
        assert posts.source.count == len(everyone)


async def test_the_experts_filter_is_a_palette_command_on_a_community() -> None:
    from tui.ui.commands import _commands

    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "community: experts only" not in {t for t, _h, _c in _commands(app)}
        screen = await _open(pilot, 1)
        (run,) = [c for t, _h, c in _commands(app) if t == "community: experts only"]
        run()
        await settle(pilot)
        assert screen.experts_only


async def _to_author(pilot: Any, screen: CommunityScreen, author: str) -> CommunityPostView:
    """Highlight the newest post by ``author`` (from the top of the list down)."""
    await _keys(pilot, *["k"] * 10)
    return await _walk_to(pilot, screen, lambda p: p.post.author == author, f"a post by {author}")


async def test_x_bans_with_a_rule_and_unbans_a_banned_author_without_one() -> None:
    """``X`` on a post: its author is banned (a rule must be cited) or, when already banned,
    unbanned (no rule needed); both confirm through the shared flow with the address."""
    from tui.ui.backends.fake_communities import BRENDAN, CAROL

    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, 1)
        assert screen.detail is not None and CAROL in screen.detail.banned
        await _to_author(pilot, screen, BRENDAN)
        await _keys(pilot, "X")
        assert isinstance(app.screen, RuleReasonModal)
        await _keys(pilot, "ctrl+s")  # a ban cites a rule: refused without one
        assert isinstance(app.screen, RuleReasonModal)
        await _keys(pilot, "down", "space")  # rule 2
        await _keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmModal)
        conf = app.screen.confirmation
        assert conf.function == "moderate(uint256,uint8,uint256,string)"
        args = dict(conf.args)
        assert args["action"] == str(int(Action.BAN))
        assert int(args["target"]) == int(BRENDAN, 16)
        await _keys(pilot, "escape")  # not sent
        await settle(pilot)
        assert _submitted(app) == []
        assert isinstance(app.screen, CommunityScreen)
        await _to_author(pilot, screen, CAROL)
        await _keys(pilot, "X")
        assert isinstance(app.screen, RuleReasonModal)
        await _keys(pilot, "ctrl+s")  # an unban needs no rule
        assert isinstance(app.screen, ConfirmModal)
        conf = app.screen.confirmation
        assert dict(conf.args)["action"] == str(int(Action.UNBAN))
        assert conf.summary.startswith("Unban ")
        await _keys(pilot, "y")
        await settle(pilot)
        assert len(_submitted(app)) == 1


async def test_log_lines_too_long_for_the_width_end_in_an_ellipsis() -> None:
    """At 80 columns a long appeal is cut with … (the reader knows there is more), not at the
    screen's edge."""
    from tui.ui.screens.communities.community_panes import log_lines

    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, 1)
        await _keys(pilot, "2")
        widget = screen.query_one("#community-log", VirtualList)
        entries = [e for e in widget.source.items if getattr(e, "appeals", ())]  # type: ignore[attr-defined]
        assert entries
        from dataclasses import replace

        long = replace(entries[0], appeals=((entries[0].appeals[0][0], "on topic, " * 12),))
        lines = log_lines(long, widget.size.width)
        fit = widget.size.width - 2  # the highlight marker and the scrollbar's gutter
        assert all(line.cell_length <= fit for line in lines), [line.plain for line in lines]
        assert lines[2].plain.endswith("…")


async def test_the_appeal_dialog_names_what_is_appealed() -> None:
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, 1)
        await _keys(pilot, "2", "a")
        assert isinstance(app.screen, TextModal)
        import re  # the log's first entry is a ban: the banned address, shortened

        assert re.fullmatch(
            r"Appeal the moderation of .*0x\w{4}…\w{4} in #1", app.screen.title_text
        )


async def test_a_proposal_past_its_end_block_says_so_and_only_executes() -> None:
    """A proposal whose voting ended still read "open until block N" with the chain past N,
    and + or - led to a transaction bound to fail; e on an open one likewise."""
    from tui.core.index.ingest import set_meta
    from tui.ui.backends.communities import FakeCommunities, communities_of
    from tui.ui.screens.communities.community_panes import proposal_lines

    backend = FakeBackend()
    fake = communities_of(backend)
    assert isinstance(fake, FakeCommunities)
    app = build(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.run_community_command("community", {"id": 3})
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommunityScreen)
        await _keys(pilot, "6")
        proposals = screen.query_one("#community-proposals", VirtualList)
        item: Any = proposals.highlighted
        assert "open until block" in proposal_lines(item, 80)[1].plain
        await _keys(pilot, "e")
        assert isinstance(app.screen, CommunityScreen)
        assert any("still open" in str(n.message) for n in app._notifications)
        with fake._lock:
            set_meta(fake.conn, cursor_block=str(item.end_block + 1))
        screen.load()
        await settle(pilot)
        item = proposals.highlighted
        assert item.closed
        assert "voting closed at block" in proposal_lines(item, 80)[1].plain
        await _keys(pilot, "plus")
        assert isinstance(app.screen, CommunityScreen)
        assert any("Voting on proposal #1 closed" in str(n.message) for n in app._notifications)
        await _keys(pilot, "e")
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.confirmation.function == "execute(uint256)"


async def test_members_tab_marks_the_owner_moderators_and_the_banned() -> None:
    """The Members tab listed bare addresses: a banned member looked like any other."""
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, 1)
        await _keys(pilot, "3")
        detail = screen.detail
        assert detail is not None and detail.banned
        widget = screen.query_one("#community-members", VirtualList)
        lines = {
            item: widget.render_item(item, 78)[0].plain
            for item in (widget.source.get(i) for i in range(widget.source.count))
        }
        assert lines[detail.summary.owner].endswith("owner")
        assert all(lines[m].endswith("moderator") for m in detail.moderators if m in lines)
        banned = [a for a in detail.banned if a in lines]
        assert banned and all(lines[a].endswith("banned") for a in banned)


async def test_one_member_and_one_post_are_singular() -> None:
    """The directory said "1 members · 1 posts" of a fork with one of each."""
    from tui.ui.screens.communities.directory import summary_lines

    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _keys(pilot, "C")
        widget = app.screen.query_one(VirtualList)
        items = [widget.source.get(i) for i in range(widget.source.count)]
        stats = {(c.members, c.posts): summary_lines(c, 78)[2].plain for c in items if c}
        one = [text for (members, posts), text in stats.items() if members == 1 or posts == 1]
        assert one and not any("1 members" in t or " 1 posts" in t for t in one), stats


async def test_appeal_from_a_post_targets_what_was_moderated() -> None:
    """From a banned author's post the appeal named the post, so the ban's log line never
    showed it; from a post nobody moderated it opened a dialog with nothing to appeal."""
    import dataclasses

    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, 1)
        assert (post := screen.current_post()) is not None and post.collapse is None
        await _keys(pilot, "a")
        assert isinstance(app.screen, CommunityScreen)
        assert any("nothing to appeal" in str(n.message) for n in app._notifications)
        for _ in range(30):
            post = screen.current_post()
            if post is not None and post.collapse is not None:
                break
            await _keys(pilot, "j")
        assert post is not None and post.collapse and post.collapse.action is Action.HIDE
        await _keys(pilot, "a")
        assert isinstance(app.screen, TextModal)
        assert app.screen.title_text == f"Appeal the moderation of post #{post.post.id} in #1"
        await _keys(pilot, "escape")
        # the same post collapsed for its author's ban: the appeal is of the ban
        banned = dataclasses.replace(
            post, collapse=dataclasses.replace(post.collapse, action=Action.BAN)
        )
        screen.current_post = lambda: banned  # type: ignore[method-assign]
        await _keys(pilot, "a")
        assert isinstance(app.screen, TextModal)
        author = post.post.author
        assert app.screen.title_text == (
            f"Appeal the moderation of {author[:6]}…{author[-4:]} in #1"
        )


async def test_no_rule_picked_takes_focus_back_to_the_rules() -> None:
    """ctrl+s from the note with no rule picked said "Pick at least one rule." and left the
    cursor in the note, where space types a space instead of picking."""
    from textual.widgets import SelectionList

    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, 1)
        await _keys(pilot, "h")
        assert isinstance(app.screen, RuleReasonModal)
        await _keys(pilot, "tab", "ctrl+s")
        assert isinstance(app.screen, RuleReasonModal)
        assert isinstance(app.focused, SelectionList)
