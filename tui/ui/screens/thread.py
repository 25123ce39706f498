"""A post in context: its ancestors above, replies as a collapsible tree, full text below.

The tree and the text are two panes: tab moves between them, so a long post is read in the
text pane with the list keys while the tree keeps the place in the thread.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static, Tree

from tui.core.errors import AgoraError
from tui.core.models import PostView, ThreadNode, ThreadView, thread_posts, unfetched
from tui.core.tags import HASHTAG, post_tags
from tui.core.text import clean_text
from tui.ui.accounts import who
from tui.ui.faces import with_face
from tui.ui.latest import call_latest
from tui.ui.pending import NO_PENDING, PendingActions, pending_of
from tui.ui.timefmt import relative_time
from tui.ui.widgets.post_card import filtered_line, post_body, post_counts, post_header
from tui.ui.widgets.safe_tree import content_to_text
from tui.ui.widgets.status_bar import bottom_bars
from tui.ui.widgets.thread_tree import ThreadText, ThreadTree, depth_mark


def node_label(post: PostView, now: float, focus: bool = False, depth: int = 0) -> Content:
    """One line: depth past the indent cap, name and short address, age and the start of the
    text (content warnings stay hidden)."""
    if post.filtered is not None:  # a mute or filter: the detail pane shows it when asked
        snippet = post.filtered.reason
    elif post.content_warning:
        snippet = f"⚠ CW: {post.content_warning}"
    elif post.text:
        snippet = post.text.split("\n", 1)[0][:80]
    else:
        snippet = f"({post.content_status})"
    style = "b" if focus else ""
    return (
        depth_mark(depth)
        + (Content.from_markup("[b]▶[/b] ") if focus else Content(""))
        + who(post.author_name, post.author, post.name_clash, style=style)
        + Content.from_markup(
            " [dim]$age[/dim]  $text", age=relative_time(post.timestamp, now), text=snippet
        )
    )


def tags_marked(body: Content, post: PostView) -> Content:
    """The post's text with its ``#tags`` in bold accent: ``#`` or enter opens them."""
    if body.plain != post.text:  # a content warning or a status line, not the text
        return body
    for match in HASHTAG.finditer(post.text):
        body = body.stylize("bold $accent", match.start(), match.end())
    return body


class ThreadScreen(Screen[None]):
    """Opened from any timeline with enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="thread.back", tooltip="Back to the previous screen"),
        Binding("r", "app.reply", "Reply", id="thread.reply", tooltip="Reply to the highlighted post"),
        Binding("t", "app.tip", "Tip", id="thread.tip", tooltip="Tip the highlighted post's author"),
        Binding("R", "app.repost", "Repost", id="thread.repost", tooltip="Repost the highlighted post", show=False),
        Binding("p", "profile", "Profile", id="thread.profile", tooltip="The highlighted author's profile"),
        Binding("c", "reveal", "Show CW", id="thread.reveal", tooltip="Show text behind a content warning", show=False),
        Binding("tab", "read", "Read post", id="thread.read", tooltip="Move between the reply tree and the post's full text"),
        Binding("number_sign", "app.tag", "Tag", id="thread.tag", tooltip="Open a #tag of the highlighted post: its timeline", show=False),
        Binding("o", "open_image", "Open image", id="thread.open_image", tooltip="Open the highlighted post's image in the system viewer, after showing what will run", show=False),
        Binding("d", "message_author", "Message", id="thread.message", tooltip="Write privately to the highlighted author (opens your conversation)", show=False),
    ]  # fmt: skip

    def __init__(self, post_id: int, *, badges: dict[str, str] | None = None) -> None:
        super().__init__()
        self.post_id = post_id
        self.badges = badges or {}
        """Author -> expert badge, when opened from a community's timeline (its experts)."""
        self.post_badges: dict[int, str] = {}
        """Post id -> its author's expert badge in the community it was posted in (from the
        index), so the badge shows wherever the thread was opened from."""
        self.view: ThreadView | None = None
        self.revealed: set[int] = set()
        self.shown_filtered: set[int] = set()
        """Posts a mute or filter collapsed that the user chose to read (``v``)."""
        self.pending: PendingActions = NO_PENDING
        """The user's own unconfirmed replies, reposts and tips (◷ on the counts)."""
        self.keep = 0
        """Post to highlight after a reload (the one the user was on), 0 for the opened one."""

    def compose(self) -> ComposeResult:
        yield Static(Content(f"Thread #{self.post_id}"), classes="screen-title")
        tree = ThreadTree(Text("loading…"), id="thread-tree")
        tree.show_root = False
        yield tree
        with ThreadText(id="thread-text"):
            yield Static(Content(""), id="thread-detail")
            from tui.ui.widgets.post_images import PostImages

            yield PostImages(id="thread-images")
        yield bottom_bars()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="thread", exit_on_error=False)
    def load(self) -> None:
        app: Any = self.app
        try:
            view = app.backend.thread(self.post_id)
        except AgoraError as exc:
            call_latest(app, self._failed, clean_text(str(exc)))
            return
        posts = [view.post, *view.ancestors, *thread_posts(view)]
        app.backend.want_content(unfetched(posts))
        pending = pending_of(app.backend)
        badges = self._post_badges([p.id for p in posts])
        call_latest(app, self._show, view, pending, badges)

    def _failed(self, message: str) -> None:
        self.query_one("#thread-detail", Static).update(Content(message))
        self.notify(message, title="Thread", severity="error", markup=False)

    def _show(self, view: ThreadView, pending: PendingActions, badges: dict[int, str]) -> None:
        self.view = view
        self.pending = pending
        self.post_badges = badges
        app: Any = self.app
        now = app.now()
        tree = self.query_one(ThreadTree)
        tree.clear()
        nodes: dict[int, Any] = {}
        parents: list[Any] = [tree.root]

        def add(post: PostView, depth: int, focus: bool = False) -> Any:
            label = content_to_text(node_label(post, now, focus, depth) + self._badge(post))
            nodes[post.id] = tree.add_capped(parents, depth, label, post)
            return nodes[post.id]

        for depth, ancestor in enumerate(view.ancestors):
            add(ancestor, depth)
        top = len(view.ancestors)
        focus = add(view.post, top, focus=True)

        def replies(children: tuple[ThreadNode, ...], depth: int) -> None:
            for child in children:
                add(child.post, depth)
                replies(child.children, depth + 1)

        replies(view.replies, top + 1)
        tree.focus()
        # Node lines exist only after the tree lays out: moving now would land on line 0 (the
        # root ancestor), so replying would answer the wrong post.
        self.call_after_refresh(self._select, nodes.get(self.keep, focus))
        self._detail(view.post)

    def _post_badges(self, ids: list[int]) -> dict[int, str]:
        """The badges of the thread's community posts (none when the index cannot say)."""
        app: Any = self.app
        try:
            found: dict[int, str] = app.communities.post_badges(ids)
        except Exception:  # no open index yet, or no communities: a thread without badges
            return {}
        return found

    def _badge(self, post: PostView) -> Content:
        badge = self.badges.get(post.author, "") or self.post_badges.get(post.id, "")
        return Content.from_markup(" [$accent b]$badge[/]", badge=badge) if badge else Content("")

    def reload_after_write(self) -> None:
        """The user's own write was indexed: show it (a new reply) where the user is."""
        current = self.current_post()
        self.keep = current.id if current is not None else 0
        self.load()

    def _select(self, node: Any) -> None:
        self.query_one(ThreadTree).move_cursor(node, animate=False)
        if isinstance(node.data, PostView):
            self._detail(node.data)

    def _detail(self, post: PostView) -> None:
        app: Any = self.app
        hidden = post.content_warning and post.id not in self.revealed
        if post.filtered is not None and post.id not in self.shown_filtered:
            body = filtered_line(post.filtered.reason)  # a muted or filtered reply: v shows it
            hidden = True
        else:
            body = tags_marked(post_body(post, post.id in self.revealed), post)
        from tui.ui.widgets.post_images import PostImages

        self.query_one(PostImages).show(None if hidden else post)
        head = with_face(app, post.author, [post_header(post, app.now()) + self._badge(post)])
        self.query_one("#thread-detail", Static).update(
            Content("\n").join([*head, body, post_counts(post, self.pending)])
        )
        text = self.query_one(ThreadText)
        text.scroll_home(animate=False)
        self.call_after_refresh(self._hint)

    def faces_arrived(self) -> None:
        """Avatars arrived (tui.ui.faces): the post in the pane shows its author's."""
        post = self.current_post()
        if post is not None:
            self._detail(post)

    def _hint(self) -> None:
        """Say on the text pane's border how to read the rest, while some is hidden."""
        found = self.query(ThreadText)
        if not found:  # the screen was closed before this ran
            return
        text = found.first()
        if text.has_focus:
            post = self.current_post()
            tags = " · enter #tag" if post is not None and post_tags(post) else ""
            text.border_subtitle = f"j/k scroll · esc replies{tags}"
        elif text.max_scroll_y > 0:
            text.border_subtitle = "more below · tab to read"
        else:
            text.border_subtitle = ""

    def action_read(self) -> None:
        """Tab: into the post's text to scroll it, or back to the tree."""
        tree, text = self.query_one(ThreadTree), self.query_one(ThreadText)
        (tree if text.has_focus else text).focus()

    def on_descendant_focus(self) -> None:
        self.set_class(self.query_one(ThreadText).has_focus, "-reading")
        self.call_after_refresh(self._hint)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Any]) -> None:
        if isinstance(event.node.data, PostView):
            self._detail(event.node.data)

    def current_post(self) -> PostView | None:
        node = self.query_one(ThreadTree).cursor_node
        return node.data if node is not None and isinstance(node.data, PostView) else None

    def action_profile(self) -> None:
        post = self.current_post()
        if post is not None:
            app: Any = self.app
            app.action_open_profile(post.author)

    def action_message_author(self) -> None:
        """The Messages screen, on the conversation with the highlighted post's author."""
        post = self.current_post()
        if post is not None:
            app: Any = self.app
            app.action_messages(post.author)

    def toggle_filtered(self) -> bool:
        """``v``: show the highlighted collapsed post's text, or collapse it again; False when
        it is not collapsed."""
        post = self.current_post()
        if post is None or post.filtered is None:
            return False
        self.shown_filtered ^= {post.id}
        self._detail(post)
        return True

    def action_open_image(self) -> None:
        from tui.ui.image_open import open_post_image

        open_post_image(self.app, self.current_post())

    def action_reveal(self) -> None:
        post = self.current_post()
        if post is not None:
            self.revealed ^= {post.id}
            self._detail(post)
