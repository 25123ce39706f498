"""How a timeline announces posts that arrived above the reading position: a line above the
list that jumps to the newest when clicked, and a count in the timeline's tab."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Static


def tab_label(title: str, unread: int) -> str:
    """A tab's title with its count of new posts (``Global 3``, ``Home 99+``)."""
    if unread <= 0:
        return title
    return f"{title} {unread if unread < 100 else '99+'}"


class NewPostsLine(Static):
    """The "▲ N new posts" line above a timeline: a click (or the u key) jumps to the newest."""

    class Pressed(Message):
        """The user clicked the line."""

    def on_click(self) -> None:
        self.post_message(self.Pressed())
