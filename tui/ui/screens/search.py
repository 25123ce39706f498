"""Full-text search over indexed posts; results open in their thread."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.core.errors import AgoraError
from tui.core.models import PostView
from tui.core.text import clean_text
from tui.ui.density import CompactDensity, density_binding, reveal_binding
from tui.ui.latest import call_latest
from tui.ui.widgets.post_list import PostList
from tui.ui.widgets.post_row import PostDetail
from tui.ui.widgets.status_bar import bottom_bars
from tui.ui.widgets.virtual_list import ListSource, VirtualList


class SearchScreen(CompactDensity, Screen[None]):
    """Type words, press enter; down moves into the results."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="search.back", tooltip="Back"),
        Binding("ctrl+f", "focus_input", "Edit query", id="search.query", tooltip="Back to the search box"),
        density_binding("search"),
        reveal_binding("search"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        app: Any = self.app
        yield Static(Content("Search"), classes="screen-title")
        yield Input(placeholder="Search posts (all words must match)", id="search-input")
        yield Static(Content(""), id="search-summary")
        yield PostList(
            ListSource([]), app.now, id="search-results", empty="Type a query and press enter."
        )
        yield PostDetail(id="post-detail")  # the compact density's pane (tui/ui/density.py)
        yield bottom_bars()

    def on_mount(self) -> None:
        self.apply_density()
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if query:
            self.query_one("#search-summary", Static).update(Content("searching…"))
            self.run_search(query)

    def on_key(self, event: Any) -> None:
        if event.key == "down" and self.focused is self.query_one(Input):
            self.query_one(PostList).focus()
            event.stop()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        app: Any = self.app
        try:
            hits = app.backend.search(query)
        except AgoraError as exc:
            call_latest(self.app, self._summary, clean_text(str(exc)))
            return
        call_latest(self.app, self._show, query, hits)

    def _summary(self, text: str) -> None:
        self.query_one("#search-summary", Static).update(Content(text))

    def _show(self, query: str, hits: list[PostView]) -> None:
        results = self.query_one(PostList)
        results.set_source(ListSource(hits, key=lambda p: p.id))
        results.empty = "No posts match."
        self.query_one("#search-summary", Static).update(
            Content.from_markup(
                "$n result$s for “$q” — enter opens the thread",
                n=str(len(hits)),
                s="" if len(hits) == 1 else "s",
                q=query,
            )
        )
        self.show_detail()
        if hits:
            results.focus()

    def action_focus_input(self) -> None:
        self.query_one(Input).focus()

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        if isinstance(event.item, PostView):
            app: Any = self.app
            app.action_open_thread(event.item.id)

    def current_post(self) -> PostView | None:
        item = self.query_one(PostList).highlighted
        return item if isinstance(item, PostView) else None
