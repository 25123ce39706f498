"""A virtual list on the Line API: only the visible rows are rendered, pages load on demand.

A 100,000-post timeline costs a few hundred rows of widgets-free rendering: the list knows the
item count (for the scrollbar) and asks its ``RowSource`` for the items on screen; missing
pages are fetched in a thread worker (keyset paging in ``TimelineSource``) and drawn when they
arrive. Every item has the same height, so positions are plain arithmetic, except items the
list is told are short (``is_short``: a post a mute or filter collapsed) which take one line:
their indices are kept sorted, so a position is still arithmetic plus one bisection. They are
learnt as pages arrive, around what is on screen, and the item at the top of the view stays put
when they are.
"""

from __future__ import annotations

import textwrap
import threading
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from tui.ui.widgets.post_card import ITEM_HEIGHT

T = TypeVar("T")
PAGE = 100
"""Items fetched per page."""
CACHE_LIMIT = 4_000
"""Items kept in memory; far-away pages are dropped beyond this."""


class RowSource(Protocol):
    """Where a VirtualList's items come from."""

    count: int
    generation: int

    def get(self, index: int) -> Any | None:
        """The item at ``index`` if loaded (never blocks)."""
        ...

    def fetch(self, index: int) -> bool:
        """Load the page containing ``index`` (blocks: called from a thread worker)."""
        ...

    def key(self, item: Any) -> int:
        """A stable id for an item (remembered as the reading position)."""
        ...


class ListSource(Generic[T]):
    """A source over an already-loaded sequence (search results, notifications…)."""

    generation = 0

    def __init__(self, items: Sequence[T], key: Callable[[Any], int] | None = None) -> None:
        self.items = list(items)
        self.count = len(self.items)
        self._key = key

    def get(self, index: int) -> T | None:
        return self.items[index] if 0 <= index < self.count else None

    def fetch(self, index: int) -> bool:
        return False

    def key(self, item: Any) -> int:
        return self._key(item) if self._key else self.items.index(item)


@dataclass
class _Row:
    lines: list[Strip]


class VirtualList(ScrollView, can_focus=True):
    """A keyboard-driven list of fixed-height items rendered line by line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", id="list.down", tooltip="Next item", show=False),
        Binding("k,up", "cursor_up", "Up", id="list.up", tooltip="Previous item", show=False),
        Binding("g,home", "first", "Top", id="list.top", tooltip="Jump to the newest item", show=False),
        Binding("G,end", "last", "End", id="list.end", tooltip="Jump to the oldest item", show=False),
        Binding("pagedown,space", "page_down", "Page down", id="list.page_down", tooltip="Next page", show=False),
        Binding("pageup", "page_up", "Page up", id="list.page_up", tooltip="Previous page", show=False),
        Binding("enter", "select", "Open", id="list.open", tooltip="Open the highlighted item"),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-list--cursor", "virtual-list--placeholder"}

    DEFAULT_CSS = """
    VirtualList {
        overflow-x: hidden;
        overflow-y: auto;
        height: 1fr;
        & > .virtual-list--cursor { background: $boost; text-style: none; }
        &:focus > .virtual-list--cursor { background: $primary 25%; }
        & > .virtual-list--placeholder { color: $text-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted item."""

    class Selected(Message):
        """The user opened an item (enter or click)."""

        def __init__(self, source_list: VirtualList, item: Any) -> None:
            super().__init__()
            self.list = source_list
            self.item = item

    class CursorMoved(Message):
        """The highlight moved (the screen remembers the reading position)."""

        def __init__(self, source_list: VirtualList, index: int) -> None:
            super().__init__()
            self.list = source_list
            self.index = index

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, VirtualList.CursorMoved) and message.list is self.list

    def __init__(
        self,
        source: RowSource,
        render_item: Callable[[Any, int], list[Content]],
        *,
        empty: str = "Nothing here yet.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.source = source
        self.render_item = render_item
        self.empty = empty
        self._rows: dict[tuple[int, int, int, bool, int], _Row] = {}
        self._loading: set[int] = set()
        self._loading_lock = threading.Lock()
        self._epoch = 0
        """Bumped when how items look changes (e.g. a content warning toggled)."""
        self.waiting = False
        """True until ``set_source``: an empty list then says "loading…", not ``empty``."""
        self.failure = ""
        """Why the items could not be read (shown instead of ``empty``) until ``set_source``."""
        self.item_height = ITEM_HEIGHT
        """Lines per item (1 in the compact post rows): change it with ``set_item_height``."""
        self.is_short: Callable[[Any], bool] | None = None
        """Items for which this is true take one line (a collapsed post), not ``item_height``."""
        self._short: list[int] = []
        """Sorted indices of the loaded items known to be short."""

    # --- geometry -----------------------------------------------------------------------
    def _shorts(self) -> bool:
        return bool(self._short) and self.item_height > 1

    def _offset(self, index: int) -> int:
        """First line of item ``index``."""
        if not self._shorts():
            return index * self.item_height
        return index * self.item_height - (self.item_height - 1) * bisect_left(self._short, index)

    def _height(self, index: int) -> int:
        if not self._shorts():
            return self.item_height
        at = bisect_left(self._short, index)
        return 1 if at < len(self._short) and self._short[at] == index else self.item_height

    def _index_at(self, y: int) -> int:
        """The item drawn on line ``y`` (``count`` past the end)."""
        if not self._shorts():
            return y // self.item_height
        if y >= self._offset(self.source.count):
            return self.source.count
        low, high = 0, max(self.source.count - 1, 0)
        while low < high:  # the last item starting at or above y
            middle = (low + high + 1) // 2
            if self._offset(middle) <= y:
                low = middle
            else:
                high = middle - 1
        return low

    def _measure(self) -> None:
        """Learn which loaded items near the view and the cursor are short; keep the item at
        the top of the view where it is on screen when that changes the layout."""
        if self.is_short is None or self.item_height == 1:
            if self._short:
                self._short = []
                self._update_size()
            return
        count = self.source.count
        top = min(self._index_at(int(self.scroll_y)), max(count - 1, 0))
        into = int(self.scroll_y) - self._offset(top)
        window: set[int] = set()
        for centre in (top, self.cursor):
            window.update(range(max(centre - PAGE, 0), min(centre + 2 * PAGE, count)))
        known = {i for i in self._short if i < count}
        for index in window:
            item = self.source.get(index)
            if item is None:
                continue
            try:
                short = bool(self.is_short(item))
            except Exception:  # a bad item is drawn at full height
                short = False
            if short:
                known.add(index)
            else:
                known.discard(index)
        short_list = sorted(known)
        if short_list == self._short:
            return
        self._short = short_list
        self._update_size()
        self.scroll_to(
            y=max(self._offset(top) + min(into, self._height(top) - 1), 0),
            animate=False,
            immediate=True,
        )

    # --- source management ------------------------------------------------------------
    def set_source(self, source: RowSource, cursor: int = 0) -> None:
        """Replace the items (and move the cursor) without rebuilding the widget."""
        self.source = source
        self.waiting = False
        self.failure = ""
        self._rows.clear()
        self._short = []
        self._update_size()
        self.cursor = min(max(cursor, 0), max(source.count - 1, 0))
        self._measure()
        self.scroll_to(y=self._offset(self.cursor), animate=False, immediate=True)
        self.refresh()

    def fail(self, reason: str) -> None:
        """The items could not be read: say why (already sanitised) instead of "loading…"."""
        self.waiting = False
        self.failure = reason
        self.refresh()

    def items_inserted_above(self, count: int) -> None:
        """``count`` items appeared at the top: keep the same items on screen."""
        self._rows.clear()
        self._short = [i + count for i in self._short]
        self._update_size()
        self.cursor += count
        self.scroll_to(y=self.scroll_y + count * self.item_height, animate=False, immediate=True)
        self.refresh()

    def set_item_height(self, height: int) -> None:
        """Draw every item in ``height`` lines from now on, keeping the cursor on its item."""
        if height == self.item_height:
            return
        self.item_height = max(height, 1)
        self._rows.clear()
        self._update_size()
        self._measure()
        self.cursor = self.cursor  # scrolls the highlighted item back into view
        self.refresh()

    def invalidate(self) -> None:
        """Redraw every row (after data or presentation changed)."""
        self._epoch += 1
        self._rows.clear()
        self._measure()
        self.refresh()

    def _update_size(self) -> None:
        height = self.source.count * self.item_height
        if self._shorts():
            height -= (self.item_height - 1) * len(self._short)
        self.virtual_size = Size(max(self.size.width, 1), height)

    def on_mount(self) -> None:
        self._update_size()
        # Rows are cached as styled strips: a new theme must redraw them all, or the rows
        # drawn before it keep the old colours (a striped list).
        self.watch(self.app, "theme", lambda _theme: self.invalidate(), init=False)

    def on_resize(self) -> None:
        self._rows.clear()
        self._update_size()

    @property
    def highlighted(self) -> Any | None:
        """The item under the cursor, if loaded."""
        return self.source.get(self.cursor)

    # --- loading ----------------------------------------------------------------------
    def _request(self, index: int) -> None:
        page = index // PAGE
        with self._loading_lock:
            if page in self._loading:
                return
            self._loading.add(page)
        source = self.source

        def load() -> None:
            try:
                changed = source.fetch(index)
            finally:
                with self._loading_lock:
                    self._loading.discard(page)
            if changed and source is self.source and self.is_attached and self.app.is_running:
                self.app.call_from_thread(self._page_loaded)

        self.run_worker(load, thread=True, group="virtual-list-page", exit_on_error=False)

    def _page_loaded(self) -> None:
        self._rows.clear()
        self._measure()
        self.refresh()
        # The highlighted item may have just arrived: say so again, so the screen records it
        # (the reading position; the newest post seen, after a jump to the top).
        self.post_message(self.CursorMoved(self, self.cursor))

    # --- rendering --------------------------------------------------------------------
    def _strip(self, content: Content, width: int, base: Style) -> Strip:
        fitted = content.truncate(max(width - 1, 1), pad=True)
        segments = [
            Segment(text, style.rich_style)
            for text, style in fitted.render(base, "", self._get_style)
        ]
        return Strip(segments, width - 1).extend_cell_length(width, base.rich_style)

    def _row(self, index: int, width: int) -> _Row:
        selected = index == self.cursor
        item = self.source.get(index)
        key = (index, self.source.generation, width, selected, self._epoch)
        cached = self._rows.get(key)
        if cached is not None and item is not None:
            return cached
        if selected:
            base = Style.from_rich_style(self.get_component_rich_style("virtual-list--cursor"))
        else:
            base = Style.from_rich_style(self.rich_style)
        if item is None:
            self._request(index)
            muted = Style.from_rich_style(
                self.get_component_rich_style("virtual-list--placeholder")
            )
            lines = [Content("  loading…")] + [Content("")] * (self.item_height - 1)
            return _Row([self._strip(line, width, base + muted) for line in lines])
        try:
            contents = self.render_item(item, width)
        except Exception:  # one bad item never takes down the list (SECURITY.md §6)
            contents = [Content("  (this item cannot be shown)")]
        height = self._height(index)
        contents = (contents + [Content("")] * height)[:height]
        marker = Content("▌") if selected else Content(" ")
        row = _Row([self._strip(marker + line, width, base) for line in contents])
        if len(self._rows) > 400:
            self._rows.clear()
        self._rows[key] = row
        return row

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        absolute = int(self.scroll_y) + y
        index = self._index_at(absolute)
        offset = absolute - self._offset(index)
        if self.source.count == 0:
            text = self.failure or ("loading…" if self.waiting else self.empty)
            lines = textwrap.wrap(text, max(width - 5, 10)) or [""]
            if 1 <= y <= len(lines):  # wrapped: a reason or a hint is read in full
                return self._strip(Content("  " + lines[y - 1]), width, Style.null())
            return Strip.blank(width, self.rich_style)
        if index >= self.source.count:
            return Strip.blank(width, self.rich_style)
        strips = self._row(index, width).lines
        return strips[offset] if offset < len(strips) else Strip.blank(width, self.rich_style)

    # --- cursor -----------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._rows.clear()
        self.scroll_to_region(
            Region(0, self._offset(new), 1, self._height(new)), animate=False, immediate=True
        )
        self.refresh()
        self.post_message(self.CursorMoved(self, new))

    def validate_cursor(self, value: int) -> int:
        return min(max(value, 0), max(self.source.count - 1, 0))

    @property
    def _page_items(self) -> int:
        return max(self.scrollable_content_region.height // self.item_height, 1)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.source.count - 1

    def action_page_down(self) -> None:
        self.cursor += self._page_items

    def action_page_up(self) -> None:
        self.cursor -= self._page_items

    def action_select(self) -> None:
        item = self.highlighted
        if item is not None:
            self.post_message(self.Selected(self, item))

    def on_click(self, event: Any) -> None:
        index = self._index_at(int(self.scroll_y) + event.y)
        if 0 <= index < self.source.count:
            if index == self.cursor and getattr(event, "chain", 1) >= 2:
                self.action_select()
            self.cursor = index
