"""A community's timeline as a virtual list's rows: keyset pages, fetched in order."""

from __future__ import annotations

import threading
from typing import Any

from tui.core.index.community_views import CommunityPostView
from tui.ui.widgets.virtual_list import PAGE


class CommunityTimelineSource:
    """Positions 0..count-1 (newest first) of one community's timeline, a page at a time.

    A page is read with ``before_id`` from the last post of the page above it, so a jump to a
    deep page reads the pages on the way (each one indexed lookup), never an OFFSET scan.
    """

    generation = 0

    def __init__(self, source: Any, community: int, *, experts_only: bool = False) -> None:
        self.source = source
        self.community = community
        self.experts_only = experts_only
        """Only the posts of the community's acknowledged experts."""
        self.count = 0
        self._pages: dict[int, list[CommunityPostView]] = {}
        self._lock = threading.Lock()

    def load(self) -> None:
        """Count the timeline and read its first page (blocks)."""
        self.count = self.source.timeline_count(self.community, experts_only=self.experts_only)
        self._pages = {}
        self.fetch(0)

    def get(self, index: int) -> CommunityPostView | None:
        page = self._pages.get(index // PAGE)
        if page is None or index % PAGE >= len(page):
            return None
        return page[index % PAGE]

    def fetch(self, index: int) -> bool:
        wanted = index // PAGE
        with self._lock:
            for number in range(wanted + 1):
                if number in self._pages:
                    continue
                before = None
                if number:
                    above = self._pages.get(number - 1)
                    if not above:
                        return False
                    before = above[-1].post.id
                self._pages[number] = self.source.timeline(
                    self.community, before, PAGE, experts_only=self.experts_only
                )
        return True

    def key(self, item: Any) -> int:
        return int(item.post.id)
