"""Post timelines as virtual lists: keyset paging over the backend, live inserts at the top."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual.content import Content

from tui.core.models import PostView, unfetched
from tui.ui.backend import Backend
from tui.ui.pending import NO_PENDING, PendingActions, pending_of
from tui.ui.startup import after_first_paint
from tui.ui.widgets.avatar_gutter import with_avatar
from tui.ui.widgets.post_card import ITEM_HEIGHT, post_lines
from tui.ui.widgets.post_row import compact_post_line
from tui.ui.widgets.virtual_list import CACHE_LIMIT, PAGE, VirtualList


class TimelineSource:
    """Positions 0..count-1 of a timeline (newest first), loaded a page at a time by keyset.

    Sequential scrolling pages with ``before_id``/``after_id`` from a loaded neighbour; the
    first and last pages come straight from the ends; only a jump into the unloaded middle
    (a scrollbar drag) falls back to ``offset``.
    """

    def __init__(self, backend: Backend, kind: str) -> None:
        self.backend = backend
        self.kind = kind
        self.count = 0
        self.generation = 0
        self._items: dict[int, PostView] = {}
        self._lock = threading.Lock()
        self.pending: PendingActions = NO_PENDING
        """The user's own unconfirmed actions, read with each (re)load: ◷ markers on cards."""
        self.arrived = 0
        """Posts above the loaded position that are newer than the newest one seen (``load``)."""
        self.read_mark = 0
        """Id of the oldest post newer than the newest one seen: the "read up to here" line is
        drawn under it (0: no line)."""

    def get(self, index: int) -> PostView | None:
        return self._items.get(index)

    def key(self, item: Any) -> int:
        return int(item.id)

    def index_of(self, post_id: int) -> int | None:
        with self._lock:
            for index, post in self._items.items():
                if post.id == post_id:
                    return index
        return None

    def _store(self, start: int, rows: list[PostView], generation: int) -> bool:
        self.backend.want_content(unfetched(rows))  # this page is on screen: fetch it first
        with self._lock:
            if generation != self.generation:
                return False  # items shifted while we were fetching: drop the stale page
            for offset, post in enumerate(rows):
                if 0 <= start + offset < self.count:
                    self._items[start + offset] = post
            if len(self._items) > CACHE_LIMIT:
                centre = start
                far = sorted(self._items, key=lambda i: -abs(i - centre))
                for index in far[: len(self._items) - CACHE_LIMIT // 2]:
                    del self._items[index]
            return True

    def load(self, anchor_id: int | None = None, seen_id: int | None = None) -> int:
        """Count the timeline and load the page around ``anchor_id``; return its position.

        ``arrived`` becomes how many of the posts above that position are newer than
        ``seen_id`` (the newest post the user saw; all of them when it is unknown).
        """
        with self._lock:
            generation = self.generation
        self.pending = pending_of(self.backend)
        self.arrived = 0
        count = self.backend.timeline_count(self.kind)
        self.count = count
        if not count:
            return 0
        if anchor_id is None:
            self._store(0, self.backend.timeline(self.kind, None, PAGE), generation)
            return 0
        position = self.backend.timeline_count(self.kind, newer_than=anchor_id)
        below = self.backend.timeline(self.kind, anchor_id + 1, PAGE)
        if not below:
            self._store(0, self.backend.timeline(self.kind, None, PAGE), generation)
            return 0
        self._store(position, below, generation)
        if position:
            above = self.backend.timeline(self.kind, limit=min(PAGE, position), after_id=anchor_id)
            self._store(position - len(above), above, generation)
            if seen_id is None or seen_id <= anchor_id:
                self.arrived = position
            else:
                self.arrived = min(
                    position, self.backend.timeline_count(self.kind, newer_than=seen_id)
                )
        return position

    def fetch(self, index: int) -> bool:
        with self._lock:
            generation = self.generation
            before = self._items.get(index - 1)
            after = self._items.get(index + 1)
        if index < PAGE and before is None:
            return self._store(0, self.backend.timeline(self.kind, None, PAGE), generation)
        if before is not None:
            rows = self.backend.timeline(self.kind, before.id, PAGE)
            return self._store(index, rows, generation)
        if after is not None:
            want = min(PAGE, index + 1)
            rows = self.backend.timeline(self.kind, limit=want, after_id=after.id)
            return self._store(index + 1 - len(rows), rows, generation)
        if index >= self.count - PAGE:
            want = min(PAGE, self.count)
            rows = self.backend.timeline(self.kind, limit=want, after_id=0)
            return self._store(self.count - len(rows), rows, generation)
        start = max(index - PAGE // 2, 0)
        rows = self.backend.timeline(self.kind, None, PAGE, offset=start)
        return self._store(start, rows, generation)

    def newer_count(self) -> int:
        """How many posts arrived above the newest loaded one (blocks)."""
        top = self._items.get(0)
        if top is None or top.id <= 0:  # not loaded, or a pending row of the user's own
            return 0
        return self.backend.timeline_count(self.kind, newer_than=top.id)

    def shift(self, count: int) -> None:
        """``count`` new posts were inserted at the top: move every loaded index down."""
        with self._lock:
            self.generation += 1
            self._items = {index + count: post for index, post in self._items.items()}
            self.count += count


def read_line(width: int) -> Content:
    """The line under the oldest unread post: what is below was read in an earlier session."""
    label = " read up to here "
    side = max((width - len(label)) // 2, 2)
    return Content.from_markup("[$accent]$line[/]", line="─" * side + label + "─" * side)


AGES_INTERVAL = 15.0
"""Seconds between looks at the clock: the rows are drawn again when the minute changes, so
the ages on them ("now", "5m") move on while the list stays open."""


class PostList(VirtualList):
    """A virtual list of posts, with per-post content-warning reveal."""

    def __init__(
        self,
        source: Any,
        now: Callable[[], float],
        *,
        empty: str = "No posts yet.",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self.revealed: set[int] = set()
        self._now = now
        self._age_minute = int(now() // 60)
        """The minute the cached rows' ages were computed in."""
        self.pending: PendingActions = NO_PENDING
        """Markers for lists whose source does not read them itself (a profile's posts)."""
        self.compact = False
        """One line per post (the compact density) instead of cards."""
        self._thumbs_tried: set[str] = set()
        """Card images already asked for (each is fetched once per list)."""
        self.avatars = True
        """Small verified avatars beside authors (the ``[images]`` settings; never compact)."""
        super().__init__(source, self._render_post, empty=empty, id=id, classes=classes)
        self.is_short = self._collapsed

    def _collapsed(self, post: Any) -> bool:
        """A post a mute or filter collapsed is one line, until ``v`` (the read line's post
        keeps its card: the line is drawn in it)."""
        return (
            isinstance(post, PostView)
            and post.filtered is not None
            and post.id not in self.revealed
            and post.id != getattr(self.source, "read_mark", 0)
        )

    def on_mount(self) -> None:
        from tui.ui.faces import avatars_enabled

        self.avatars = avatars_enabled(self.app)
        self.set_interval(AGES_INTERVAL, self.refresh_ages)

    def refresh_ages(self) -> None:
        """Redraw the rows if the minute changed since they were drawn (rows are cached)."""
        minute = int(self._now() // 60)
        if minute != self._age_minute:
            self._age_minute = minute
            self.invalidate()

    def _want_face(self, address: str) -> None:
        from tui.ui.faces import want

        want(self.app, address)

    def set_compact(self, compact: bool) -> None:
        """Switch between cards and one line per post, keeping the highlighted post."""
        self.compact = compact
        self.set_item_height(1 if compact else ITEM_HEIGHT)
        self.invalidate()

    @property
    def pending_actions(self) -> PendingActions:
        pending = getattr(self.source, "pending", None)
        return pending if isinstance(pending, PendingActions) else self.pending

    def _render_post(self, post: PostView, width: int) -> list[Content]:
        draw = compact_post_line if self.compact else post_lines

        def lines_at(inner: int) -> list[Content]:
            revealed = post.id in self.revealed
            if self.compact or not post.attachments:
                return draw(post, inner, self._now(), revealed, self.pending_actions)
            # its first image, small, at the right, the text wrapped to the room beside it
            from tui.ui.widgets.thumbnails import thumbnail_room, with_thumbnail

            room = thumbnail_room(post, inner, revealed)
            lines = draw(post, room, self._now(), revealed, self.pending_actions)
            return with_thumbnail(lines, post, inner, revealed)

        if self.compact or not self.avatars or post.filtered is not None:
            lines = lines_at(width - 1)
        else:  # a small verified avatar beside the author line (tui.ui.widgets.avatar_gutter)
            lines = with_avatar(post.author, width - 1, lines_at, self._want_face)
        if not self.compact and post.attachments:
            self._want_thumbnail(post)
        if not self.compact and post.id == getattr(self.source, "read_mark", 0):
            lines[-1] = read_line(width - 1)  # a card's blank last line; a compact row has none
        return lines

    def _want_thumbnail(self, post: PostView) -> None:
        """Fetch and decode a card's first image once, in a worker; redraw when it is ready."""
        from tui.ui.widgets.thumbnails import load_image, wants_thumbnail

        wanted = wants_thumbnail(post)
        if wanted is None or wanted.cid in self._thumbs_tried:
            return
        self._thumbs_tried.add(wanted.cid)
        backend = getattr(self.source, "backend", None)

        def load() -> None:
            load_image(backend, wanted)
            self.app.call_from_thread(self.invalidate)

        def start() -> None:
            self.run_worker(load, thread=True, group="card-images", exit_on_error=False)

        after_first_paint(self.app, start)

    def toggle_warning(self) -> None:
        post = self.highlighted
        if isinstance(post, PostView):
            self.revealed ^= {post.id}
            self.invalidate()
