"""The thread screen's two panes: the reply tree (vim keys, capped indent) and the post's text.

A thread can nest hundreds of levels; indenting each one pushes deep replies off an 80-column
terminal. Past ``MAX_INDENT`` levels replies stay at that indent and show their depth as a
number (``↳9``). A post may be 4 KiB, far taller than the text pane, so the pane scrolls and
takes focus (tab), with the same keys as the lists.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets.tree import TreeNode

from tui.ui.widgets.safe_tree import SafeTree

MAX_INDENT = 4
"""Tree levels drawn as indentation; deeper replies show their depth as ``↳N`` instead."""


def depth_mark(depth: int) -> Content:
    """``↳9 ``: the depth of a reply drawn at the capped indent ("" above the cap)."""
    if depth < MAX_INDENT:
        return Content("")
    return Content.from_markup("[b]↳$depth[/b] ", depth=str(depth))


class ThreadTree(SafeTree):
    """The reply tree, with the lists' keys and a cursor that stays in view on resize."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", id="thread.down", tooltip="Next post in the thread", show=False),
        Binding("k,up", "cursor_up", "Up", id="thread.up", tooltip="Previous post in the thread", show=False),
        Binding("g,home", "first", "Top", id="thread.top", tooltip="The thread's first post", show=False),
        Binding("G,end", "last", "End", id="thread.end", tooltip="The thread's last post", show=False),
    ]  # fmt: skip

    def add_capped(self, parents: list[TreeNode[Any]], depth: int, label: Any, data: Any) -> Any:
        """Add a node at ``depth`` under ``parents[depth - 1]``, the indent capped.

        ``parents`` holds the last node added at each drawn level (the root first); it is
        updated here. Beyond ``MAX_INDENT`` the node goes under the node at the cap, so its
        label carries its depth.
        """
        level = min(depth, MAX_INDENT)
        del parents[level + 1 :]
        node = parents[level].add(label, data=data, expand=True, allow_expand=False)
        parents[level].allow_expand = True
        parents.append(node)
        return node

    def action_first(self) -> None:
        self.move_cursor_to_line(0)

    def action_last(self) -> None:
        self.move_cursor_to_line(self.last_line)

    def on_resize(self, event: Resize) -> None:
        # The cursor line is kept, but the scroll offset is not moved to show it.
        self.call_after_refresh(self._show_cursor)

    def _show_cursor(self) -> None:
        node = self.cursor_node
        if node is not None:
            self.scroll_to_node(node, animate=False)


class ThreadText(VerticalScroll):
    """The highlighted post in full; focused with tab to read a long one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", id="thread.text_down", tooltip="Scroll the post's text down", show=False),
        Binding("k,up", "scroll_up", "Up", id="thread.text_up", tooltip="Scroll the post's text up", show=False),
        Binding("space,pagedown", "page_down", "Page down", id="thread.text_page_down", tooltip="Next page of the post's text", show=False),
        Binding("pageup", "page_up", "Page up", id="thread.text_page_up", tooltip="Previous page of the post's text", show=False),
        Binding("g,home", "scroll_home", "Top", id="thread.text_top", tooltip="Start of the post's text", show=False),
        Binding("enter", "app.tag", "Open tag", id="thread.text_tag", tooltip="Open a #tag of this post: its timeline", show=False),
        Binding("G,end", "scroll_end", "End", id="thread.text_end", tooltip="End of the post's text", show=False),
        Binding("escape", "replies", "Replies", id="thread.text_close", tooltip="Back to the reply tree"),
    ]  # fmt: skip

    can_focus = True

    def action_replies(self) -> None:
        self.screen.query_one(ThreadTree).focus()
