"""The Bookmarks screen (B) and the list of what is muted, blocked and filtered (:muted)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.core.errors import AgoraError
from tui.core.models import ArticleView, PostView
from tui.core.text import clean_identity, clean_line
from tui.ui.accounts import is_address, learn_names, profile_of, who
from tui.ui.latest import call_latest
from tui.ui.widgets.post_card import article_lines
from tui.ui.widgets.post_list import PostList
from tui.ui.widgets.status_bar import bottom_bars
from tui.ui.widgets.virtual_list import ListSource, VirtualList


class BookmarksScreen(Screen[None]):
    """Bookmarked posts and articles, newest bookmark first; enter opens, b removes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="bookmarks.back", tooltip="Back"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        app: Any = self.app
        yield Static(Content("Bookmarks"), classes="screen-title")
        yield Static(Content("b removes a bookmark · enter opens"), id="bookmarks-summary")
        yield _MixedList(
            ListSource([]),
            app.now,
            id="bookmarks-list",
            empty="No bookmarks yet. Press b on a post or an article to keep it here.",
        )
        yield bottom_bars()

    def on_mount(self) -> None:
        self.query_one(VirtualList).waiting = True
        self.query_one(VirtualList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="bookmarks", exit_on_error=False)
    def load(self) -> None:
        app: Any = self.app
        try:
            items = app.reading.bookmarked()
        except AgoraError as exc:
            call_latest(app, self.query_one(VirtualList).fail, clean_line(str(exc), 300))
            return
        call_latest(app, self._show, items)

    def _show(self, items: list[Any]) -> None:
        widget = self.query_one(VirtualList)
        cursor = min(widget.cursor, max(len(items) - 1, 0))
        widget.set_source(ListSource(items, key=_key), cursor)

    def reload(self) -> None:
        self.load()

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        app: Any = self.app
        if isinstance(event.item, PostView):
            app.action_open_thread(event.item.id)
        elif isinstance(event.item, ArticleView):
            app.open_article(event.item)

    def current_post(self) -> PostView | None:
        item = self.query_one(VirtualList).highlighted
        return item if isinstance(item, PostView) else None


def _key(item: Any) -> int:
    # Articles and posts share the list: keep their keys apart.
    return int(item.id) * 2 + (1 if isinstance(item, ArticleView) else 0)


class _MixedList(PostList):
    """A post list that also draws article cards."""

    def _render_post(self, post: Any, width: int) -> list[Content]:
        if isinstance(post, ArticleView):
            return article_lines(post, width - 1, self._now())
        return super()._render_post(post, width)  # a post card, with its author's avatar


class MutedScreen(Screen[None]):
    """What is muted, blocked and filtered (``agora filter list`` shows the same)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="muted.back", tooltip="Back"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        yield Static(Content("Muted, blocked and filtered"), classes="screen-title")
        yield Static(Content("loading…"), id="muted-body")
        yield bottom_bars()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="muted", exit_on_error=False)
    def load(self) -> None:
        app: Any = self.app
        try:
            data = app.reading.listing()
        except AgoraError as exc:
            call_latest(app, self._show, Content(clean_line(str(exc), 300)))
            return
        call_latest(app, self._show, listing_content(data), data)

    def _show(self, content: Content, data: dict[str, Any] | None = None) -> None:
        self.query_one("#muted-body", Static).update(content)
        if data is not None:  # named as timelines name people, once the names are learned
            people = [str(p["address"]) for p in data.get("people", [])]
            learn_names(self, people, lambda: self._show(listing_content(data)))

    def reload(self) -> None:
        self.load()


def listing_content(data: dict[str, Any]) -> Content:
    """The people and rules as lines of safe Content (names are untrusted text)."""
    lines: list[Content] = []
    for person in data.get("people", []):
        address = str(person["address"])
        level = Content.from_markup("[b]$level[/b]  ", level=str(person["level"]).ljust(5))
        if not is_address(address):
            lines.append(level + Content(clean_line(address, 60)))
            continue
        name = clean_identity(str(person.get("name") or ""), 30)
        lines.append(level + who(name, address, profile_of(address)[1], style="", full=True))
    for rule in data.get("filters", []):
        expires = int(rule.get("expires") or 0)
        until = "never expires"
        if expires:
            when = dt.datetime.fromtimestamp(expires, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
            until = ("expired " if rule.get("expired") else "until ") + when
        if rule.get("disabled"):
            until += " · disabled: timed out"
        lines.append(
            Content.from_markup(
                "[b]#$id[/b]  $kind '$text' · $action · $until",
                id=str(rule["id"]),
                kind=str(rule.get("kind", "word")),
                text=clean_line(str(rule["text"]), 80),
                action=str(rule.get("action", "collapse")),
                until=until,
            )
        )
    if not lines:
        return Content("Nothing is muted, blocked or filtered.\n\nm mutes the highlighted author.")
    footer = Content(
        "\nm on a post or profile unmutes · :filter remove ID · agora filter list --json"
    )
    return Content("\n").join([*lines, footer])
