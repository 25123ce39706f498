"""What every part of the community screen shares: its state and the helpers its actions use.

``CommunityScreen`` is split by tab: the posts tab and the actions on posts
(``community_posts.PostsTab``), the governance actions (``community_governance``), and the
other tabs' lines (``community_panes``). Each of them builds on ``CommunityScreenBase``.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from tui.core.errors import AgoraError, UsageError
from tui.core.index.community_views import CommunityDetail, CommunityPostView
from tui.core.text import clean_line
from tui.ui.widgets.virtual_list import VirtualList


class CommunityScreenBase(Screen[None]):
    """A community's screen state, and the helpers the posts and governance actions share."""

    def __init__(self, community: int) -> None:
        super().__init__()
        self.community = community
        self.detail: CommunityDetail | None = None
        self._experts: list[Any] = []
        """The acknowledged experts the about tab lists (redrawn when names arrive)."""
        self.tab = "posts"
        self.revealed: set[int] = set()
        self.me = ""
        """The active account, read with each load (moderator actions depend on it)."""
        self.badges: dict[str, str] = {}
        """Author -> expert badge here, for the threads opened from this community."""
        self.avatars = True
        """Small verified avatars beside authors (the ``[images]`` settings allow them)."""

    def load(self) -> Any:
        """Read the community again (a thread worker in ``CommunityScreen``)."""
        raise NotImplementedError

    def _is_moderator(self) -> bool:
        d = self.detail
        me = self.me
        return bool(d and me and (me == d.summary.owner or me in d.moderators))

    def current_post(self) -> CommunityPostView | None:
        item = self.query_one("#community-posts", VirtualList).highlighted
        return item if self.tab == "posts" and isinstance(item, CommunityPostView) else None

    def _need_post(self, what: str) -> CommunityPostView:
        post = self.current_post()
        if post is None:
            raise UsageError(f"{what}: highlight a post on the Posts tab first.")
        return post

    def _rules(self) -> tuple[tuple[int, str], ...]:
        return self.detail.rules if self.detail else ()

    def _guard(self, fn: Any) -> None:
        try:
            fn()
        except AgoraError as exc:
            self.notify(clean_line(exc.message, 300), severity="warning", markup=False)

    def _write(self, summary: str, build: Any, draft: str = "") -> None:
        """Send through the shared confirmation; once confirmed, forget the dialog's draft."""
        from tui.ui.screens.communities.modals import DraftKept

        app: Any = self.app
        app.community_write(summary, build, done=lambda: DraftKept.sent(draft))

    def _draft(self, what: str, target: int | str = "") -> str:
        from tui.core.drafts import community_draft_key

        return community_draft_key(self.community, what, target)
