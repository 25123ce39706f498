"""The in-memory backend: fixed data for fast tests, snapshots and screenshots.

It answers every ``Backend`` method from lists held in memory (no chain, no SQLite, no
keyring), so screens can be tested deterministically; ``tui.ui.backend`` re-exports it.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tui.core.errors import ChainError, ContentError, NotFoundError
from tui.core.models import (
    ArticleView,
    ContentStatus,
    NotificationView,
    PostView,
    ProfileView,
    ThreadNode,
    ThreadView,
)
from tui.ui.backend import StatusView, SyncState, TimelineKind
from tui.ui.pending import NO_PENDING, PendingActions, decode_intents

if TYPE_CHECKING:
    from tui.ui.ipfs import FetchedContent
    from tui.ui.writes import Writer

FAKE_NOW = 1_750_000_000
"""The fixed clock the fake's data is relative to (tests pass it as ``now``)."""

FAKE_ME = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
FAKE_PEOPLE: dict[str, tuple[str, str]] = {
    FAKE_ME: ("Ada", "Building Agora. Keys in the keyring, posts on IPFS."),
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": ("Brendan", "Gardens, governance, gas."),
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC": ("", ""),
    "0x90F79bf6EB2c4f870365E785982E1f87e4e9a78f": ("Chidi [b]bold?[/b]", "Moral philosophy."),
}
_TEXTS = [
    "Hello, Agora! First post from the terminal.",
    "Content-addressed posts mean nobody can silently edit what you said.",
    "Reading the Vyper docs tonight. Reentrancy locks are the first thing I check.",
    "[@click=app.quit]Click me[/] — markup in posts is shown as text, never run.",
    "Tipped my favourite writer 0.01 ETH today. Feels good to pay people directly.",
    "Long post: " + "decentralised social media should be boring infrastructure. " * 4,
    "Spoilers for the finale below.",
    "gm",
]
_WEI = 10**18


def _fake_posts(count: int) -> list[PostView]:
    people = list(FAKE_PEOPLE)
    posts: list[PostView] = []
    statuses = [
        ContentStatus.VERIFIED,
        ContentStatus.VERIFIED,
        ContentStatus.VERIFIED,
        ContentStatus.PENDING,
        ContentStatus.VERIFIED,
        ContentStatus.UNAVAILABLE,
        ContentStatus.VERIFIED,
        ContentStatus.INVALID,
    ]
    for i in range(1, count + 1):
        author = people[i % len(people)]
        status = statuses[i % len(statuses)]
        text = _TEXTS[i % len(_TEXTS)] if status is not ContentStatus.INVALID else ""
        parent = i - 1 if i % 5 == 0 and i > 1 else 0
        posts.append(
            PostView(
                id=i,
                author=author,
                parent=parent,
                cid=f"bafkreifake{i:06d}",
                text=text,
                content_status=status,
                block=10 + i,
                tx_hash="0x" + f"{i:064x}",
                timestamp=FAKE_NOW - (count - i + 1) * 420,
                replies=(i * 7) % 4,
                reposts=(i * 3) % 3,
                tips_wei=(i % 3) * _WEI // 100,
                finalized=i < count - 3,
                author_name=FAKE_PEOPLE[author][0],
                content_warning="finale spoilers" if i % len(_TEXTS) == 6 else "",
                tags=("vyper", "security") if i % len(_TEXTS) == 2 else (),
            )
        )
    return posts


class FakeBackend:
    """In-memory backend with fixed, deterministic data (named fake: not for production).

    ``posts`` sets how many posts exist (the virtual list is tested with 100,000);
    ``offline`` makes ``status`` report an unreachable node, as when the RPC is down.
    """

    def __init__(self, posts: int = 24, *, offline: bool = False, account: str = FAKE_ME) -> None:
        self._lock = threading.Lock()
        self._posts = _fake_posts(posts)
        self._by_id = {p.id: p for p in self._posts}
        self.offline = offline
        self.account = account
        from tui.ui.writes import FakeWriter

        self.writer: Writer = FakeWriter(active=account)  # write side (E2)
        self.block = 10 + posts
        self.outbox = 1 if posts else 0
        self.fake_outbox_intents: list[dict[str, Any]] = []
        """Intents of the user's own unconfirmed transactions, shaped as the outbox keeps them."""
        self.fake_ipfs: dict[str, bytes] = {}
        """The fake's in-memory IPFS: CID → bytes (store wrong bytes to show "invalid")."""
        self.wanted: list[str] = []
        """CIDs the screens asked to fetch first (``want_content``), in order."""
        self.followed: set[str] = {
            a
            for a in FAKE_PEOPLE
            if a not in (account, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")
        }
        self._articles = [
            ArticleView(
                id=2,
                author="0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                owner="0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                cid="bafkreiarticle2",
                title="Why tips beat ads",
                description="Paying writers directly, in ETH, from a terminal.",
                body_cid="bafkreiarticlebody2",
                price_wei=5 * _WEI // 1000,
                max_editions=100,
                editions=37,
                content_status=ContentStatus.VERIFIED,
                block=12,
                tx_hash="0x" + "ab" * 32,
                timestamp=FAKE_NOW - 86_400,
                author_name="Brendan",
            ),
            ArticleView(
                id=1,
                author=FAKE_ME,
                owner=FAKE_ME,
                cid="bafkreiarticle1",
                title="Agora: a field guide",
                description="How posts, tips and articles fit together.",
                body_cid="bafkreiarticlebody1",
                price_wei=0,
                max_editions=0,
                editions=0,
                content_status=ContentStatus.PENDING,
                block=11,
                tx_hash="0x" + "cd" * 32,
                timestamp=FAKE_NOW - 3 * 86_400,
                author_name="Ada",
            ),
        ]

    # --- helpers for tests -----------------------------------------------------------------
    def stop_writer(self) -> None:
        """The app is closing: a held transaction ends pending, as with the real writer."""
        self.writer.stop()

    def add_posts(self, count: int, author: str | None = None) -> list[PostView]:
        """Append ``count`` new posts (as if the indexer just saw them)."""
        with self._lock:
            start = self._posts[-1].id if self._posts else 0
            new = [
                PostView(
                    id=start + n,
                    author=author or FAKE_ME,
                    parent=0,
                    cid=f"bafkreinew{start + n:06d}",
                    text=f"Fresh post number {start + n}.",
                    content_status=ContentStatus.VERIFIED,
                    block=self.block + n,
                    tx_hash="0x" + f"{start + n:064x}",
                    timestamp=FAKE_NOW - 10,
                    author_name=FAKE_PEOPLE.get(author or FAKE_ME, ("", ""))[0],
                )
                for n in range(1, count + 1)
            ]
            self._posts.extend(new)
            self._by_id.update({p.id: p for p in new})
            self.block += count
            return new

    def _filtered(self, kind: str) -> list[PostView]:
        from tui.core.timeline_view import parse_kind

        view = parse_kind(kind)
        rows = self._posts
        if view.no_replies:
            rows = [p for p in rows if not p.parent]
        if view.base == TimelineKind.HOME:
            keep = self.followed | {self.account}
            return [p for p in rows if p.author in keep]
        if view.base == "communities":  # the fake communities' index, read by the real views
            return self._community_posts(kind)
        if view.base.startswith("tag:"):
            from tui.core.tags import post_tags, tag_name

            tag = tag_name(view.base.removeprefix("tag:"))
            return [p for p in rows if tag in post_tags(p)]
        if view.base.startswith("list:"):
            from tui.core.lists import PeopleLists

            people = set(PeopleLists.load().members(view.base.removeprefix("list:")))
            return [p for p in rows if p.author in people]
        return rows

    def _community_posts(self, kind: str) -> list[PostView]:
        """The Communities timeline over the fake communities (tui.ui.backends.communities),
        ascending by id like the other fake timelines."""
        from tui.core.index.views import IndexViews
        from tui.ui.backends.communities import FakeCommunities, communities_of

        fake = communities_of(self)
        assert isinstance(fake, FakeCommunities)
        with fake._lock:
            return IndexViews(fake.conn, self.account).timeline(kind, limit=1000)[::-1]

    def _community_thread(self, post_id: int) -> ThreadView | None:
        """A thread of the fake communities' posts (their ids follow the fake's own posts),
        read by the real views as the Communities tab reads them; None for other ids."""
        from tui.core.index.views import IndexViews
        from tui.ui.backends.communities import FakeCommunities, communities_of

        fake = communities_of(self)
        assert isinstance(fake, FakeCommunities)
        with fake._lock:
            try:
                return IndexViews(fake.conn, self.account).thread(post_id)
            except NotFoundError:
                return None

    # --- read side ----------------------------------------------------------------------
    def timeline(
        self,
        kind: str,
        before_id: int | None = None,
        limit: int = 50,
        *,
        after_id: int | None = None,
        offset: int | None = None,
    ) -> list[PostView]:
        with self._lock:
            rows = self._filtered(kind)  # ascending by id
            if offset is not None:
                end = max(len(rows) - offset, 0)
                return rows[max(end - limit, 0) : end][::-1]
            if after_id is not None:
                older = [p for p in rows if p.id > after_id][:limit]
                return older[::-1]
            if before_id is not None:
                rows = [p for p in rows if p.id < before_id]
            return rows[-limit:][::-1] if limit else []

    def timeline_count(self, kind: str, newer_than: int | None = None) -> int:
        with self._lock:
            rows = self._filtered(kind)
            if newer_than is None:
                return len(rows)
            return sum(1 for p in rows if p.id > newer_than)

    def thread(self, post_id: int) -> ThreadView:
        if post_id not in self._by_id and (found := self._community_thread(post_id)):
            return found
        with self._lock:
            post = self._by_id.get(post_id)
            if post is None:
                raise NotFoundError(f"Post #{post_id} does not exist (or is not indexed yet).")
            ancestors: list[PostView] = []
            cursor = post
            while cursor.parent and cursor.parent in self._by_id:
                cursor = self._by_id[cursor.parent]
                ancestors.append(cursor)
            children: dict[int, list[PostView]] = {}
            for p in self._posts:
                children.setdefault(p.parent, []).append(p)

            def tree(pid: int, depth: int) -> tuple[ThreadNode, ...]:
                if depth > 20:
                    return ()
                return tuple(
                    ThreadNode(c, tree(c.id, depth + 1)) for c in children.get(pid, [])[:50]
                )

            return ThreadView(post=post, ancestors=tuple(ancestors[::-1]), replies=tree(post.id, 0))

    def profile(self, address: str) -> ProfileView:
        with self._lock:
            name, bio = FAKE_PEOPLE.get(address, ("", ""))
            own = [p for p in self._posts if p.author == address]
            return ProfileView(
                address=address,
                name=name,
                bio=bio,
                avatar="bafkreiavatar" if name else "",
                avatar_verified=bool(name) and address == FAKE_ME,
                cid="bafkreiprofile" if name else "",
                content_status=ContentStatus.VERIFIED if name else ContentStatus.PENDING,
                followers=len(address) % 7,
                following=3,
                posts=len(own),
                tips_received_wei=sum(p.tips_wei for p in own),
                followed_by_me=address in self.followed,
            )

    def posts_by(self, address: str, limit: int = 50) -> list[PostView]:
        with self._lock:
            return [p for p in reversed(self._posts) if p.author == address][:limit]

    def articles(self, author: str | None = None, limit: int = 200) -> list[ArticleView]:
        return [a for a in self._articles if author is None or a.author == author][:limit]

    def notifications(self, limit: int = 200) -> list[NotificationView]:
        other = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
        items = [
            NotificationView(
                "tip", other, 40, FAKE_NOW - 60, "0x" + "01" * 32, post_id=1, amount_wei=_WEI // 100,
                actor_name="Brendan",
            ),
            NotificationView(
                "reply", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", 39, FAKE_NOW - 3600,
                "0x" + "02" * 32, post_id=5, text="Agreed — and receipts are public.",
            ),
            NotificationView(
                "follow", "0x90F79bf6EB2c4f870365E785982E1f87e4e9a78f", 38, FAKE_NOW - 7200,
                "0x" + "03" * 32, actor_name="Chidi [b]bold?[/b]",
            ),
            NotificationView(
                "collect", other, 37, FAKE_NOW - 90_000, "0x" + "04" * 32, article_id=1,
                amount_wei=0, actor_name="Brendan",
            ),
        ]  # fmt: skip
        return items[:limit]

    def search(self, query: str, limit: int = 100) -> list[PostView]:
        words = [w.lower() for w in query.split() if w]
        if not words:
            return []
        with self._lock:
            hits = [p for p in reversed(self._posts) if all(w in p.text.lower() for w in words)]
        return hits[:limit]

    def article_body(self, article: ArticleView) -> str:
        if article.content_status is not ContentStatus.VERIFIED:
            raise ContentError(f"Article #{article.id}'s body is not available yet.")
        return f"# {article.title}\n\n{article.description}\n\nSee <https://example.org/agora>.\n"

    def status(self) -> StatusView:
        if self.offline:
            return StatusView(
                network="devnet",
                chain_id=31337,
                block=self.block,
                sync=SyncState.OFFLINE,
                account=self.account,
                account_label="ada",
                balance_wei=None,
                outbox=self.outbox,
                error="Cannot reach the RPC node (connection refused).",
            )
        return StatusView(
            network="devnet",
            chain_id=31337,
            block=self.block,
            sync=SyncState.SYNCED,
            account=self.account,
            account_label="ada",
            balance_wei=9_999 * _WEI + 123 * _WEI // 1000,
            outbox=self.outbox,
        )

    def refresh(self) -> int:
        if self.offline:
            raise ChainError("Cannot reach the RPC node (connection refused).")
        return 0

    def fetch_content(self) -> int:
        return 0

    def want_content(self, cids: list[str]) -> None:
        with self._lock:
            self.wanted.extend(cids)

    def pending_actions(self) -> PendingActions:
        with self._lock:
            intents = list(self.fake_outbox_intents)
        return decode_intents(intents) if intents else NO_PENDING

    def fetch_verified(self, cid: str) -> FetchedContent:
        from tui.core.content.cid import verify
        from tui.ui.ipfs import FetchedContent, FetchOutcome, classify, unsupported

        refused = unsupported(cid)
        if refused is not None:
            return refused
        data = self.fake_ipfs.get(cid)
        if data is None:
            return FetchedContent(
                cid, FetchOutcome.UNAVAILABLE, detail="Not in the fake in-memory IPFS store."
            )
        if not verify(cid, data):
            return FetchedContent(
                cid, FetchOutcome.INVALID, detail="Served by the fake in-memory IPFS store."
            )
        return classify(cid, data, "fake in-memory store")

    # --- helpers for tests (write side) ----------------------------------------------------
    def add_fake_block(self, data: bytes) -> str:
        """Put ``data`` in the fake IPFS under its real CID and return the CID."""
        import hashlib

        from tui.core.content.cid import cid_from_digest

        cid = cid_from_digest(hashlib.sha256(data).digest())
        self.fake_ipfs[cid] = data
        return cid

    def pend(self, kind: str, *args: object, value_wei: int = 0) -> None:
        """Record an own unconfirmed transaction as the outbox would (◷ markers in snapshots)."""
        intent = {"kind": kind, "args": [str(a) for a in args], "value_wei": str(value_wei)}
        with self._lock:
            self.fake_outbox_intents.append(intent)
            self.outbox += 1

    def confirm_pending(self) -> None:
        """Every fake pending transaction confirmed (or failed): the markers go."""
        with self._lock:
            self.outbox = max(self.outbox - len(self.fake_outbox_intents), 0)
            self.fake_outbox_intents.clear()

    def mark_pending(self, post_id: int) -> None:
        """Show a post as the user's own unconfirmed action (for tests of the marker)."""
        with self._lock:
            post = self._by_id[post_id]
            new = replace(post, pending=True)
            self._by_id[post_id] = new
            self._posts = [new if p.id == post_id else p for p in self._posts]
