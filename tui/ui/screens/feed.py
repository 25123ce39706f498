"""A timeline of its own screen: one tag (``tag:NAME``) or saved list (``list:NAME``).

Opened with ``#`` on a post (its first tag), ``:tag NAME`` or ``:list NAME``. The same keyset-paged list as
Home and Global, so a tag with 100,000 posts scrolls like a short one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.core.models import PostView
from tui.core.text import clean_line
from tui.core.timeline_view import MODE_LABELS, next_mode, with_mode
from tui.ui.density import CompactDensity, density_binding, reveal_binding
from tui.ui.latest import call_latest
from tui.ui.widgets.post_list import PostList, TimelineSource
from tui.ui.widgets.post_row import PostDetail
from tui.ui.widgets.status_bar import bottom_bars
from tui.ui.widgets.virtual_list import VirtualList


def feed_title(kind: str) -> str:
    """What the screen's title says for a timeline kind (``tag:rust`` -> ``#rust``)."""
    if kind.startswith("tag:"):
        return "#" + kind.removeprefix("tag:")
    if kind.startswith("list:"):
        return "List: " + kind.removeprefix("list:")
    return kind


class FeedScreen(CompactDensity, Screen[None]):
    """One extra timeline (a tag or a list), with the post keys of the main timelines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="feed.back", tooltip="Back"),
        Binding("r", "app.reply", "Reply", id="feed.reply", tooltip="Reply to the highlighted post"),
        Binding("t", "app.tip", "Tip", id="feed.tip", tooltip="Tip the author in ETH"),
        Binding("p", "profile", "Profile", id="feed.profile", tooltip="The author's profile"),
        Binding("H", "hide", "Hide replies", id="feed.hide", tooltip="Cycle: every post, no replies, no replies or reposts", show=False),
        Binding("number_sign", "app.tag", "Tag", id="feed.tag", tooltip="Open a #tag of the highlighted post: its timeline (a list when it has several)", show=False),
        density_binding("feed"),
        reveal_binding("feed"),
    ]  # fmt: skip

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        app: Any = self.app
        yield Static(Content(""), classes="screen-title", id="feed-title")
        yield PostList(
            TimelineSource(app.backend, self.kind),
            app.now,
            id="feed-list",
            empty="No posts carry this tag yet."
            if self.kind.startswith("tag:")
            else "No posts by this list's people yet (L on a profile adds someone).",
        )
        yield PostDetail(id="post-detail")  # the compact density's pane (tui/ui/density.py)
        yield bottom_bars()

    def on_mount(self) -> None:
        widget = self.query_one(PostList)
        widget.waiting = True
        widget.focus()
        self._title()
        self.apply_density()
        self.load()

    @work(thread=True, exclusive=True, group="feed", exit_on_error=False)
    def load(self) -> None:
        app: Any = self.app
        source = TimelineSource(
            app.backend, with_mode(self.kind, app.ui_state.hide.get(self.kind, ""))
        )
        try:
            position = source.load()
        except Exception as exc:  # shown in the list, like the main timelines
            reason = clean_line(str(exc), 200) or type(exc).__name__
            call_latest(app, self.query_one(PostList).fail, reason)
            return
        call_latest(app, self._loaded, source, position)

    def _loaded(self, source: TimelineSource, position: int) -> None:
        self.query_one(PostList).set_source(source, position)
        self.show_detail()

    def reload(self) -> None:
        self.load()

    def action_hide(self) -> None:
        """Cycle what this timeline hides: nothing, replies, replies and reposts (remembered)."""
        app: Any = self.app
        mode = next_mode(app.ui_state.hide.get(self.kind, "all"))
        app.ui_state.hide.pop(self.kind, None)
        if mode != "all":
            app.ui_state.hide[self.kind] = mode
        self._title()
        self.notify(f"{feed_title(self.kind)}: {MODE_LABELS[mode] or 'every post'}.", markup=False)
        self.load()

    def _title(self) -> None:
        app: Any = self.app
        hides = MODE_LABELS.get(app.ui_state.hide.get(self.kind, ""), "")
        title = feed_title(self.kind) + (f" · {hides}" if hides else "")
        self.query_one("#feed-title", Static).update(Content(clean_line(title, 80)))

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        if isinstance(event.item, PostView):
            app: Any = self.app
            app.action_open_thread(event.item.id)

    def current_post(self) -> PostView | None:
        item = self.query_one(PostList).highlighted
        return item if isinstance(item, PostView) else None

    def action_profile(self) -> None:
        post = self.current_post()
        if post is not None:
            app: Any = self.app
            app.action_open_profile(post.author)
