"""Communities as the screens read them: a Protocol, the core implementation, and a fake.

``CoreCommunities`` reads the real backend's open index through ``CommunityViews``. The fake
(``FakeCommunities``) is not a copy of those views: it builds a small in-memory SQLite index
from fixed events with the real decoder, so snapshots and pilot tests show exactly what the
views return. Methods block: call them from thread workers.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any, Protocol

from tui.core.attest.rules import Endorsement
from tui.core.errors import UsageError
from tui.core.index.community_views import (
    CommunityDetail,
    CommunityPostView,
    CommunitySummary,
    CommunityViews,
    LogEntryView,
    ProposalView,
)


class CommunitySource(Protocol):
    """What the Communities screens read."""

    def directory(self, search: str = "") -> list[CommunitySummary]: ...
    def detail(self, community: int) -> CommunityDetail: ...
    def timeline(
        self, community: int, before_id: int | None = None, limit: int = 50,
        *, experts_only: bool = False,
    ) -> list[CommunityPostView]: ...  # fmt: skip
    def timeline_count(self, community: int, *, experts_only: bool = False) -> int: ...
    def log(self, community: int) -> list[LogEntryView]: ...
    def members(self, community: int) -> list[str]: ...
    def proposals(self, community: int) -> list[ProposalView]: ...
    def experts(self, community: int) -> list[Endorsement]: ...
    def badges(self, community: int) -> dict[str, str]: ...
    def post_badges(self, post_ids: list[int]) -> dict[int, str]: ...
    def account(self) -> str:
        """The active account's address ("" when none): who "you" is on these screens."""
        ...


class _ViewsSource:
    """Delegates every read to ``CommunityViews`` over a connection, under a lock."""

    def _run(self, name: str, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    def directory(self, search: str = "") -> list[CommunitySummary]:
        result: list[CommunitySummary] = self._run("communities", search)
        return result

    def detail(self, community: int) -> CommunityDetail:
        result: CommunityDetail = self._run("community", community)
        return result

    def timeline(
        self, community: int, before_id: int | None = None, limit: int = 50,
        *, experts_only: bool = False,
    ) -> list[CommunityPostView]:  # fmt: skip
        result: list[CommunityPostView] = self._run(
            "timeline", community, before_id, limit, experts_only=experts_only
        )
        return result

    def timeline_count(self, community: int, *, experts_only: bool = False) -> int:
        return int(self._run("timeline_count", community, experts_only=experts_only))

    def log(self, community: int) -> list[LogEntryView]:
        result: list[LogEntryView] = self._run("log", community)
        return result

    def members(self, community: int) -> list[str]:
        result: list[str] = self._run("members", community)
        return result

    def proposals(self, community: int) -> list[ProposalView]:
        result: list[ProposalView] = self._run("proposals", community)
        return result

    def experts(self, community: int) -> list[Endorsement]:
        result: list[Endorsement] = self._run("experts", community)
        return result

    def badges(self, community: int) -> dict[str, str]:
        result: dict[str, str] = self._run("badges", community)
        return result

    def post_badges(self, post_ids: list[int]) -> dict[int, str]:
        result: dict[int, str] = self._run("post_badges", post_ids)
        return result


class CoreCommunities(_ViewsSource):
    """Reads over ``CoreBackend``'s index (the same connection and lock its timelines use)."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def account(self) -> str:
        return str(self.backend.account() or "")

    def _run(self, name: str, *args: Any, **kwargs: Any) -> Any:
        index = self.backend._store()
        if index is None:
            raise UsageError("The local index is not open yet: the network is starting.")
        with self.backend._read_lock:
            self.backend._sync_me(index)
            views = CommunityViews(index.conn, index.me)
            return getattr(views, name)(*args, **kwargs)

    def _pending(self, community: int) -> list[CommunityPostView]:
        """The user's own posts into ``community`` still in the outbox: ◷ rows on top, as
        Home shows the user's unconfirmed posts (their ids are negative)."""
        import dataclasses

        label = f"community #{community}"
        rows = self.backend.pending_posts("communities")
        return [
            CommunityPostView(dataclasses.replace(p, community=""), community)
            for p in rows
            if p.community == label
        ]

    def timeline(
        self, community: int, before_id: int | None = None, limit: int = 50,
        *, experts_only: bool = False,
    ) -> list[CommunityPostView]:  # fmt: skip
        if experts_only:  # the experts filter shows indexed posts only
            return super().timeline(community, before_id, limit, experts_only=True)
        if before_id is not None and before_id <= 0:
            before_id = None  # paging on below a pending row starts at the newest indexed
        elif before_id is None:
            pending = self._pending(community)[:limit]
            if len(pending) >= limit:
                return pending
            return pending + super().timeline(community, None, limit - len(pending))
        return super().timeline(community, before_id, limit)

    def timeline_count(self, community: int, *, experts_only: bool = False) -> int:
        count = super().timeline_count(community, experts_only=experts_only)
        return count if experts_only else count + len(self._pending(community))


class FakeCommunities(_ViewsSource):
    """Fixed communities in an in-memory index (named fake: tests, snapshots, screenshots)."""

    def __init__(self, me: str = "") -> None:
        from tui.ui.backends.fake_communities import build

        self._lock = threading.Lock()
        self.conn = build()
        self.me = me

    def account(self) -> str:
        return self.me

    def _run(self, name: str, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return getattr(CommunityViews(self.conn, self.me), name)(*args, **kwargs)


_FAKES: weakref.WeakKeyDictionary[Any, FakeCommunities] = weakref.WeakKeyDictionary()


def communities_of(backend: Any) -> CommunitySource:
    """The community reads for ``backend``: the core's over its index, else the fake's."""
    if hasattr(backend, "_store") and hasattr(backend, "_read_lock"):
        return CoreCommunities(backend)
    fake = _FAKES.get(backend)
    if fake is None:
        fake = _FAKES[backend] = FakeCommunities(getattr(backend, "account", ""))
    return fake
