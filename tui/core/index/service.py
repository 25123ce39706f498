"""The index as the front ends use it: open per network, read views, refresh (sync + hydrate).

``open_index(ctx)`` is what the TUI backend and the CLI call. It resolves the network, opens
``AGORA_HOME/index/<network>-<chainid>.sqlite`` and knows the active account, so views like
``home`` and ``notifications`` need no extra argument.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.chain.address import to_checksum
from tui.core.config.settings import DEVNET, Network
from tui.core.errors import AgoraError, ConfigError, NotFoundError, UsageError
from tui.core.index.schema import EVENTS_VERSION, connect, get_meta
from tui.core.index.views import IndexViews
from tui.core.text import clean_line

EARLY_WANTS = 128
"""CIDs noted before the hydrator exists (as many as it remembers itself)."""

if TYPE_CHECKING:
    # Loaded by the methods that sync: the RPC client pulls in httpx (~100 ms), which the
    # TUI's first paint of the cached timeline does not need.
    from tui.core.chain.rpc import RpcClient
    from tui.core.content.fetch import GatewayFetcher
    from tui.core.content.store import BlockStore
    from tui.core.context import AgoraContext
    from tui.core.index.hydrate import HydrateResult
    from tui.core.index.hydrator import Hydrator
    from tui.core.index.sync import Indexer, SyncResult, SyncTarget


def index_path(home: Path, network: Network) -> Path:
    """``<home>/index/<network>-<chainid>.sqlite`` (the name is made filesystem-safe)."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", network.name) or "network"
    return home / "index" / f"{safe}-{network.chain_id}.sqlite"


def resolve(ctx: AgoraContext) -> Network:
    """The active network, from the devnet engineer's resolver when present."""
    import importlib

    try:
        networks: Any = importlib.import_module("tui.core.chain.networks")
    except ImportError:
        networks = None
    resolver = getattr(networks, "resolve_network", None)
    if resolver is not None:
        network: Network = resolver(ctx)
        return network
    name = ctx.network_name
    if name in ctx.settings.networks:
        return ctx.settings.networks[name]
    raise ConfigError(f"Unknown network {name!r}.", hint="See `agora config show`.")


def cached_network(ctx: AgoraContext) -> Network | None:
    """The active network as last recorded (settings or the devnet record), asking no node.

    Lets a front end open the cached index before (or without) reaching the node; the caller
    verifies the chain later with ``resolve`` and reopens if the answer differs.
    """
    name = ctx.network_name
    network = ctx.settings.networks.get(name)
    if network is None and name == DEVNET:
        from tui.core.chain.devnet_record import devnet_network, read_record

        record = read_record(ctx.home)
        if record is not None and record.social and record.articles:
            network = devnet_network(record)
    if network is None or not network.chain_id:
        return None
    if ctx.overrides.rpc_url:
        network = replace(network, rpc_url=ctx.overrides.rpc_url)
    return network


def active_account(ctx: AgoraContext) -> str:
    """The account views act for: ``--account`` (address or label) or the wallet's active one."""
    wanted = ctx.overrides.account or ""
    try:
        from tui.core.wallet.index import AccountIndex

        accounts = AccountIndex(ctx.home / "accounts.json")
    except Exception:  # no wallet yet, or an unreadable index: act as nobody
        accounts = None
    if wanted:
        if wanted.startswith("0x"):
            try:
                return to_checksum(wanted)
            except AgoraError:  # a typo in --account is the user's, not the chain's (exit 5)
                raise UsageError(
                    f"--account {clean_line(wanted, 60)!r} is not an address.",
                    hint="Give a 0x address (40 hex digits) or an account label.",
                ) from None
        if accounts is not None:
            for info in accounts.accounts:
                if info.label == wanted:
                    return info.address
        raise NotFoundError(  # as writes say it (exit 3), not a settings error
            f"No account labelled {clean_line(wanted, 60)!r}.", hint="See `agora account list`."
        )
    if accounts is not None and accounts.active:
        return str(accounts.active)
    return ""


def extra_contracts(contracts: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The network's contracts that an event source reads, as SyncTarget wants them."""
    if not contracts:
        return ()
    from tui.core.index.sources import source_keys

    keys = source_keys()
    return tuple(sorted((k, to_checksum(a)) for k, a in contracts.items() if k in keys))


class AgoraIndex(IndexViews):
    """Views plus the ways to update them (sync, hydrate), over one network's database."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        network: Network,
        *,
        me: str = "",
        store: BlockStore | None = None,
        path: Path | None = None,
    ) -> None:
        super().__init__(conn, me)
        self.network = network
        self.store = store
        self.path = path
        self._write_lock = threading.Lock()
        self._open_lock = threading.Lock()
        self._fetcher: GatewayFetcher | None = None
        self._hydrator: Hydrator | None = None
        self._early_wants: list[str] = []
        """CIDs wanted before the first content pass built the hydrator (see ``want``)."""
        self._update_conn: sqlite3.Connection | None = None
        self._seen_version: str = self._events_version()
        self._resolved = 0
        """Content the syncs found in the local store since ``take_resolved`` last ran."""
        self._resolved_lock = threading.Lock()

    def _updates(self) -> sqlite3.Connection:
        """The connection sync and hydration write through: a second one on the same file
        (WAL), so reads on ``conn`` never wait behind an update or its network I/O."""
        with self._open_lock:
            if self._update_conn is None:
                self._update_conn = connect(self.path) if self.path is not None else self.conn
            return self._update_conn

    def target(self) -> SyncTarget:
        from tui.core.index.sync import SyncTarget

        net = self.network
        if not net.social or not net.articles:
            raise ConfigError(
                f"Network {net.name!r} has no contract addresses.",
                hint="Start the devnet (`agora devnet up`) or deploy with `agora deploy`.",
            )
        return SyncTarget(
            chain_id=net.chain_id,
            social=to_checksum(net.social),
            articles=to_checksum(net.articles),
            deploy_block=net.deploy_block,
            finality_depth=net.finality_depth,
            extra=extra_contracts(net.contracts),
        )

    def indexer(self, rpc: RpcClient | None = None, **kwargs: Any) -> Indexer:
        from tui.core.chain.rpc import RpcClient
        from tui.core.index.sync import Indexer

        conn = self._updates()
        return Indexer(conn, rpc or RpcClient(self.network.rpc_url), self.target(), **kwargs)

    def sync(self, rpc: RpcClient | None = None, **kwargs: Any) -> SyncResult:
        """Index new blocks (and roll back reorgs), then resolve content in the local store."""
        from tui.core.chain.rpc import RpcClient
        from tui.core.index.hydrate import hydrate_local

        conn = self._updates()
        client = rpc or RpcClient(self.network.rpc_url)
        with self._write_lock:
            try:
                result = self.indexer(client, **kwargs).sync()
                from tui.core.index.attestations import after_sync

                after_sync(conn, client, self.network.contracts)
            finally:
                if rpc is None:
                    client.close()
            if self.store is not None:
                local = hydrate_local(conn, self.store)
                with self._resolved_lock:
                    self._resolved += local.verified + local.invalid
            return result

    def indexed_block(self) -> int:
        """The last block fully indexed (by this process or another one)."""
        return int(get_meta(self.conn, "cursor_block", str(self.network.deploy_block - 1)))

    def take_resolved(self) -> int:
        """How much content the syncs resolved from the local store since the last call.

        A list read while a sync runs can hold a post whose content that same sync then
        found locally: no later content pass fetches it (it is done), so this count is what
        tells the TUI to read its lists again."""
        with self._resolved_lock:
            resolved, self._resolved = self._resolved, 0
        return resolved

    def fetcher(self) -> GatewayFetcher | None:
        if self.store is None:
            return None
        if self._fetcher is None:
            from tui.core.content.fetch import GatewayFetcher
            from tui.core.index.hydrator import CID_TIMEOUT

            self._fetcher = GatewayFetcher(
                self.store,
                self.network.gateways,
                timeout=CID_TIMEOUT / 2,  # a hung first gateway leaves time for the next
                cid_timeout=CID_TIMEOUT,
            )
        return self._fetcher

    def hydrator(self) -> Hydrator | None:
        """The content fetcher's scheduler (None without a content store)."""
        fetcher = self.fetcher()
        if fetcher is None:
            return None
        if self._hydrator is None:
            from tui.core.index.hydrator import Hydrator

            hydrator = Hydrator(fetcher.fetch)
            with self._open_lock:
                early, self._early_wants = self._early_wants, []
                self._hydrator = hydrator
            if early:
                hydrator.want(early)
        return self._hydrator

    def want(self, cids: list[str]) -> None:
        """These CIDs are on screen (or just opened): the next or running pass fetches them first.

        Before the first pass they are only remembered: building the hydrator loads the
        gateway client (httpx), which the first page, read before the first paint, must not wait
        for. The hydrator keeps the newest of them (``WANT_MAX``) like any others.
        """
        if self.store is None:
            return
        with self._open_lock:
            if self._hydrator is None:
                self._early_wants.extend(cids)
                del self._early_wants[:-EARLY_WANTS]  # bounded, as the hydrator's own list
                return
            hydrator = self._hydrator
        hydrator.want(cids)

    def hydrate(self, *, budget: float | None = None) -> HydrateResult:
        """One budgeted pass over due content (local store, then gateways): see hydrator.py.

        Returns what it fetched and how much is still missing; it never waits past
        ``budget`` seconds for content that no gateway serves.
        """
        from tui.core.index.hydrate import HydrateResult
        from tui.core.index.hydrator import PASS_BUDGET, missing

        hydrator = self.hydrator()
        conn = self._updates()
        if hydrator is None:
            with self._write_lock:
                return HydrateResult(missing=missing(conn))
        with self._write_lock:
            rows = conn.execute("SELECT followee FROM follows WHERE follower = ?", (self.me,))
            preferred = [self.me, *(str(r[0]) for r in rows)] if self.me else []
        return hydrator.run(
            conn,
            budget=PASS_BUDGET if budget is None else budget,
            preferred=preferred,
            write_lock=self._write_lock,
        )

    def missing_content(self) -> int:
        """How many content documents are not fetched yet (pending or unavailable)."""
        from tui.core.index.hydrator import missing

        return missing(self.conn)

    def refresh(self, *, budget: float | None = None) -> int:
        """Sync once and run one budgeted content pass; return how much the index changed.

        That is the reorgs this sync rolled back, the content this pass settled, plus one when
        events were added or removed since the last call, by this sync or by another process
        (``agora sync``, a CLI read or write, which index their own blocks): an article, a tip
        or a follow changes lists as much as a post does. Zero means the lists need no reload.
        """
        result = self.sync()
        hydrated = self.hydrate(budget=budget)
        return result.reorgs + hydrated.verified + hydrated.invalid + self.take_events_change()

    def take_events_change(self) -> int:
        """1 when events were added or removed (in any process) since the last call, else 0."""
        version = self._events_version()
        changed = int(version != self._seen_version)
        self._seen_version = version
        return changed

    def _events_version(self) -> str:
        return get_meta(self.conn, EVENTS_VERSION, "0")

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
        if self._update_conn is not None and self._update_conn is not self.conn:
            self._update_conn.close()
        self.conn.close()
        if self.reading is not None and self.reading.store is not None:
            self.reading.store.close()


def open_index(
    ctx: AgoraContext, *, me: str | None = None, network: Network | None = None
) -> AgoraIndex:
    """Open (creating if needed) the index of the active network for the active account."""
    net = network or resolve(ctx)
    path = index_path(ctx.home, net)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    account = me if me is not None else active_account(ctx)
    index = AgoraIndex(connect(path), net, me=account, store=ctx.content, path=path)
    from tui.core.index.filters import ReadingFilter

    index.reading = ReadingFilter.open(ctx)
    return index
