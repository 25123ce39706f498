"""The main screen: home, global, communities, articles and notifications timelines behind tabs."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static, Tab, Tabs

from tui.core.alerts import count_by_kind, counts_line
from tui.core.models import ArticleView, NotificationView, PostView
from tui.core.text import clean_line
from tui.core.timeline_view import MODE_LABELS, next_mode, parse_kind, with_mode
from tui.ui.messages import PostsIndexed
from tui.ui.pending import NO_PENDING, PendingActions
from tui.ui.timeline_pages import POST_KINDS, ArticleSource, first_page, own_post
from tui.ui.widgets.new_posts import NewPostsLine, tab_label
from tui.ui.widgets.post_card import article_lines, notification_lines
from tui.ui.widgets.post_list import PostList, TimelineSource
from tui.ui.widgets.post_row import PostDetail
from tui.ui.widgets.status_bar import bottom_bars
from tui.ui.widgets.virtual_list import PAGE, ListSource, RowSource, VirtualList

KINDS = ("home", "global", "communities", "articles", "notifications")
TITLES = {
    "home": "Home",
    "global": "Global",
    "communities": "Communities",
    "articles": "Articles",
    "notifications": "Notifications",
}


FIRST_PAGE_WAIT = 0.25
"""Seconds the first frame may wait for the opening timeline's first page."""
NEW_POSTS_INTERVAL = 5.0
"""Seconds between looks for posts above the top of the post timelines. The status poll's
sync announces the posts it indexed at once; this also catches posts that another ``agora``
process (a CLI write or sync) put in the same index, which that sync never counts."""
HOME_EMPTY = (
    "No posts yet: Home shows posts by the people you follow. While it is empty Agora opens "
    "on Global (2), where f on a post follows its author."
)
COMMUNITIES_EMPTY = (
    "No posts from your communities yet: this tab shows the posts of the communities you "
    "joined, newest first. Find one to join with C."
)
EMPTY = {"home": HOME_EMPTY, "communities": COMMUNITIES_EMPTY}


class TimelineScreen(Screen[None]):
    """Four timelines; each keeps its own place, and the place survives restarts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show('home')", "Home", id="timeline.home", tooltip="Posts by people you follow"),
        Binding("2", "show('global')", "Global", id="timeline.global", tooltip="Every post"),
        Binding("3,a", "show('articles')", "Articles", id="timeline.articles", tooltip="Long-form articles"),
        Binding("4", "show('notifications')", "Alerts", id="timeline.notifications", tooltip="Replies, tips, follows"),
        Binding("5", "show('communities')", "Communities", id="timeline.communities", tooltip="Posts of the communities you joined", show=False),
        Binding("r", "app.reply", "Reply", id="timeline.reply", tooltip="Reply to the highlighted post"),
        Binding("R", "app.repost", "Repost", id="timeline.repost", tooltip="Repost the highlighted post", show=False),
        Binding("t", "app.tip", "Tip", id="timeline.tip", tooltip="Tip the author in ETH"),
        Binding("f", "app.follow", "Follow", id="timeline.follow", tooltip="Follow or unfollow the author", show=False),
        Binding("p", "profile", "Profile", id="timeline.profile", tooltip="The author's profile"),
        Binding("c", "reveal", "Show CW", id="timeline.reveal", tooltip="Show or hide text behind a content warning", show=False),
        Binding("i", "address", "Address", id="timeline.address", tooltip="Show the author's full address", show=False),
        Binding("u", "top", "New posts", id="timeline.new_posts", tooltip="Jump up to the newest post", show=False),
        Binding("U", "mark_read", "Mark read", id="timeline.mark_read", tooltip="Mark every timeline read up to its newest post", show=False),
        Binding("H", "hide", "Hide replies", id="timeline.hide", tooltip="Cycle: every post, no replies, no replies or reposts", show=False),
        Binding("number_sign", "app.tag", "Tag", id="timeline.tag", tooltip="Open a #tag of the highlighted post: its timeline (a list when it has several)", show=False),
        Binding("z", "density", "Compact", id="timeline.density", tooltip="One line per post with the highlighted one in full, or cards"),
        Binding("o", "open_image", "Open image", id="timeline.open_image", tooltip="Open the highlighted post's image in the system viewer, after showing what will run", show=False),
        Binding("d", "message_author", "Message", id="timeline.message", tooltip="Write privately to the highlighted author (opens your conversation)", show=False),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        app: Any = self.app
        yield Tabs(*(Tab(TITLES[k], id=f"tab-{k}") for k in KINDS), id="timeline-tabs")
        yield NewPostsLine("", id="new-posts")
        yield Static("", id="alert-counts")
        with ContentSwitcher(initial="list-home", id="timelines"):
            for kind in POST_KINDS:
                yield PostList(
                    TimelineSource(app.backend, kind),
                    app.now,
                    id=f"list-{kind}",
                    empty=EMPTY.get(kind, "No posts yet. Write one with n."),
                )
            yield VirtualList(
                ListSource([]),
                lambda item, width: article_lines(item, width - 1, app.now(), self._collecting()),
                id="list-articles",
                empty="No articles yet. Write one with W.",
            )
            alerts = VirtualList(
                ListSource([]),
                lambda item, width: notification_lines(item, width - 1, app.now()),
                id="list-notifications",
                empty="Nothing new. Replies, tips, follows and collects show up here.",
            )
            alerts.is_short = lambda item: getattr(item, "filtered", None) is not None
            yield alerts
        yield PostDetail(id="post-detail")  # the compact density's pane (tui/ui/widgets/post_row)
        yield bottom_bars()

    unread: dict[str, int]
    """Per post timeline: posts above the reading position that arrived since the user last
    saw its top (the line above the list and the count in the tab)."""

    def on_mount(self) -> None:
        app: Any = self.app
        self.unread = dict.fromkeys(POST_KINDS, 0)
        self._loaded: set[str] = set()
        self._tickets: dict[str, int] = {}
        """Per list, the number of the latest read asked for: reads run on threads and can
        end out of order, and only the latest may be shown (an older read has older rows)."""
        for post_kind in POST_KINDS:
            self._set_unread(post_kind, 0)  # the tab says what it hides
        kind = app.ui_state.tab if app.ui_state.tab in KINDS else "home"
        self.query_one("#new-posts", Static).display = False
        self.query_one("#alert-counts", Static).display = False
        for widget in self.query(VirtualList):
            widget.waiting = True  # "loading…", not "no posts yet", until the first page lands
        kind = self._load_now(kind)
        self._apply_density()
        self.show(kind)
        self.set_interval(NEW_POSTS_INTERVAL, self.check_new)

    @property
    def new_posts(self) -> int:
        """New posts above the reading position of the timeline on screen."""
        return self.unread.get(self.kind, 0)

    def _kind_of(self, widget: VirtualList) -> str:
        return (widget.id or "").removeprefix("list-")

    # --- switching ----------------------------------------------------------------------
    @property
    def kind(self) -> str:
        current = self.query_one(ContentSwitcher).current or "list-home"
        return current.removeprefix("list-")

    def current_list(self) -> VirtualList:
        return self.query_one(f"#list-{self.kind}", VirtualList)

    def show(self, kind: str) -> None:
        """Switch to a timeline (loading it the first time) and focus its list."""
        if kind not in KINDS:
            return
        self.query_one(ContentSwitcher).current = f"list-{kind}"
        self.query_one("#alert-counts", Static).display = kind == "notifications"
        self._show_detail()
        tabs = self.query_one(Tabs)
        if tabs.active != f"tab-{kind}":
            tabs.active = f"tab-{kind}"
        app: Any = self.app
        app.ui_state.tab = kind
        self._show_marker()  # the line counts the timeline on screen, not the one left
        if self.is_current:
            self.query_one(f"#list-{kind}", VirtualList).focus()
        if kind not in self._loaded:
            self._loaded.add(kind)
            self.load(kind)

    def action_show(self, kind: str) -> None:
        self.show(kind)

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        # Ignore stale activations (the initial "home" one arriving after a restored tab):
        # reacting to them would ping-pong between tabs and storm the footer.
        if event.tab is None or not event.tab.id or event.tabs.active != event.tab.id:
            return
        kind = event.tab.id.removeprefix("tab-")
        if kind != self.kind:
            self.show(kind)

    # --- loading ------------------------------------------------------------------------
    def _collecting(self) -> PendingActions:
        """The user's pending actions, read with the articles (◷ collecting on their cards)."""
        source = self.query_one("#list-articles", VirtualList).source
        return source.pending if isinstance(source, ArticleSource) else NO_PENDING

    def _load_now(self, kind: str) -> str:
        """Read the opening timeline's first page before the first frame, if it is quick;
        return the timeline to open: Global instead of an empty Home (someone who follows
        nobody yet has nothing to read there; Home's empty text says so).

        The reason the first paint is fast: one keyset query on the local index, usually tens
        of milliseconds. In a worker it would compete for the GIL with Textual drawing frames
        of an empty list, and the posts would land several frames later. So the read runs on
        a thread that has the GIL to itself while the event loop waits, but only for
        ``FIRST_PAGE_WAIT``: an index being migrated, locked by a running ``agora sync`` or
        on a slow disk must not keep the terminal blank. Past that, the first frame says
        "loading…" and the page lands when the read ends.
        """
        app: Any = self.app
        box: dict[str, Any] = {}
        lock = threading.Lock()

        def read() -> None:
            pages: list[tuple[str, Any]] = []
            try:
                pages.append((kind, first_page(app, kind, False)))
                if kind == "home" and pages[0][1][0].count == 0:
                    other = first_page(app, "global", False)
                    if other[0].count:
                        pages.append(("global", other))
            except Exception as exc:  # shown in the list, like a worker's failure
                pages.append((kind, exc))
            with lock:
                box["result"] = pages
                late = box.get("late", False)
            if late and app.is_running:
                app.call_from_thread(self._opened, pages, True, ticket)

        self._loaded.add(kind)
        ticket = self._ticket(kind)
        reader = threading.Thread(target=read, name="agora-first-page", daemon=True)
        reader.start()
        reader.join(FIRST_PAGE_WAIT)
        with lock:
            if "result" not in box:
                box["late"] = True
                return kind
        pages = box["result"]
        self._opened(pages, False, ticket)
        return str(pages[-1][0])

    def _opened(self, pages: list[tuple[str, Any]], late: bool, ticket: int) -> None:
        """The opening timeline's first page is read (and Global's, when Home was empty)."""
        for index, (kind, result) in enumerate(pages):
            self._loaded.add(kind)
            if index:  # Global, read in the same pass: it was asked for at the same time
                ticket = self._ticket(kind)
            self._apply(self.query_one(f"#list-{kind}", VirtualList), result, ticket)
        kind = pages[-1][0]
        if late and kind != self.kind and self.kind == "home" and self.is_current:
            self.show(kind)  # the user has not moved away from the empty Home yet

    def _ticket(self, kind: str) -> int:
        """Number a new read of ``kind``'s list (on the event loop, in the order asked)."""
        self._tickets[kind] = self._tickets.get(kind, 0) + 1
        return self._tickets[kind]

    def load(self, kind: str, at_top: bool = False) -> None:
        """First page of a timeline, at the remembered reading position (or the top), read
        on a thread; a read asked for later wins over an earlier one that ends after it."""
        self._read_page(kind, at_top, self._ticket(kind))

    @work(thread=True, group="timeline-load", exit_on_error=False)
    def _read_page(self, kind: str, at_top: bool, ticket: int) -> None:
        app: Any = self.app
        widget = self.query_one(f"#list-{kind}", VirtualList)
        try:
            result: Any = first_page(app, kind, at_top)
        except Exception as exc:
            result = exc
        if app.is_running:
            app.call_from_thread(self._apply, widget, result, ticket)

    def _apply(
        self, widget: VirtualList, result: tuple[RowSource, int] | Exception, ticket: int
    ) -> None:
        """Show a loaded page, or why it could not be read; the first one marks the first paint.
        A page read before the latest one asked for is dropped: its rows are older (a post
        still "fetching" after its content arrived, say)."""
        if ticket != self._tickets.get(self._kind_of(widget)):
            return
        if isinstance(result, Exception):
            reason = clean_line(str(result), 200) or type(result).__name__
            widget.fail(f"Could not read this timeline from the local index: {reason}")
        else:
            widget.set_source(*result)
            source, position = result
            if widget.id == "list-notifications":
                items = [source.get(i) for i in range(source.count)]
                line = counts_line(count_by_kind(n for n in items if n is not None))
                self.query_one("#alert-counts", Static).update(Content(line))
            if isinstance(source, TimelineSource):
                kind = parse_kind(source.kind).base
                self._set_unread(kind, source.arrived if position else 0)
                if not position:
                    self._saw_top(kind, source)
        app: Any = self.app
        app.timeline_loaded()

    def reload(self) -> None:
        self._loaded.discard(self.kind)
        self.show(self.kind)

    def reload_all(self) -> None:
        """Reload every loaded list at its reading position (after a write or a late index).

        Posts that arrived above it stay announced: the reload counts them from the newest
        post seen, so a reload never slips them in silently.
        """
        for kind in list(self._loaded):
            widget = self.query_one(f"#list-{kind}", VirtualList)
            self.load(kind, at_top=widget.cursor == 0)

    # --- live updates -------------------------------------------------------------------
    def on_posts_indexed(self, event: PostsIndexed) -> None:
        self.check_new()
        for kind in ("articles", "notifications"):
            if kind in self._loaded:
                self.load(kind)

    @work(thread=True, exclusive=True, group="timeline-new", exit_on_error=False)
    def check_new(self) -> None:
        """Count posts above the top of each post timeline; insert them without moving.

        A timeline not opened yet this session only gets its tab's count, from the newest
        post seen there.
        """
        app: Any = self.app
        for kind in POST_KINDS:
            widget = self.query_one(f"#list-{kind}", PostList)
            source = widget.source
            if kind in self._loaded and isinstance(source, TimelineSource):
                if source.count == 0:  # opened before its first post landed: nothing to keep
                    if app.backend.timeline_count(source.kind) > 0:
                        app.call_from_thread(self.load, kind, True)
                    continue
                count = source.newer_count()
                if count:
                    own, newest = self._own_above(app, source, count)
                    app.call_from_thread(self._insert_new, widget, source, count, own, newest)
            elif kind not in self._loaded and kind in app.ui_state.seen:
                seen = app.ui_state.seen[kind]
                view = with_mode(kind, app.ui_state.hide.get(kind, ""))
                count = app.backend.timeline_count(view, newer_than=seen)
                app.call_from_thread(self._set_unread, kind, count)

    @staticmethod
    def _own_above(app: Any, source: TimelineSource, count: int) -> tuple[int, int]:
        """How many of the ``count`` posts above the top are the user's own from this session,
        and the newest one's id (blocks; only asked once this session sent something)."""
        top = source.get(0)
        if not getattr(app, "sent_transactions", None) or top is None:
            return 0, 0
        rows = source.backend.timeline(source.kind, limit=min(count, PAGE), after_id=top.id)
        own = [post.id for post in rows if own_post(app, post)]
        return len(own), max(own, default=0)

    def _insert_new(
        self, widget: PostList, source: TimelineSource, count: int, own: int = 0, newest: int = 0
    ) -> None:
        if widget.source is not source:  # reloaded meanwhile: the reload counted them
            return
        source.shift(count)
        widget.items_inserted_above(count)
        kind = self._kind_of(widget)
        unread = self.unread.get(kind, 0)
        if own == count and not unread:
            # Caught up, and all that came is the user's own: seen, not new.
            app: Any = self.app
            app.ui_state.seen[kind] = max(app.ui_state.seen.get(kind, 0), newest)
        self._set_unread(kind, unread + count - own)

    def _set_unread(self, kind: str, count: int) -> None:
        """Show ``count`` new posts on a timeline: in its tab, and above it when on screen."""
        if kind not in POST_KINDS:
            return
        self.unread[kind] = max(count, 0)
        tab = self.query_one(f"#tab-{kind}", Tab)
        app: Any = self.app
        hides = MODE_LABELS.get(app.ui_state.hide.get(kind, ""), "")
        label = tab_label(f"{TITLES[kind]} · {hides}" if hides else TITLES[kind], self.unread[kind])
        if str(tab.label) != label:
            tab.label = label
        self._show_marker()

    def _saw_top(self, kind: str, source: RowSource) -> None:
        """The newest post of a timeline was on screen: what is newer is new from now on."""
        top = source.get(0)
        if isinstance(top, PostView) and top.id > 0:  # else recorded once its page lands
            app: Any = self.app
            app.ui_state.seen[kind] = max(top.id, app.ui_state.seen.get(kind, 0))
        self._set_unread(kind, 0)

    def _show_marker(self) -> None:
        marker = self.query_one("#new-posts", Static)
        count = self.new_posts
        marker.display = count > 0
        marker.update(
            Content.from_markup(
                "▲ $n new post$s above — press u or click here to see them",
                n=str(count),
                s="" if count == 1 else "s",
            )
        )

    @work(thread=True, exclusive=True, group="timeline-mark-read", exit_on_error=False)
    def action_mark_read(self) -> None:
        """Everything in Home, Global and Communities counts as seen: counts, lines and
        markers go."""
        app: Any = self.app
        newest: dict[str, int] = {}
        for kind in POST_KINDS:
            rows = [p for p in app.backend.timeline(kind, None, 5) if p.id > 0]
            if rows:
                newest[kind] = rows[0].id
        app.call_from_thread(self._marked_read, newest)

    def _marked_read(self, newest: dict[str, int]) -> None:
        app: Any = self.app
        for kind in POST_KINDS:
            if kind in newest:
                app.ui_state.seen[kind] = max(newest[kind], app.ui_state.seen.get(kind, 0))
            self._set_unread(kind, 0)
            widget = self.query_one(f"#list-{kind}", PostList)
            if isinstance(widget.source, TimelineSource) and widget.source.read_mark:
                widget.source.read_mark = 0
                widget.invalidate()
        self.notify("Everything is marked read.", markup=False)

    def action_hide(self) -> None:
        """Cycle what this timeline hides: nothing, replies, replies and reposts (remembered)."""
        kind = self.kind
        if kind not in POST_KINDS:
            self.notify(
                "Replies and reposts can be hidden on Home, Global and Communities.", markup=False
            )
            return
        app: Any = self.app
        mode = next_mode(app.ui_state.hide.get(kind, "all"))
        app.ui_state.hide.pop(kind, None)
        if mode != "all":
            app.ui_state.hide[kind] = mode
        self._set_unread(kind, self.unread.get(kind, 0))
        self.notify(f"{TITLES[kind]}: {MODE_LABELS[mode] or 'every post'}.", markup=False)
        self.reload()

    def hides_changed(self, kinds: list[str]) -> None:
        """Settings changed what some timelines hide: relabel their tabs, reload them."""
        for kind in kinds:
            if kind in POST_KINDS:
                self._set_unread(kind, self.unread.get(kind, 0))
                if kind in self._loaded:
                    self.load(kind)

    def on_new_posts_line_pressed(self, event: NewPostsLine.Pressed) -> None:
        self.action_top()

    def action_top(self) -> None:
        self.current_list().action_first()

    # --- position memory and selection --------------------------------------------------
    def on_virtual_list_cursor_moved(self, event: VirtualList.CursorMoved) -> None:
        kind = self._kind_of(event.list)
        if kind not in KINDS:
            return
        item = event.list.source.get(event.index)
        if isinstance(item, PostView) and item.id > 0:  # pending rows have no id yet
            app: Any = self.app
            app.ui_state.positions[kind] = item.id
        if event.index == 0 and event.list.cursor == 0 and kind in POST_KINDS:
            self._saw_top(kind, event.list.source)
        if event.list is self.current_list():
            self._show_detail()

    # --- density ------------------------------------------------------------------------
    def action_density(self) -> None:
        """Cards or one line per post (with the highlighted post in full); remembered."""
        app: Any = self.app
        app.ui_state.compact = not app.ui_state.compact
        self._apply_density()

    def on_screen_resume(self) -> None:
        self._apply_density()  # ``z`` may have been pressed on a profile or in search

    def _apply_density(self) -> None:
        app: Any = self.app
        for widget in self.query(PostList):
            if widget.compact != app.ui_state.compact:
                widget.set_compact(app.ui_state.compact)
        self._show_detail()

    def action_open_image(self) -> None:
        from tui.ui.image_open import open_post_image

        open_post_image(self.app, self.current_post())

    def _show_detail(self) -> None:
        app: Any = self.app
        detail = self.query_one("#post-detail", PostDetail)
        widget = self.current_list()
        detail.display = app.ui_state.compact and isinstance(widget, PostList)
        if detail.display and isinstance(widget, PostList):
            post = widget.highlighted
            post = post if isinstance(post, PostView) else None
            revealed = post is not None and post.id in widget.revealed
            detail.show_post(post, app.now(), revealed, widget.pending_actions)

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        app: Any = self.app
        item = event.item
        if isinstance(item, PostView) and item.pending:
            self.notify("Still pending: it opens once the network confirms it.", markup=False)
        elif isinstance(item, PostView):
            app.action_open_thread(item.id)
        elif isinstance(item, ArticleView):
            app.open_article(item)
        elif isinstance(item, NotificationView):
            if item.post_id:
                app.action_open_thread(item.post_id)
            else:
                app.action_open_profile(item.actor)

    def current_post(self) -> PostView | None:
        item = self.current_list().highlighted
        return item if isinstance(item, PostView) else None

    def _author(self) -> str | None:
        item = self.current_list().highlighted
        if isinstance(item, PostView | ArticleView):
            return item.author
        if isinstance(item, NotificationView):
            return item.actor
        return None

    def action_profile(self) -> None:
        author = self._author()
        app: Any = self.app
        if author:
            app.action_open_profile(author)
        else:
            app.action_my_profile()

    def action_message_author(self) -> None:
        """The Messages screen, on the conversation with the highlighted post's author."""
        author = self._author()
        app: Any = self.app
        account = getattr(app.backend, "account", "")
        me = str((account() if callable(account) else account) or "")
        if author and author.lower() == me.lower():
            self.notify("That is your own post: pick someone else's.", markup=False)
        elif author:
            app.action_messages(author)

    def action_address(self) -> None:
        author = self._author()
        if author:
            self.notify(author, title="Full address", markup=False)

    def action_reveal(self) -> None:
        widget = self.current_list()
        if isinstance(widget, PostList):
            widget.toggle_warning()
            self._show_detail()
