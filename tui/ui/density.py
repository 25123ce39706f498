"""The compact density (``z``) on every screen that lists posts: profile, search, tag and list
timelines, like Home and Global; with it ``c``, which shows a post behind a content warning.

One choice for the whole app (``UiState.compact``, remembered across restarts): a screen
applies it when it is shown, so ``z`` pressed on a profile is in force back on the timeline.
A mixin of those screens, holding no state of its own.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from tui.core.models import PostView
from tui.ui.widgets.post_list import PostList
from tui.ui.widgets.post_row import PostDetail
from tui.ui.widgets.virtual_list import VirtualList


def density_binding(screen: str) -> Binding:
    """``z`` on ``screen`` (its binding id is ``SCREEN.density``)."""
    return Binding(
        "z",
        "density",
        "Compact",
        id=f"{screen}.density",
        tooltip="One line per post with the highlighted one in full, or cards",
        show=False,
    )


def reveal_binding(screen: str) -> Binding:
    """``c`` on ``screen``, what a card behind a content warning says to press
    (``SCREEN.reveal``, as on the timelines)."""
    return Binding(
        "c",
        "reveal",
        "Show CW",
        id=f"{screen}.reveal",
        tooltip="Show or hide text behind a content warning",
        show=False,
    )


class CompactDensity:
    """For a Screen with PostLists and one ``PostDetail``: ``z`` and the detail pane."""

    query: Any
    app: Any

    def action_density(self) -> None:
        """Cards or one line per post (with the highlighted post in full); remembered."""
        self.app.ui_state.compact = not self.app.ui_state.compact
        self.apply_density()

    def apply_density(self) -> None:
        compact = bool(self.app.ui_state.compact)
        for widget in self.query(PostList):
            if widget.compact != compact:
                widget.set_compact(compact)
        self.show_detail()

    def _shown_list(self) -> PostList | None:
        """The PostList on screen (a profile's Articles tab has none)."""
        for widget in self.query(PostList):
            if widget.display and all(a.display for a in widget.ancestors_with_self[1:-1]):
                return widget
        return None

    def show_detail(self) -> None:
        found = self.query(PostDetail)
        if not found:
            return
        detail = found.first()
        widget = self._shown_list()
        detail.display = bool(self.app.ui_state.compact) and widget is not None
        if detail.display and widget is not None:
            post = widget.highlighted
            post = post if isinstance(post, PostView) else None
            revealed = post is not None and post.id in widget.revealed
            detail.show_post(post, self.app.now(), revealed, widget.pending_actions)

    def action_reveal(self) -> None:
        """Show or hide the highlighted post's text behind its content warning."""
        widget = self._shown_list()
        if widget is not None:
            widget.toggle_warning()
            self.show_detail()

    def on_screen_resume(self) -> None:
        self.apply_density()  # ``z`` may have been pressed on another screen

    def on_virtual_list_cursor_moved(self, event: VirtualList.CursorMoved) -> None:
        if isinstance(event.list, PostList):
            self.show_detail()
