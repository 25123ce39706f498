"""One community: its posts (hidden ones collapsed, with who, rule and reason), its moderation
log with appeals, members, rules and about, forks and parent, and its proposals.

Moderators hide and restore the highlighted post with a reason picked from the numbered
rules, and ban or unban its author; anyone can appeal, join or leave, post, reply and fork.
Every write goes through the shared confirmation (``CommunitiesApp.community_write``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static, Tab, Tabs

from tui.core.attest.rules import Endorsement
from tui.core.communities.fold import Action
from tui.core.errors import AgoraError, UsageError
from tui.core.index.community_views import (
    CommunityDetail,
    CommunityPostView,
    CommunitySummary,
    LogEntryView,
    ProposalView,
)
from tui.core.text import clean_line, clean_text
from tui.ui.messages import PostsIndexed
from tui.ui.screens.communities.directory import summary_lines
from tui.ui.screens.communities.source import CommunityTimelineSource
from tui.ui.widgets.post_card import ITEM_HEIGHT, post_header, post_lines
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


def _short(address: str) -> str:
    return f"{address[:6]}…{address[-4:]}" if len(address) == 42 else clean_line(address, 20)


def log_lines(entry: LogEntryView, width: int) -> list[Content]:
    target = (
        f"post #{entry.target}"
        if entry.action in (Action.HIDE, Action.RESTORE)
        else _short(entry.target)
    )
    source = f" [dim](inherited from #{entry.inherited_from})[/dim]" if entry.inherited_from else ""
    head = Content.from_markup(
        f"[b]$action[/b] $target [dim]by[/dim] $who · block $block{source}",
        action=entry.action.label, target=target, who=_short(entry.moderator), block=str(entry.block),
    )  # fmt: skip
    reason = Content.from_markup(
        "  $rules · $label", rules=entry.reason.rules_label(), label=entry.reason.label()
    )
    if entry.reason.note:
        reason += Content.from_markup(
            " [dim]· “$note”[/dim]", note=clean_line(entry.reason.note, 120)
        )
    appeal = Content("")
    if entry.appeals:
        by, text = entry.appeals[-1]
        more = f" (+{len(entry.appeals) - 1})" if len(entry.appeals) > 1 else ""
        appeal = Content.from_markup(
            "  [$warning]appeal[/] by $by: $text$more", by=_short(by),
            text=clean_line(text or "(fetching)", 160), more=more,
        )  # fmt: skip
    return [head, reason, appeal]


def proposal_lines(item: ProposalView, width: int) -> list[Content]:
    kind = item.kind.slug if item.kind else "unknown"
    target = "" if item.target in ("", "0") else f" {_short(item.target)}"
    state = "executed" if item.executed else f"open until block {item.end_block}"
    return [
        Content.from_markup("[b]#$id $kind[/b]$target", id=str(item.id), kind=kind, target=target),
        Content.from_markup(
            "  yes $yes · no $no · $state", yes=str(item.yes), no=str(item.no), state=state
        ),
        Content("  ") + Content(clean_line(item.note, 200)),
    ]


class CommunityScreen(Screen[None]):
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

    def __init__(self, community: int) -> None:
        super().__init__()
        self.community = community
        self.detail: CommunityDetail | None = None
        self.tab = "posts"
        self.revealed: set[int] = set()
        self.me = ""
        """The active account, read with each load (moderator actions depend on it)."""
        self.badges: dict[str, str] = {}
        """Author -> expert badge here, for the threads opened from this community."""
        self.avatars = True
        """Small verified avatars beside authors (the ``[images]`` settings allow them)."""

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
                lambda a, w: [Content(a)],
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
            app.call_from_thread(self.query_one("#community-posts", VirtualList).fail, reason)
            return
        self.me = me
        self.badges = badges
        app.call_from_thread(
            self._show, detail, timeline, log, members, proposals, related, experts
        )

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
        self.query_one("#community-about", Static).update(self._about(detail, experts))

    def reload(self) -> None:
        self.load()

    def reload_after_write(self) -> None:
        """The app indexed the user's own confirmed write: show it."""
        self.reload()

    def on_posts_indexed(self, _message: PostsIndexed) -> None:
        """New blocks were indexed (here, another process, or cast): show what changed."""
        self.reload()

    def _is_moderator(self) -> bool:
        d = self.detail
        me = self.me
        return bool(d and me and (me == d.summary.owner or me in d.moderators))

    def _header(self, d: CommunityDetail) -> Content:
        s = d.summary
        role = "moderator" if self._is_moderator() else ("member" if s.joined else "not a member")
        lineage = f" · fork of #{s.parent} at block {s.fork_block}" if s.parent else ""
        if self.experts_only:
            role += " · showing experts only (* for all)"
        flags = (
            " · restricted" if s.restricted else ""
        ) + f" · governed by {s.governance.name.lower()}"
        return Content.from_markup(
            "$goal\n[dim]$members members · $posts posts · owner $owner$flags$lineage · you: $role[/dim]",
            goal=clean_line(s.goal, 200), members=str(s.members), posts=str(s.posts),
            owner=_short(s.owner), flags=flags, lineage=lineage, role=role,
        )  # fmt: skip

    def _about(self, d: CommunityDetail, experts: list[Endorsement]) -> Content:
        s = d.summary
        lines = [f"{s.name}", f"Goal: {s.goal}"]
        if s.description:
            lines.append(clean_text(s.description, 2000))
        lines += [
            "",
            f"Owner: {s.owner}",
            "Moderators: " + (", ".join(d.moderators) or "the owner only"),
        ]
        lines += ["", f"Rules ({d.rules_status}):"] + [f"  {n}. {text}" for n, text in d.rules]
        lines += ["", "Experts (acknowledged by a moderator of the time; * shows their posts):"]
        for e in experts:
            lines += [f"  {e.recipient} {e.skill} (level {e.level})", f"    by {e.attester}"]
        if not experts:
            lines.append("  none yet")
        if d.banned:
            lines += ["", "Banned: " + ", ".join(d.banned)]
        if d.lineage:
            lines += ["", "Lineage: " + " ← ".join(f"#{c}" for c in (s.id, *d.lineage))]
        return Content("\n".join(lines))

    def _post_lines(self, item: CommunityPostView, width: int) -> list[Content]:
        """A card, with its author's verified avatar in a gutter as timeline cards have (not
        for collapsed posts, compact density, narrow lists or ``avatars_in_rows = false``)."""
        app: Any = self.app
        collapsed = item.collapse is not None and item.post.id not in self.revealed
        if collapsed or not self.avatars or app.ui_state.compact:
            return self._card(item, width)
        from tui.ui.widgets.avatar_gutter import with_avatar

        return with_avatar(
            item.post.author, width, lambda inner: self._card(item, inner), self._want_face
        )

    def _want_face(self, address: str) -> None:
        from tui.ui.faces import want

        want(self.app, address)

    def faces_arrived(self) -> None:
        """Avatars arrived (tui.ui.faces): the posts draw their authors' faces."""
        self.query_one("#community-posts", VirtualList).invalidate()

    def _card(self, item: CommunityPostView, width: int) -> list[Content]:
        app: Any = self.app
        if item.collapse is not None and item.post.id not in self.revealed:
            origin = f" · from #{item.community}" if item.community != self.community else ""
            return [
                post_header(item.post, app.now()) + Content.from_markup("[dim]$o[/dim]", o=origin),
                Content.from_markup("[dim]▸ $label — v to view[/dim]", label=item.collapse.label()),
                *[Content("")] * (ITEM_HEIGHT - 2),
            ]
        lines = post_lines(item.post, width, app.now())
        if item.badge:
            lines[0] += Content.from_markup(" [$accent b]$badge[/]", badge=item.badge)
        if item.collapse is not None:
            lines[0] += Content.from_markup(" [dim]▾ $label[/dim]", label=item.collapse.label())
        elif item.community != self.community:
            lines[0] += Content.from_markup(
                " [dim]· from #$c, before the fork[/dim]", c=str(item.community)
            )
        return lines

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

    # --- the highlighted things ----------------------------------------------------------------
    def current_post(self) -> CommunityPostView | None:
        item = self.query_one("#community-posts", VirtualList).highlighted
        return item if self.tab == "posts" and isinstance(item, CommunityPostView) else None

    def _need_post(self, what: str) -> CommunityPostView:
        post = self.current_post()
        if post is None:
            raise UsageError(f"{what}: highlight a post on the Posts tab first.")
        return post

    def _rules(self) -> tuple[tuple[int, str], ...]:
        return self.detail.rules if self.detail else ()

    def _guard(self, fn: Any) -> None:
        try:
            fn()
        except AgoraError as exc:
            self.notify(clean_line(exc.message, 300), severity="warning", markup=False)

    # --- actions -------------------------------------------------------------------------------
    def action_view(self) -> None:
        post = self.current_post()
        if post is None or post.collapse is None:
            return
        self.revealed.symmetric_difference_update({post.post.id})
        self.query_one("#community-posts", VirtualList).invalidate()

    def _write(self, summary: str, build: Any, draft: str = "") -> None:
        """Send through the shared confirmation; once confirmed, forget the dialog's draft."""
        from tui.ui.screens.communities.modals import DraftKept

        app: Any = self.app
        app.community_write(summary, build, done=lambda: DraftKept.sent(draft))

    def _draft(self, what: str, target: int | str = "") -> str:
        from tui.core.drafts import community_draft_key

        return community_draft_key(self.community, what, target)

    def action_post(self, reply_to: int = 0) -> None:
        from tui.core.communities import intents
        from tui.ui.screens.communities.post_modal import CommunityPostModal

        title = (
            f"Reply to #{reply_to} in #{self.community}"
            if reply_to
            else f"Post in community #{self.community}"
        )
        key = self._draft("reply", reply_to) if reply_to else self._draft("post")
        modal = CommunityPostModal(title, draft_key=key)

        def chosen(text: str | None) -> None:
            if text is None:
                return
            article, own = modal.article, frozenset(modal.own or ())
            article_title = modal.linked_title()

            def build(store: Any) -> Any:
                return intents.post(
                    store, self.community, text, reply_to=reply_to, article=article,
                    own_articles=own if article else None, article_title=article_title,
                )  # fmt: skip

            self._write(f"{title} linking article #{article}" if article else title, build, key)

        self.app.push_screen(modal, chosen)

    def action_reply(self) -> None:
        self._guard(lambda: self.action_post(self._need_post("Reply").post.id))

    def action_moderate(self, action: str) -> None:
        self._guard(lambda: self._moderate(Action.HIDE if action == "hide" else Action.RESTORE))

    def _moderate(self, action: Action) -> None:
        from tui.core.communities import intents
        from tui.ui.screens.communities.modals import Reason, RuleReasonModal

        post = self._need_post(action.label.capitalize())
        if not self._is_moderator():
            raise UsageError(f"Only this community's moderators can {action.label} posts.")
        known = frozenset(n for n, _ in self._rules())

        def chosen(reason: Reason | None) -> None:
            if reason is None:
                return

            def build(store: Any) -> Any:
                return intents.moderate(
                    store, self.community, action, post.post.id, list(reason.rules), reason.note,
                    known_rules=known or None,
                )  # fmt: skip

            self._write(f"{action.label.capitalize()} post #{post.post.id}", build, key)

        key = self._draft(action.label, post.post.id)
        self.app.push_screen(
            RuleReasonModal(
                f"{action.label.capitalize()} post #{post.post.id}: why?", self._rules(),
                draft_key=key,
            ),
            chosen,
        )  # fmt: skip

    def action_ban(self) -> None:
        self._guard(self._ban)

    def _ban(self) -> None:
        from tui.core.communities import intents
        from tui.ui.screens.communities.modals import Reason, RuleReasonModal

        post = self._need_post("Ban")
        if not self._is_moderator():
            raise UsageError("Only this community's moderators can ban.")
        author = post.post.author
        unban = self.detail is not None and author in self.detail.banned
        action = Action.UNBAN if unban else Action.BAN
        known = frozenset(n for n, _ in self._rules())

        def chosen(reason: Reason | None) -> None:
            if reason is None:
                return

            def build(store: Any) -> Any:
                return intents.moderate(
                    store, self.community, action, author, list(reason.rules), reason.note,
                    known_rules=known or None,
                )  # fmt: skip

            self._write(f"{action.label.capitalize()} {author}", build, key)

        key = self._draft(action.label, author)
        modal = RuleReasonModal(
            f"{action.label.capitalize()} {_short(author)}: why?",
            self._rules(),
            need_rule=not unban,
            draft_key=key,
        )
        self.app.push_screen(modal, chosen)

    def action_appeal(self) -> None:
        from tui.core.communities import intents
        from tui.ui.screens.communities.modals import TextModal

        target: int | str | None = None
        if self.tab == "log":
            entry = self.query_one("#community-log", VirtualList).highlighted
            if isinstance(entry, LogEntryView):
                target = int(entry.target) if entry.target.isdigit() else entry.target
        elif self.current_post() is not None:
            post = self.current_post()
            assert post is not None
            target = post.post.id
        if target is None:
            self.notify("Highlight a post or a log entry to appeal.", markup=False)
            return
        title = f"Appeal the moderation of {target} in #{self.community}"
        key = self._draft("appeal", target)

        def chosen(text: str | None) -> None:
            if text is None:
                return
            chosen_target = target
            assert chosen_target is not None
            self._write(
                title,
                lambda store: intents.appeal(store, self.community, chosen_target, text),
                key,
            )

        self.app.push_screen(
            TextModal(title, "Say why, in your own words. Anyone may appeal.", draft_key=key),
            chosen,
        )

    def action_join(self) -> None:
        from tui.core.communities import intents

        joined = bool(self.detail and self.detail.summary.joined)
        build = intents.leave if joined else intents.join
        verb = "Leave" if joined else "Join"
        self._write(f"{verb} community #{self.community}", lambda _store: build(self.community))

    def action_fork(self) -> None:
        from tui.core.communities import intents
        from tui.core.communities.fold import Governance
        from tui.ui.screens.communities.modals import CommunityForm, CommunityFormModal

        name = f"{self.detail.summary.name} (fork)" if self.detail else ""

        def chosen(form: CommunityForm | None) -> None:
            if form is None:
                return
            governance = Governance.VOTE if form.vote else Governance.OWNER

            def build(store: Any) -> Any:
                return intents.fork(
                    store, self.community, form.name, form.goal, form.rules,
                    restricted=form.restricted, governance=governance,
                )  # fmt: skip

            self._write(f"Fork community #{self.community}", build, key)

        key = self._draft("fork")
        self.app.push_screen(
            CommunityFormModal(
                f"Fork community #{self.community}", self._rules(), name, draft_key=key
            ),
            chosen,
        )

    def _proposal(self) -> ProposalView | None:
        item = self.query_one("#community-proposals", VirtualList).highlighted
        if self.tab != "proposals" or not isinstance(item, ProposalView):
            self.notify("Highlight a proposal on the Proposals tab.", markup=False)
            return None
        return item

    def action_vote(self, support: bool) -> None:
        from tui.ui.backends.points import vote_request

        proposal = self._proposal()
        if proposal is not None:  # weighed by earned points when the community says so
            app: Any = self.app
            app.points_write(vote_request(proposal.id, support, self.community), done=self.load)

    def action_execute(self) -> None:
        from tui.core.communities import intents

        proposal = self._proposal()
        if proposal is not None:
            self._write(f"Execute proposal #{proposal.id}", lambda _s: intents.execute(proposal.id))

    def action_propose(self) -> None:
        from tui.core.communities import intents
        from tui.core.communities.fold import Governance, ProposalKind
        from tui.ui.screens.communities.modals import ProposalForm, ProposalModal

        if self.detail is None:
            self.notify("The community is still loading.", markup=False)
            return
        if self.detail.summary.governance is not Governance.VOTE:
            self.notify("This community is governed by its owner: no proposals.", markup=False)
            return

        def chosen(form: ProposalForm | None) -> None:
            if form is None:
                return
            kind = ProposalKind.parse(form.kind)
            assert kind is not None

            def build(store: Any) -> Any:
                return intents.propose(
                    store, self.community, kind, form.target, rules=form.rules, note=form.note
                )

            self._write(f"Propose {form.kind} in community #{self.community}", build, key)

        key = self._draft("proposal")
        self.app.push_screen(
            ProposalModal(f"Propose in community #{self.community}", self._rules(), draft_key=key),
            chosen,
        )
