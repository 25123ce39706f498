"""One community: its posts (hidden ones collapsed, with who, rule and reason), its moderation
log with appeals, members, rules and about, forks and parent, and its proposals.

Moderators hide and restore the highlighted post with a reason picked from the numbered
rules, and ban or unban its author; anyone can appeal, join or leave, post, reply and fork.
Every write goes through the shared confirmation (``CommunitiesApp.community_write``).

This module is the screen's frame (tabs, loading, header, the experts filter); the posts tab
and its actions live in ``community_posts``, join/fork/proposals in ``community_governance``,
the other tabs' lines in ``community_panes`` and the shared state in ``community_base``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import ContentSwitcher, Static, Tab, Tabs

from tui.core.attest.rules import Endorsement
from tui.core.communities.fold import Action
from tui.core.errors import AgoraError
from tui.core.index.community_views import (
    CommunityDetail,
    CommunityPostView,
    CommunitySummary,
    LogEntryView,
    ProposalView,
)
from tui.core.text import clean_line
from tui.ui.accounts import brief, learn_names
from tui.ui.latest import call_latest
from tui.ui.messages import PostsIndexed
from tui.ui.screens.communities.community_governance import GovernanceActions
from tui.ui.screens.communities.community_panes import (
    about_text,
    accounts_in,
    log_lines,
    member_line,
    proposal_lines,
)
from tui.ui.screens.communities.community_posts import PostsTab
from tui.ui.screens.communities.directory import counted, summary_lines
from tui.ui.screens.communities.source import CommunityTimelineSource
from tui.ui.widgets.status_bar import bottom_bars
from tui.ui.widgets.virtual_list import ListSource, VirtualList

TABS = ("posts", "log", "members", "about", "forks", "proposals")
TITLES = {
    "posts": "Posts",
    "log": "Moderation log",
    "members": "Members",
    "about": "Rules & about",
    "forks": "Forks",
    "proposals": "Proposals",
}


class CommunityScreen(PostsTab, GovernanceActions):
    """A community's posts, log, members, rules, forks and proposals, on tabs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="community.back", tooltip="Back"),
        Binding("1", "show('posts')", "Posts", id="community.posts", tooltip="The community's posts", show=False),
        Binding("2", "show('log')", "Log", id="community.log", tooltip="The moderation log: who, what, which rule, appeals", show=False),
        Binding("3", "show('members')", "Members", id="community.members", tooltip="Members", show=False),
        Binding("4", "show('about')", "Rules", id="community.about", tooltip="Rules, goal, moderators", show=False),
        Binding("5", "show('forks')", "Forks", id="community.forks", tooltip="Parent and forks", show=False),
        Binding("6", "show('proposals')", "Proposals", id="community.proposals", tooltip="Proposals and votes", show=False),
        Binding("n", "post", "Post", id="community.post", tooltip="Post into this community"),
        Binding("r", "reply", "Reply", id="community.reply", tooltip="Reply inside the community"),
        Binding("h", "moderate('hide')", "Hide", id="community.hide", tooltip="Hide the highlighted post, citing a rule (moderators)"),
        Binding("u", "moderate('restore')", "Restore", id="community.restore", tooltip="Restore a hidden post, citing a rule (moderators)", show=False),
        Binding("X", "ban", "Ban/unban", id="community.ban", tooltip="Ban or unban the highlighted post's author (moderators)", show=False),
        Binding("a", "appeal", "Appeal", id="community.appeal", tooltip="Appeal the moderation of the highlighted post or log entry", show=False),
        Binding("v", "view", "View", id="community.view", tooltip="Show or collapse again a hidden post", show=False),
        Binding("J", "join", "Join/leave", id="community.join", tooltip="Join or leave this community"),
        Binding("f", "fork", "Fork", id="community.fork", tooltip="Fork this community: it keeps the history up to now"),
        Binding("plus", "vote(True)", "Vote yes", id="community.vote_yes", tooltip="Vote yes on the highlighted proposal", show=False),
        Binding("minus", "vote(False)", "Vote no", id="community.vote_no", tooltip="Vote no on the highlighted proposal", show=False),
        Binding("e", "execute", "Execute", id="community.execute", tooltip="Execute the highlighted proposal once it passed", show=False),
        Binding("P", "propose", "Propose", id="community.propose", tooltip="Propose a change (communities governed by vote)", show=False),
        Binding("o", "app.community_points", "Points", id="community.points", tooltip="This community's points: balance, claim, epochs and their verification", show=False),
        Binding("asterisk", "experts_only", "Experts", id="community.experts_only", tooltip="Show only posts by the community's acknowledged experts, or every post again (remembered)", show=False),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        app: Any = self.app
        yield Static(
            Content(f"Community #{self.community}"), classes="screen-title", id="community-title"
        )
        yield Static("", id="community-header")
        yield Tabs(*(Tab(TITLES[t], id=f"ctab-{t}") for t in TABS), id="community-tabs")
        with ContentSwitcher(initial="community-posts", id="community-panes"):
            yield VirtualList(
                CommunityTimelineSource(app.communities, self.community),
                self._post_lines, id="community-posts", empty=self._empty(),
            )  # fmt: skip
            yield VirtualList(
                ListSource([]), log_lines, id="community-log", empty="Nothing moderated yet."
            )
            yield VirtualList(
                ListSource([]),
                lambda a, w: [member_line(a, self.detail)],
                id="community-members",
                empty="No members.",
            )
            yield Static("", id="community-about")
            yield VirtualList(
                ListSource([]), lambda c, w: summary_lines(c, w), id="community-forks",
                empty="No parent and no forks yet. Press f to fork.",
            )  # fmt: skip
            yield VirtualList(
                ListSource([]), proposal_lines, id="community-proposals", empty="No proposals."
            )
        yield bottom_bars()

    def on_mount(self) -> None:
        from tui.ui.faces import avatars_enabled

        self.avatars = avatars_enabled(self.app)
        for name in ("log", "forks", "proposals"):
            self.query_one(f"#community-{name}", VirtualList).set_item_height(3)
        self.query_one("#community-members", VirtualList).set_item_height(1)
        posts = self.query_one("#community-posts", VirtualList)
        posts.waiting = True
        posts.focus()
        self.load()

    # --- loading -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="community", exit_on_error=False)
    def load(self) -> None:
        app: Any = self.app
        source = app.communities
        try:
            me = source.account()
            detail = source.detail(self.community)
            timeline = CommunityTimelineSource(
                source, self.community, experts_only=self.experts_only
            )
            timeline.load()
            experts = source.experts(self.community)
            badges = source.badges(self.community)
            log = source.log(self.community)
            members = source.members(self.community)
            proposals = source.proposals(self.community)
            related = [
                s for s in source.directory()
                if s.id in (detail.summary.parent, *detail.forks)
            ]  # fmt: skip
        except (AgoraError, Exception) as exc:
            reason = clean_line(str(exc), 300) or type(exc).__name__
            call_latest(app, self.query_one("#community-posts", VirtualList).fail, reason)
            return
        self.me = me
        self.badges = badges
        call_latest(app, self._show, detail, timeline, log, members, proposals, related, experts)

    def _show(
        self, detail: CommunityDetail, timeline: CommunityTimelineSource, log: list[LogEntryView],
        members: list[str], proposals: list[ProposalView], related: list[CommunitySummary],
        experts: list[Endorsement],
    ) -> None:  # fmt: skip
        self.detail = detail
        posts = self.query_one("#community-posts", VirtualList)
        posts.empty = self._empty()
        posts.set_source(timeline, min(posts.cursor, max(timeline.count - 1, 0)))
        self.query_one("#community-log", VirtualList).set_source(ListSource(log))
        self.query_one("#community-members", VirtualList).set_source(ListSource(members))
        self.query_one("#community-forks", VirtualList).set_source(
            ListSource(related, key=lambda c: c.id)
        )
        self.query_one("#community-proposals", VirtualList).set_source(
            ListSource(proposals, key=lambda p: p.id)
        )
        s = detail.summary
        self.query_one("#community-title", Static).update(
            Content(clean_line(f"{s.name or 'Community'} · #{s.id}", 80))
        )
        self.query_one("#community-header", Static).update(self._header(detail))
        self.query_one("#community-about", Static).update(about_text(detail, experts))
        self._experts = list(experts)
        learn_names(self, accounts_in(detail, log, members, proposals, experts), self._redraw_names)

    def _redraw_names(self) -> None:
        """Names arrived: the header, the about tab and the lists draw them."""
        if self.detail is None:
            return
        self.query_one("#community-header", Static).update(self._header(self.detail))
        self.query_one("#community-about", Static).update(about_text(self.detail, self._experts))
        for name in ("log", "members", "proposals"):
            self.query_one(f"#community-{name}", VirtualList).invalidate()

    def reload(self) -> None:
        self.load()

    def reload_after_write(self) -> None:
        """The app indexed the user's own confirmed write: show it."""
        self.reload()

    def on_posts_indexed(self, _message: PostsIndexed) -> None:
        """New blocks were indexed (here, another process, or cast): show what changed."""
        self.reload()

    def _header(self, d: CommunityDetail) -> Content:
        s = d.summary
        role = "moderator" if self._is_moderator() else ("member" if s.joined else "not a member")
        lineage = f" · fork of #{s.parent} at block {s.fork_block}" if s.parent else ""
        if self.experts_only:
            role += " · showing experts only (* for all)"
        flags = (
            " · restricted" if s.restricted else ""
        ) + f" · governed by {s.governance.name.lower()}"
        return (
            Content.from_markup(
                "$goal\n[dim]$members · $posts · owner[/dim] ", goal=clean_line(s.goal, 200),
                members=counted(s.members, "member"), posts=counted(s.posts, "post"),
            )
            + brief(s.owner)
            + Content.from_markup(
                "[dim]$flags$lineage · you: $role[/dim]", flags=flags, lineage=lineage, role=role
            )
        )  # fmt: skip

    # --- the experts filter ----------------------------------------------------------------------
    @property
    def experts_only(self) -> bool:
        """The timeline shows only the acknowledged experts' posts (remembered per community)."""
        app: Any = self.app
        return self.community in app.ui_state.experts_only

    def _empty(self) -> str:
        if self.experts_only:
            return "No posts by acknowledged experts. Press * to show every post."
        return "No posts yet. Press n to post."

    def action_experts_only(self) -> None:
        app: Any = self.app
        chosen = set(app.ui_state.experts_only) ^ {self.community}
        app.ui_state.experts_only = sorted(chosen)
        app.save_ui_state()
        self.action_show("posts")
        word = "only acknowledged experts' posts" if self.experts_only else "every post"
        self.notify(f"Community #{self.community}: {word}.", markup=False)
        self.reload()

    # --- tabs ----------------------------------------------------------------------------------
    def action_show(self, tab: str) -> None:
        self.tab = tab
        self.query_one(Tabs).active = f"ctab-{tab}"
        self.query_one(ContentSwitcher).current = f"community-{tab}"
        widget = self.query_one(f"#community-{tab}")
        if widget.can_focus:
            widget.focus()

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or not event.tab.id:
            return
        tab = event.tab.id.removeprefix("ctab-")
        if tab != self.tab:
            self.action_show(tab)

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        app: Any = self.app
        if isinstance(event.item, CommunityPostView):
            from tui.ui.screens.thread import ThreadScreen

            app.push_screen(ThreadScreen(event.item.post.id, badges=self.badges))
        elif isinstance(event.item, CommunitySummary):
            app.action_open_community(event.item.id)
        elif isinstance(event.item, LogEntryView) and event.item.action in (
            Action.HIDE,
            Action.RESTORE,
        ):
            app.action_open_thread(int(event.item.target))
