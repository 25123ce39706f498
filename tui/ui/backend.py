"""What the TUI screens read and write through: a Protocol, an in-memory fake and the real one.

Screens never talk to the chain, the index or the wallet directly; they call a ``Backend``.
Every method is synchronous and may block (SQLite, JSON-RPC, keyring), so screens call them
from thread workers. ``FakeBackend`` (``tui.ui.backends.fake``) holds fixed data for fast tests,
snapshots and screenshots; ``CoreBackend`` wires the real core (index, wallet, actions).
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tui.core.errors import ChainError, ContentError, NotFoundError
from tui.core.models import (
    ArticleView,
    ContentStatus,
    NotificationView,
    PostView,
    ProfileView,
    ThreadView,
)
from tui.core.text import is_digits
from tui.ui.pending import NO_PENDING, PendingActions, decode_intents, one_per_nonce

if TYPE_CHECKING:
    from tui.core.context import AgoraContext
    from tui.ui.backends.fake import FAKE_ME, FAKE_NOW, FAKE_PEOPLE, FakeBackend  # noqa: F401
    from tui.ui.ipfs import FetchedContent  # loaded when a link is opened, not at first paint
    from tui.ui.writes import Writer  # the write side loads on first write, not at first paint


class TimelineKind(StrEnum):
    """The post timelines a user can switch between."""

    HOME = "home"
    """Posts (and reposts) by the accounts the active account follows, plus its own."""
    GLOBAL = "global"
    """Every post on the network."""


class SyncState(StrEnum):
    """How the local index stands against the node."""

    SYNCED = "synced"
    SYNCING = "syncing"
    OFFLINE = "offline"
    """The node cannot be reached: the cached timeline is still shown."""
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class StatusView:
    """What the status bar shows. Strings are already sanitised."""

    network: str
    chain_id: int
    block: int
    sync: SyncState
    account: str = ""
    """Checksummed address of the active account, empty when there is none."""
    account_label: str = ""
    balance_wei: int | None = None
    """None when unknown (offline or no account)."""
    outbox: int = 0
    """Signed transactions not yet confirmed."""
    error: str = ""
    """Why the node is unreachable, when ``sync`` is OFFLINE."""


@runtime_checkable
class Backend(Protocol):
    """Everything the screens need. Methods block: call them from thread workers."""

    # --- read side (E1) -----------------------------------------------------------------
    def timeline(
        self,
        kind: str,
        before_id: int | None = None,
        limit: int = 50,
        *,
        after_id: int | None = None,
        offset: int | None = None,
    ) -> list[PostView]:
        """A page of a post timeline, newest first, paged by keyset on ``PostView.id``.

        ``before_id`` gives the ``limit`` newest posts with ``id < before_id``; ``after_id``
        gives the ``limit`` oldest posts with ``id > after_id`` (still newest first), which is
        how the list loads upwards and jumps to the end (``after_id=0``). ``offset`` (rows
        skipped from the newest) is only the fallback for a scrollbar drag into the middle.
        """
        ...

    def timeline_count(self, kind: str, newer_than: int | None = None) -> int:
        """How many posts the timeline has (with ``id > newer_than`` when given)."""
        ...

    def thread(self, post_id: int) -> ThreadView:
        """A post with its ancestors and replies. Raises NotFoundError."""
        ...

    def profile(self, address: str) -> ProfileView:
        """An account's profile and counts (an empty profile when it never set one)."""
        ...

    def posts_by(self, address: str, limit: int = 50) -> list[PostView]:
        """An account's latest posts, newest first."""
        ...

    def articles(self, author: str | None = None, limit: int = 200) -> list[ArticleView]:
        """Articles, newest first (only ``author``'s when given)."""
        ...

    def notifications(self, limit: int = 200) -> list[NotificationView]:
        """What happened to the active account, newest first."""
        ...

    def search(self, query: str, limit: int = 100) -> list[PostView]:
        """Full-text search over indexed post text, best match first."""
        ...

    def article_body(self, article: ArticleView) -> str:
        """The verified Markdown body of an article. Raises ContentError."""
        ...

    def status(self) -> StatusView:
        """Network, block, sync state, account, balance and outbox. Never raises for RPC
        failures: those come back as ``SyncState.OFFLINE`` with ``error`` set."""
        ...

    def refresh(self) -> int:
        """Index new blocks once; return how much the index changed (0: lists need no reload).
        Any event counts (an article, a tip, a follow), and so does what another process
        indexed meanwhile. Reads are never held up while it runs."""
        ...

    def fetch_content(self) -> int:
        """One content pass, bounded in time (what is on screen first); return how many
        documents it settled (verified or found invalid). Returns 0 at once while another
        pass runs. Never raises for network failures; reads are never held up."""
        ...

    def want_content(self, cids: list[str]) -> None:
        """These CIDs are on screen or were just opened: fetch them before anything else.
        Cheap and non-blocking (the running or next content pass does the fetching)."""
        ...

    def pending_actions(self) -> PendingActions:
        """The active account's unconfirmed reposts, tips, follows, collects and profile edit,
        decoded from the outbox (◷ markers). Cheap when the outbox is empty."""
        ...

    def fetch_verified(self, cid: str) -> FetchedContent:
        """The content behind ``cid`` (an ipfs:// link): local store first, then gateways,
        every byte checked against the CID, size capped; classified and sanitised. Never
        raises for network failures: those come back as ``FetchOutcome.UNAVAILABLE``."""
        ...

    # --- write side ---------------------------------------------------------------------
    @property
    def writer(self) -> Writer:
        """The write half (prepare → confirm → submit, accounts, history): see tui/ui/writes.py."""
        ...


# ----------------------------------------------------------------------------------------
# The real backend over tui.core.
# ----------------------------------------------------------------------------------------


class CoreBackend:
    """The real backend: the SQLite index for reads, the node for status.

    The index opens from the network as last recorded (settings or the devnet record), so
    the cached timeline paints without the node; ``attach_network`` (called once the node
    answered with the right chain) enables syncing and reopens the index if the verified
    network differs. Heavy parts (the wallet, ``eth_abi``/``eth_account``) are imported
    inside the methods, so building a CoreBackend costs nothing at start-up.
    """

    def __init__(self, ctx: AgoraContext) -> None:
        self.ctx = ctx
        self._index: Any = None
        self._network: Any = None
        self._verified: Any = None
        self._rpc: Any = None
        self._outbox: Any = None
        self._lock = threading.Lock()
        self._read_lock = threading.RLock()
        self._refresh_lock = threading.Lock()
        """Held by the one sync running; never by reads."""
        self._hydrate_lock = threading.Lock()
        """Held by the one content pass running (bounded by its budget); never by reads."""
        self.rpc_url: str | None = None
        self.chain_id: int = 0
        self._writer: Writer | None = None
        self._writer_lock = threading.Lock()

    @property
    def writer(self) -> Writer:
        """The write side (wallet, pipeline, outbox), built on first use: not at first paint."""
        with self._writer_lock:
            if self._writer is None:
                from tui.ui.core_writer import CoreWriter

                self._writer = CoreWriter(self.ctx, self)
            return self._writer

    def stop_writer(self) -> None:
        """The app is closing: stop following transactions (never builds the writer)."""
        with self._writer_lock:
            writer = self._writer
        if writer is not None:
            writer.stop()

    # --- network and index --------------------------------------------------------------
    def attach_network(self, rpc_url: str, chain_id: int, network: Any = None) -> None:
        """The node answered with the expected chain: sync from now on (after first paint).

        ``network`` is the verified ``Network``; when it differs from the one the cached
        index was opened with (a reset devnet, an edited settings file), the index reopens.
        """
        # A running content pass ends within its budget, a sync within the RPC timeouts.
        with self._hydrate_lock, self._refresh_lock, self._lock:
            self.rpc_url = rpc_url
            self.chain_id = chain_id
            self._verified = network
            self._rpc = None
            if network is not None and self._index is not None and self._network != network:
                with self._read_lock:
                    self._index.close()
                    self._index = None

    def _store(self) -> Any:
        """The index, opened read-only from the recorded network; None before there is one."""
        with self._lock:
            if self._index is None:
                from tui.core.index.service import cached_network, open_index

                network = self._verified or cached_network(self.ctx)
                if network is None:
                    return None  # first start: the network resolves in the background
                self._index = open_index(self.ctx, network=network)
                self._network = network
            return self._index

    def _call(self, name: str, *args: Any, default: Any = None, **kwargs: Any) -> Any:
        store = self._store()
        if store is None:
            return default
        with self._read_lock:  # one SQLite connection, read from several worker threads
            self._sync_me(store)
            if name in ("notifications",) and not store.me:
                return default
            return getattr(store, name)(*args, **kwargs)

    def _sync_me(self, store: Any) -> None:
        """Follow the wallet's active account (created in the welcome, switched in the wallet)."""
        me = self.account()
        if me != store.me:
            store.me = me

    def account(self) -> str:
        """The active account's address ('' when none): a cheap read of the account index."""
        from tui.core.index.service import active_account

        try:
            return active_account(self.ctx)
        except Exception:  # an unreadable account index acts as nobody; the wallet explains
            return ""

    # --- pending own actions ------------------------------------------------------------
    def _outbox_pending(self) -> list[Any]:
        """The active account's signed, not yet confirmed transactions on this chain."""
        chain_id = self.chain_id or (self._network.chain_id if self._network else 0)
        path = self.ctx.home / "outbox.sqlite"
        if not chain_id or not path.exists():
            return []
        with self._lock:
            if self._outbox is None:
                from tui.core.actions.outbox import Outbox

                self._outbox = Outbox(path)
        me = self.account()
        return [e for e in self._outbox.unfinished(chain_id) if not me or e.sender == me]

    def pending_actions(self) -> PendingActions:
        """Own pending reposts, tips, replies, follows, collects and profile edits (markers)."""
        pending = self._outbox_pending()
        if not pending:  # the usual case: one stat() (no outbox file) or one cheap query
            return NO_PENDING
        return decode_intents(entry.intent for entry in one_per_nonce(pending))

    def fetch_verified(self, cid: str) -> FetchedContent:
        """Local store, then the network's gateways; every byte checked against the CID."""
        from tui.ui.ipfs import FetchedContent, FetchOutcome, classify, unsupported

        refused = unsupported(cid)
        if refused is not None:
            return refused
        local = self.ctx.content.get(cid)  # re-verified on read
        if local is not None:
            return classify(cid, local, "local store")
        network = self._verified or self._network
        if network is None:
            from tui.core.index.service import cached_network

            network = cached_network(self.ctx)
        gateways = list(network.gateways) if network is not None else []
        if not gateways:
            return FetchedContent(
                cid,
                FetchOutcome.UNAVAILABLE,
                detail="Not in the local store, and this network has no IPFS gateway configured.",
            )
        from tui.core.content.fetch import FetchStatus, GatewayFetcher
        from tui.core.text import clean_line
        from tui.ui.ipfs import MAX_SHOWN

        with GatewayFetcher(self.ctx.content, gateways, max_bytes=MAX_SHOWN) as fetcher:
            result = fetcher.fetch(cid)
        if result.data is not None:
            return classify(cid, result.data, result.source)
        error = clean_line(result.error, 400)
        if result.status is FetchStatus.INVALID and not result.mismatched:
            return FetchedContent(
                cid, FetchOutcome.TOO_LARGE,
                detail=f"More than the {MAX_SHOWN:,} bytes Agora shows ({error}).",
            )  # fmt: skip
        if result.status is FetchStatus.INVALID:
            return FetchedContent(cid, FetchOutcome.INVALID, detail=error)
        return FetchedContent(cid, FetchOutcome.UNAVAILABLE, detail=error)

    def pending_posts(self, kind: str) -> list[PostView]:
        """Own posts still in the outbox, as ◷ pending rows (newest first; ids are negative)."""
        posts: list[PostView] = []
        pending = self._outbox_pending()
        if not pending:  # the usual case: no document parser to import before the first paint
            return posts
        from tui.core.content.documents import parse_post
        from tui.core.text import clean_line, clean_text

        for number, entry in enumerate(reversed(pending)):
            if entry.kind not in ("post", "reply", "community.post"):
                continue
            args = list(entry.intent.get("args") or [])
            community = ""
            if entry.kind == "community.post":  # (community, cid, parent): its own tab
                first = str(args.pop(0)) if args else ""
                community = f"community #{first}" if is_digits(first) else "a community"
            cid = str(args[0]) if args else ""
            parent = int(args[1]) if len(args) > 1 and is_digits(str(args[1])) else 0
            text, warning, status = "", "", ContentStatus.PENDING
            data = self.ctx.content.get(cid) if cid else None
            if data is not None:
                try:
                    doc = parse_post(bytes(data))
                    text, warning = doc.text, doc.content_warning
                    status = ContentStatus.VERIFIED
                except Exception:  # our own store should hold valid documents; show the CID
                    text = ""
            posts.append(
                PostView(
                    id=-(number + 1),
                    author=entry.sender,
                    parent=parent,
                    cid=clean_line(cid, 120),
                    text=clean_text(text, 8000),
                    content_status=status,
                    block=0,
                    tx_hash=entry.hash,
                    timestamp=int(entry.created or 0),
                    content_warning=clean_line(warning, 200),
                    pending=True,
                    community=community,
                )
            )
        from tui.core.timeline_view import parse_kind

        view = parse_kind(kind)
        if view.no_replies:
            posts = [p for p in posts if not p.parent]
        if view.base == "communities":
            return [p for p in posts if p.community]
        return [p for p in posts if not p.community] if view.base in ("home", "global") else []

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
        if kind in ("home", "communities") and not self.account():
            return []
        if offset is not None:
            # A jump into the middle (a scrollbar drag): positions count the pending rows
            # shown above the indexed ones.
            indexed = max(offset - len(self.pending_posts(kind)), 0)
            return list(self._call("timeline_at", kind, indexed, limit, default=[]))
        if before_id is not None and before_id <= 0:
            before_id = None  # paging on below a pending row starts at the newest indexed
        elif before_id is None and after_id is None:
            pending = self.pending_posts(kind)[:limit]
            rows = self._call("timeline", kind, None, limit - len(pending), default=[])
            return pending + list(rows)
        return list(self._call("timeline", kind, before_id, limit, after_id=after_id, default=[]))

    def timeline_count(self, kind: str, newer_than: int | None = None) -> int:
        if kind in ("home", "communities") and not self.account():
            return 0
        if newer_than is not None and newer_than <= 0:
            return 0  # nothing sits above a pending row
        pending = len(self.pending_posts(kind))
        return pending + int(self._call("timeline_count", kind, newer_than, default=0))

    def thread(self, post_id: int) -> ThreadView:
        if post_id <= 0:
            raise NotFoundError("This post is still pending: it opens once it is confirmed.")
        result: ThreadView | None = self._call("thread", post_id)
        if result is None:
            raise NotFoundError("The local index is not open yet: the network is starting.")
        return result

    def profile(self, address: str) -> ProfileView:
        result: ProfileView | None = self._call("profile", address)
        return result if result is not None else ProfileView(address=address)

    def posts_by(self, address: str, limit: int = 50) -> list[PostView]:
        return list(self._call("posts_by", address, limit, default=[]))

    def articles(self, author: str | None = None, limit: int = 200) -> list[ArticleView]:
        return list(self._call("articles", author, limit, default=[]))

    def notifications(self, limit: int = 200) -> list[NotificationView]:
        me = self.account()  # points news are computed for one account: drop a switched one's
        news = [n for n in getattr(self, "points_news", []) if n.actor == me]
        return news + list(self._call("notifications", limit, default=[]))

    def search(self, query: str, limit: int = 100) -> list[PostView]:
        return list(self._call("search", query, limit, default=[]))

    def article_body(self, article: ArticleView) -> str:
        data = self.ctx.content.get(article.body_cid) if article.body_cid else None
        if data is None:
            raise ContentError(f"Article #{article.id}'s body is not in the local store yet.")
        from tui.core.text import clean_text

        return clean_text(bytes(data).decode("utf-8", "replace"), 256 * 1024)

    def status(self) -> StatusView:
        from tui.core.text import clean_line

        name = self.ctx.network_name
        account = self.account()
        label = ""
        if account:
            from tui.core.wallet.index import AccountIndex

            with contextlib.suppress(Exception):
                info = AccountIndex(self.ctx.home / "accounts.json").find(account)
                label = clean_line(info.label, 64) if info is not None else ""
        try:
            outbox = len(self._outbox_pending())
        except Exception:  # a locked or damaged outbox must not hide the status bar
            outbox = 0
        if self.rpc_url is None:
            return StatusView(
                network=name,
                chain_id=0,
                block=0,
                sync=SyncState.UNKNOWN,
                account=account,
                account_label=label,
                outbox=outbox,
            )
        try:
            if self._rpc is None:
                self._rpc = self.ctx.rpc(self.rpc_url)
            block = int(self._rpc.block_number())
            balance = int(self._rpc.balance(account)) if account else None
        except ChainError as exc:
            return StatusView(
                network=name,
                chain_id=self.chain_id,
                block=0,
                sync=SyncState.OFFLINE,
                account=account,
                account_label=label,
                outbox=outbox,
                error=clean_line(str(exc), 200),
            )
        return StatusView(
            network=name,
            chain_id=self.chain_id,
            block=block,
            sync=self._sync_state(block),
            account=account,
            account_label=label,
            balance_wei=balance,
            outbox=outbox,
        )

    def _sync_state(self, head: int) -> SyncState:
        """Synced once the index holds every block but the newest (which the next poll
        takes); "syncing" while it is further behind (a first start, a long time away), so
        the status bar never says "synced" over a timeline that is still being filled."""
        try:
            indexed = self._call("indexed_block", default=head)
        except Exception:  # a locked or damaged index must not hide the status bar
            return SyncState.SYNCED
        return SyncState.SYNCING if head - int(indexed) > 1 else SyncState.SYNCED

    def refresh(self) -> int:
        """Sync once, only after the node proved to be on the recorded chain.

        Holds no lock that reads take: the sync writes through its own SQLite connection
        (WAL), so timelines, threads and the status bar read while the node is slow. Syncs
        run one at a time. Content in the local store is resolved here; gateways are asked
        by ``fetch_content``.
        """
        if self.rpc_url is None:
            return 0
        store = self._store()  # before the refresh locks: attach_network takes them the other way
        if store is None:
            return 0
        with self._refresh_lock:
            if store is not self._index:  # reopened meanwhile: the next poll syncs the new one
                return 0
            with self._read_lock:
                self._sync_me(store)  # whom content passes prefer (the user, whom they follow)
            result = store.sync()
            with self._read_lock:
                return int(result.reorgs) + store.take_events_change()

    def fetch_content(self) -> int:
        """One budgeted content pass (tui/core/index/hydrator.py), skipped while one runs so
        slow passes never pile up; no lock that reads take is held. Returns how much content
        changed, counting what the syncs since the last call resolved from the local store."""
        if self.rpc_url is None:
            return 0
        store = self._store()
        if store is None:
            return 0
        resolved = store.take_resolved()
        if not self._hydrate_lock.acquire(blocking=False):
            return resolved
        try:
            if store is not self._index:
                return resolved
            result = store.hydrate()
            return resolved + int(result.verified + result.invalid)
        finally:
            self._hydrate_lock.release()

    def want_content(self, cids: list[str]) -> None:
        if not cids:  # the usual case: every row on screen is already fetched
            return
        store = self._store()
        if store is not None:
            store.want(list(cids))


_FAKE_NAMES = frozenset({"FAKE_ME", "FAKE_NOW", "FAKE_PEOPLE", "FakeBackend"})


def __getattr__(name: str) -> Any:
    """The in-memory fake lives in ``tui.ui.backends.fake``; tests and screenshots import it
    from here as before. Loaded on first use: the app itself never needs it."""
    if name in _FAKE_NAMES:
        from tui.ui.backends import fake

        return getattr(fake, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
