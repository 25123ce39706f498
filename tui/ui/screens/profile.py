"""An account's profile: name, bio, avatar status, full address, counts, posts and articles."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static, Tab, Tabs

from tui.core.errors import AgoraError
from tui.core.images.terminal import Protocol
from tui.core.index.attestations import EndorsementRow
from tui.core.models import ArticleView, ContentStatus, PostView, ProfileView
from tui.core.text import clean_text
from tui.core.units import format_eth
from tui.ui.accounts import learn_names, who
from tui.ui.backends.endorsements import endorsements_of
from tui.ui.backends.names import Identity, names_for
from tui.ui.density import CompactDensity, density_binding, reveal_binding
from tui.ui.latest import call_latest
from tui.ui.pending import NO_PENDING, PendingActions, pending_of
from tui.ui.screens.endorsements.rows import row_lines
from tui.ui.widgets.post_card import article_lines, status_badge
from tui.ui.widgets.post_list import PostList
from tui.ui.widgets.post_row import PostDetail
from tui.ui.widgets.status_bar import bottom_bars
from tui.ui.widgets.terminal_image import TerminalImage
from tui.ui.widgets.virtual_list import ListSource, VirtualList


def profile_content(
    profile: ProfileView,
    is_me: bool,
    pending: PendingActions = NO_PENDING,
    identity: Identity | None = None,
) -> Content:
    """The head of the profile screen; every field is a template variable.

    The user's own unconfirmed follow/unfollow replaces the follow state with ``◷ following…``
    or ``◷ unfollowing…``, and an unconfirmed edit of their own profile says so, until the
    transaction confirms (the screen reloads then) or fails.
    """
    head = who(profile.name, profile.address, profile.name_clash)
    if not profile.name:
        head += Content.from_markup(" [dim](no name set)[/dim]")
    if is_me:
        head += Content.from_markup(" [dim](you)[/dim]")
    follow = None if is_me else pending.follow_state(profile.address)
    if follow is True:
        head += Content.from_markup(" [$warning b]◷ following…[/]")
    elif follow is False:
        head += Content.from_markup(" [$warning b]◷ unfollowing…[/]")
    elif profile.followed_by_me:
        head += Content.from_markup(" [$success]· following[/]")
    if is_me and pending.profile_edit:
        head += Content.from_markup(" [$warning b]◷ profile edit pending[/]")
    lines = [head, Content.from_markup("[dim]$addr[/dim]", addr=profile.address)]
    if identity is not None and (identity.name or identity.avatar_label):
        lines.append(names_line(identity))
    if profile.bio:
        lines.append(Content(profile.bio))
    if profile.avatar:
        mark = "✓ avatar verified" if profile.avatar_verified else "? avatar not verified"
        lines.append(Content.from_markup("[dim]$mark[/dim]", mark=mark))
    counts = Content.from_markup(
        "[b]$posts[/b] posts · [b]$followers[/b] followers · [b]$following[/b] following · "
        "[b]$tips[/b] tips received",
        posts=str(profile.posts),
        followers=str(profile.followers),
        following=str(profile.following),
        tips=format_eth(profile.tips_received_wei),
    )
    lines.append(counts)
    if profile.cid:
        lines.append(
            Content.from_markup("[dim]profile document[/dim] ")
            + status_badge(profile.content_status)
        )
    elif profile.content_status is not ContentStatus.VERIFIED:
        lines.append(Content.from_markup("[dim]This account has not published a profile.[/dim]"))
    return Content("\n").join(lines)


def names_line(identity: Identity) -> Content:
    """``ENS ada.eth ✓ verified both ways · NFT avatar, owner verified``."""
    parts = []
    if identity.name:
        parts.append(
            Content.from_markup(
                "[dim]ENS[/dim] [$success b]$name ✓[/] [dim]verified both ways[/dim]",
                name=identity.name,
            )
        )
    if identity.avatar_label:
        colour = "$success" if identity.avatar is not None else "$warning"
        parts.append(Content.from_markup(f"[{colour}]$label[/]", label=identity.avatar_label))
    return Content(" · ").join(parts)


class ProfileScreen(CompactDensity, Screen[None]):
    """Opened with p from a post, or from a notification."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="profile.back", tooltip="Back"),
        Binding("f", "follow", "Follow/unfollow", id="profile.follow", tooltip="Follow or unfollow this account"),
        Binding("y", "copy_address", "Copy address", id="profile.copy", tooltip="Copy the full address to the clipboard"),
        Binding("e", "edit", "Edit", id="profile.edit", tooltip="Edit your own profile"),
        Binding("L", "add_to_list", "Add to list", id="profile.add_to_list", tooltip="Add this account to a saved list (its posts: :list NAME)", show=False),
        Binding("1", "tab('posts')", "Posts", id="profile.posts", tooltip="This account's posts", show=False),
        Binding("2", "tab('articles')", "Articles", id="profile.articles", tooltip="This account's articles", show=False),
        density_binding("profile"),
        reveal_binding("profile"),
        Binding("3", "tab('endorsements')", "Endorsements", id="profile.endorsements", tooltip="Skills this account is endorsed for, and by whom", show=False),
        Binding("E", "endorse", "Endorse", id="profile.endorse", tooltip="Endorse this account for a skill (an EAS attestation)"),
        Binding("X", "revoke", "Revoke", id="profile.revoke", tooltip="Revoke your highlighted endorsement", show=False),
        Binding("A", "acknowledge", "Acknowledge expert", id="profile.acknowledge", tooltip="As a community's moderator, acknowledge the highlighted endorsement's skill as expert", show=False),
    ]  # fmt: skip

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address
        self.profile: ProfileView | None = None
        self.pending: PendingActions = NO_PENDING
        """The user's own unconfirmed actions, read with each load (◷ markers)."""
        self.identity: Identity | None = None
        """The verified ENS name and avatar, once looked up (after the profile shows)."""

    def compose(self) -> ComposeResult:
        app: Any = self.app
        yield Static(Content("Profile"), classes="screen-title")
        with Horizontal(id="profile-top"):
            yield TerminalImage(id="profile-avatar")
            yield Static(Content("loading…"), id="profile-head")
        yield Tabs(
            Tab("Posts", id="ptab-posts"),
            Tab("Articles", id="ptab-articles"),
            Tab("Endorsements", id="ptab-endorsements"),
        )
        with ContentSwitcher(initial="profile-posts", id="profile-lists"):
            yield PostList(ListSource([]), app.now, id="profile-posts", empty="No posts yet.")
            yield VirtualList(
                ListSource([]),
                lambda item, width: article_lines(item, width - 1, app.now(), self.pending),
                id="profile-articles",
                empty="No articles yet.",
            )
            yield VirtualList(
                ListSource([]), row_lines, id="profile-endorsements",
                empty="No endorsements yet. E endorses this account for a skill.",
            )  # fmt: skip
        yield PostDetail(id="post-detail")  # the compact density's pane (tui/ui/density.py)
        yield bottom_bars()

    def on_mount(self) -> None:
        self.apply_density()
        self.query_one("#profile-endorsements", VirtualList).set_item_height(3)
        self.load()
        self.load_identity()

    @work(thread=True, exclusive=True, group="profile-identity", exit_on_error=False)
    def load_identity(self) -> None:
        """The account's verified name and avatar: chain reads and an image fetch, so apart
        from the profile, which shows first."""
        from tui.core.ens.verified import remember

        app: Any = self.app
        try:
            own = app.backend.profile(self.address).avatar  # the profile document's, if any
            identity = names_for(app.backend).identity(self.address, own)
        except AgoraError:
            return
        remember({self.address: identity.name or None})
        call_latest(self.app, self._show_identity, identity)

    def _show_identity(self, identity: Identity) -> None:
        self.identity = identity
        avatar = self.query_one("#profile-avatar", TerminalImage)
        shown = identity.avatar if avatar.protocol is not Protocol.OFF else None
        avatar.raster = shown
        avatar.set_class(shown is not None, "-shown")
        if self.profile is not None:
            self.query_one("#profile-head", Static).update(
                profile_content(self.profile, self.is_me, self.pending, identity)
            )

    @property
    def is_me(self) -> bool:
        app: Any = self.app
        mine: str = app.my_account()
        return bool(mine) and mine.lower() == self.address.lower()

    @work(thread=True, exclusive=True, group="profile", exit_on_error=False)
    def load(self) -> None:
        app: Any = self.app
        try:
            profile = app.backend.profile(self.address)
            posts = app.backend.posts_by(self.address)
            articles = app.backend.articles(author=self.address)
            endorsements = endorsements_of(app.backend).rows(self.address)
        except AgoraError as exc:
            call_latest(app, self._failed, clean_text(str(exc)))
            return
        pending = pending_of(app.backend)
        call_latest(app, self._show, profile, posts, articles, pending, endorsements)

    def _failed(self, message: str) -> None:
        self.query_one("#profile-head", Static).update(Content(message))
        self.notify(message, title="Profile", severity="error", markup=False)

    def reload_after_write(self) -> None:
        """The user's own write was indexed (a profile edit, a follow): show the new state."""
        self.load()

    def _show(
        self,
        profile: ProfileView,
        posts: list[PostView],
        articles: list[ArticleView],
        pending: PendingActions = NO_PENDING,
        endorsements: list[EndorsementRow] | None = None,
    ) -> None:
        self.profile = profile
        self.pending = pending
        self.query_one("#profile-head", Static).update(
            profile_content(profile, self.is_me, pending, self.identity)
        )
        post_list = self.query_one("#profile-posts", PostList)
        post_list.pending = pending
        post_list.set_source(ListSource(posts, key=lambda p: p.id))
        self.query_one("#profile-articles", VirtualList).set_source(
            ListSource(articles, key=lambda a: a.id)
        )
        self.query_one("#profile-endorsements", VirtualList).set_source(
            ListSource(endorsements or [])
        )
        learn_names(  # the attesters' verified names, drawn as they arrive
            self,
            [row.item.attester for row in endorsements or []],
            self.query_one("#profile-endorsements", VirtualList).invalidate,
        )
        if self.query_one(ContentSwitcher).current == "profile-posts":
            self.query_one("#profile-posts", PostList).focus()
        self.show_detail()

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab is not None and event.tab.id:
            self.action_tab(event.tab.id.removeprefix("ptab-"))

    def action_tab(self, which: str) -> None:
        self.query_one(ContentSwitcher).current = f"profile-{which}"
        self.query_one(Tabs).active = f"ptab-{which}"
        self.query_one(f"#profile-{which}", VirtualList).focus()
        self.show_detail()

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        app: Any = self.app
        if isinstance(event.item, PostView):
            app.action_open_thread(event.item.id)
        elif isinstance(event.item, ArticleView):
            app.open_article(event.item)
        elif isinstance(event.item, EndorsementRow):
            self._open_evidence(event.item)

    def _open_evidence(self, row: EndorsementRow) -> None:
        app: Any = self.app
        if row.evidence is None:
            text = row.item.evidence or "This endorsement cites no evidence."
            self.notify(text, title="Evidence", markup=False)
        elif row.evidence[0] == "post":
            app.action_open_thread(row.evidence[1])
        else:
            self.run_worker(
                lambda: self._open_article(row.evidence[1] if row.evidence else 0), thread=True
            )

    def _open_article(self, article_id: int) -> None:
        app: Any = self.app
        found = [a for a in app.backend.articles() if a.id == article_id]
        if found:
            self.app.call_from_thread(app.open_article, found[0])

    def action_endorse(self) -> None:
        if self.is_me:
            self.notify("Endorsing yourself does not count.", markup=False)
            return
        from tui.ui import flows
        from tui.ui.screens.endorsements.endorse import endorse_flow

        post = self.current_post()
        evidence = f"#{post.id}" if post is not None and post.id > 0 else ""
        name = self.profile.name if self.profile else ""
        flows.start(self.app, endorse_flow(self.app, self.address, name, evidence))

    def action_acknowledge(self) -> None:
        widget = self.query_one("#profile-endorsements", VirtualList)
        row = widget.highlighted if widget.display else None
        if not isinstance(row, EndorsementRow):
            self.notify("Open the Endorsements tab (3) and highlight an endorsement.", markup=False)
            return
        if self.is_me:
            self.notify("Acknowledging yourself does not count.", markup=False)
            return
        from tui.ui import flows
        from tui.ui.screens.endorsements.endorse import acknowledge_flow

        name = self.profile.name if self.profile else ""
        flows.start(self.app, acknowledge_flow(self.app, row, name))

    def action_revoke(self) -> None:
        widget = self.query_one("#profile-endorsements", VirtualList)
        row = widget.highlighted if widget.display else None
        if not isinstance(row, EndorsementRow) or not row.mine:
            self.notify("Open the Endorsements tab (3) and highlight one of yours.", markup=False)
            return
        from tui.ui import flows
        from tui.ui.screens.endorsements.endorse import revoke_flow

        flows.start(self.app, revoke_flow(self.app, row))

    def current_post(self) -> PostView | None:
        widget = self.query_one("#profile-posts", PostList)
        item = widget.highlighted if widget.display else None
        return item if isinstance(item, PostView) else None

    def action_copy_address(self) -> None:
        self.app.copy_to_clipboard(self.address)
        self.notify(self.address, title="Address copied", markup=False)

    def action_follow(self) -> None:
        if self.is_me:
            self.notify("That is you.", markup=False)
            return
        app: Any = self.app
        following = self.profile.followed_by_me if self.profile else False
        pending = self.pending.follow_state(self.address)
        if pending is not None:  # a follow/unfollow is on its way: toggle what it will make
            following = pending
        app.action_follow(self.address, not following)

    def action_add_to_list(self) -> None:
        from tui.ui.screens.list_pick import ListPickModal

        def done(message: str | None) -> None:
            if message:
                self.notify(message, markup=False, title="Lists")

        self.app.push_screen(ListPickModal(self.address), done)

    def action_edit(self) -> None:
        if not self.is_me:
            self.notify("You can only edit your own profile.", markup=False)
            return
        from tui.ui import flows

        flows.start(self.app, flows.edit_profile(self.app, self.profile))
