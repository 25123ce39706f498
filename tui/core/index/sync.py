"""The indexer: history in adaptive, parallel block ranges; then new blocks, reorg-safe.

Ranges are fetched by worker threads (each request also asks for the range's first and last
headers in the same JSON-RPC batch) and applied strictly in order by the calling thread. A
range is applied only when its first block's parent hash equals the hash stored for the block
before it, so the stored ranges form a hash-linked chain; on a mismatch the indexer walks back
to the highest stored block the node still agrees with and deletes everything above it.
"""

from __future__ import annotations

import gc
import heapq
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from tui.core.chain.rpc import Call, RpcClient, RpcError, RpcUnavailable
from tui.core.errors import ChainError
from tui.core.index.follow import Following, LiveStats
from tui.core.index.ingest import Batch, apply_batch, decode_batch, get_meta, rollback_to
from tui.core.index.ingest import set_meta as write_meta
from tui.core.index.ranges import RangeHint, RangeSizer, range_hint
from tui.core.index.rawlogs import decode_raw_logs, fast_layout
from tui.core.index.schema import drop_post_indexes, ensure_post_content, ensure_post_indexes

log = logging.getLogger(__name__)

MAX_RETRIES = 5
"""Transient failures (timeouts, 429s) of one range before the sync gives up."""
MISSING_RETRIES = 2
"""Retries of a range whose blocks the node announced but does not serve."""


class MissingBlocks(RpcUnavailable):
    """The node's head names blocks it cannot return (a lagging replica, or a lying head)."""


APPLY_ROWS = 20_000
"""Rows applied per transaction at most (bounded memory, few fsyncs)."""
APPLY_SECONDS = 1.0
"""While no fetched range waits, rows are applied once they have waited this long. Applying
whenever nothing waited (as before) made a first sync of 100,000 posts 11 small transactions,
each rewriting the same pages of the content B-tree: 10-15% more CPU than five full ones
(larger ones measured no better)."""
MAX_REORG_RESTARTS = 20
BULK_WAL_PAGES = 10_000
"""WAL pages (about 40 MB) between automatic checkpoints while syncing (SQLite's default: 1000)."""
MAX_BUFFERED_BYTES = 48 * 1024 * 1024
"""Answers fetched ahead of the range being applied stop being requested past this size
(a range's answer may be tens of MB; one more request is always allowed so the range the
writer waits for is never starved)."""
SYNC_CACHE_KB = 64 * 1024
"""SQLite's page cache while syncing, in KiB (filled only as pages are used; given back after)."""
BULK_LOAD_POSTS = 5000
"""Posts in a first batch into an empty index from which the secondary indexes are dropped."""


@dataclass(frozen=True)
class SyncTarget:
    """What to index: the contracts of one deployment on one chain."""

    chain_id: int
    social: str
    articles: str
    deploy_block: int
    finality_depth: int = 64
    extra: tuple[tuple[str, str], ...] = ()
    """(key, address) of the network's contracts that have an event source
    (``tui.core.index.sources``), indexed alongside Social and Articles."""


@dataclass
class SyncResult:
    """What one ``sync`` call did."""

    from_block: int
    to_block: int
    posts: int = 0
    logs: int = 0
    requests: int = 0
    reorgs: int = 0
    rolled_back_posts: int = 0
    skipped_logs: int = 0
    finalized_block: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _Fetched:
    start: int
    end: int
    batch: Batch | None
    """The decoded rows; None until the applying thread decodes ``raw``."""
    parent_hash: str
    first_hash: str
    end_hash: str
    logs: int
    size: int = 0
    """Bytes of the eth_getLogs answer: what holding this range costs, roughly."""
    raw: bytes = b""
    changed: bool = False
    """The logs name another block hash than the headers: the chain moved meanwhile."""


@dataclass(order=True)
class _Range:
    start: int
    end: int = field(compare=False)
    attempts: int = field(default=0, compare=False)


class ReorgDetected(Exception):
    """Internal: the chain no longer contains the block the cursor points at."""


def _active_tables(extra: Any) -> set[str]:
    """The event tables of the sources whose contracts this network has."""
    from tui.core.index.sources import all_sources

    keys = {k for k, _a in extra}
    return {t for s in all_sources() if s.key in keys for t in s.tables}


class Indexer(Following):
    """Syncs one deployment's events into one index database.

    The connection is only written from the thread that calls ``sync``/``follow``.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        rpc: RpcClient,
        target: SyncTarget,
        *,
        workers: int = 4,
        initial_range: int = 1,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.conn = conn
        self.rpc = rpc
        self.target = target
        self.workers = max(1, workers)
        self.sizer = RangeSizer(initial=initial_range)
        self.on_progress = on_progress
        self._batch_ok = True
        self._requests = 0
        self._lock = threading.Lock()
        self._head = 0
        self._bulk_load = False
        self._indexes_dropped = False
        self.live = LiveStats()
        from tui.core.index.sources import activate

        self._sources = activate(self.target.extra) if self.target.extra else {}
        self._check_identity()

    # --- state --------------------------------------------------------------------------

    def _check_identity(self) -> None:
        """Refuse a database that belongs to another chain or deployment."""
        expected = {
            "chain_id": str(self.target.chain_id),
            "social": self.target.social.lower(),
            "articles": self.target.articles.lower(),
        }
        stored = {k: get_meta(self.conn, k) for k in expected}
        extra = ",".join(f"{k}={a.lower()}" for k, a in sorted(self.target.extra))
        if not any(stored.values()):
            write_meta(
                self.conn,
                **expected,
                extra_contracts=extra,
                source_tables=",".join(sorted(_active_tables(self.target.extra))),
                cursor_block=str(self.target.deploy_block - 1),
                cursor_hash="",
            )
            return
        if stored != expected:
            raise ChainError(
                "The local index belongs to another deployment of the contracts.",
                hint="Delete it with `agora sync --rebuild` to index this one from scratch.",
            )
        tables = _active_tables(self.target.extra)
        stored_tables = set(get_meta(self.conn, "source_tables").split(","))
        if get_meta(self.conn, "extra_contracts") != extra or not tables <= stored_tables:
            # A contract (or its source, or a table of a source) appeared since the last sync:
            # its past logs are below the cursor, so index again from the deployment. Known
            # rows are kept (every insert ignores a log it already has) and nothing is deleted.
            write_meta(
                self.conn,
                extra_contracts=extra,
                source_tables=",".join(sorted(tables)),
                cursor_block=str(self.target.deploy_block - 1),
                cursor_hash="",
            )

    def cursor(self) -> tuple[int, str]:
        """(last fully indexed block, its hash or "" when unknown)."""
        block = int(get_meta(self.conn, "cursor_block", str(self.target.deploy_block - 1)))
        return block, get_meta(self.conn, "cursor_hash")

    # --- RPC ----------------------------------------------------------------------------

    def _calls(self, calls: list[Call]) -> list[Any]:
        with self._lock:
            self._requests += 1
        if self._batch_ok:
            try:
                return self.rpc.batch(calls)
            except RpcUnavailable as exc:
                if "batch" not in str(exc):
                    raise
                self._batch_ok = False
        out: list[Any] = []
        for call in calls:
            try:
                out.append(self.rpc.call(call.method, call.params))
            except RpcError as exc:
                out.append(exc)
        return out

    def _headers(self, numbers: list[int]) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        for i in range(0, len(numbers), 100):
            chunk = numbers[i : i + 100]
            calls = [Call("eth_getBlockByNumber", [hex(n), False]) for n in chunk]
            for n, result in zip(chunk, self._calls(calls), strict=True):
                if isinstance(result, dict):
                    found[n] = result
        return found

    def _fetch(self, start: int, end: int) -> _Fetched:
        """Fetch one range (runs in a worker thread).

        The range's first and last headers come in one batch, then the logs as raw bytes.
        Answers in a layout ``rawlogs`` knows are decoded later by the applying thread: the
        decoder holds the GIL, and running it beside the SQLite writer makes the writer wait
        for the GIL after every row (SQLite releases it per step). Others are decoded here.
        """
        first, last = self._calls(
            [
                Call("eth_getBlockByNumber", [hex(start), False]),
                Call("eth_getBlockByNumber", [hex(end), False]),
            ]
        )
        for header in (first, last):
            if isinstance(header, RpcError):
                raise header
            if not isinstance(header, dict):
                raise MissingBlocks(f"The node does not have block {start}..{end} yet.")
        flt = {
            "fromBlock": hex(start),
            "toBlock": hex(end),
            "address": [
                self.target.social,
                self.target.articles,
                *(address for _key, address in self.target.extra),
            ],
        }
        with self._lock:
            self._requests += 1
        raw = self.rpc.call_raw("eth_getLogs", [flt])
        fetched = _Fetched(
            start=start,
            end=end,
            batch=None,
            parent_hash=str(first.get("parentHash", "")),
            first_hash=str(first.get("hash", "")),
            end_hash=str(last.get("hash", "")),
            logs=0,  # counted by the decoder (counting here scanned every answer once more)
            size=len(raw),
            raw=raw,
        )
        if not fast_layout(raw):
            # The strict path, here in the worker: it may need more requests (block times).
            fetched.batch, fetched.logs = self._decode_raw(raw)
            fetched.raw = b""
            if not self._consistent(fetched, fetched.batch):
                raise RpcUnavailable(f"Blocks {start}..{end} changed while being fetched.")
        return fetched

    def _decode_raw(self, raw: bytes) -> tuple[Batch, int]:
        """Rows and log count of a raw eth_getLogs answer (fast path, else json.loads)."""
        fast = decode_raw_logs(raw, self.target.social, self.target.articles, self._sources)
        if fast is not None:
            return fast
        logs = self.rpc.result_of("eth_getLogs", raw)
        if not isinstance(logs, list):
            raise RpcUnavailable("The RPC node sent a malformed eth_getLogs answer.")
        return self._decode(logs), len(logs)

    def _materialise(self, fetched: _Fetched) -> Batch:
        """Decode a range's raw answer in place (once) and return its rows."""
        if fetched.batch is None:
            fetched.batch, fetched.logs = self._decode_raw(fetched.raw)
            fetched.raw = b""
            fetched.changed = not self._consistent(fetched, fetched.batch)
        return fetched.batch

    @staticmethod
    def _consistent(fetched: _Fetched, batch: Batch) -> bool:
        """The logs' block hashes agree with each other and with the headers fetched just
        before them."""
        if batch.split:
            return False
        for number, expected in (
            (fetched.start, fetched.first_hash),
            (fetched.end, fetched.end_hash),
        ):
            seen = batch.blocks.get(number)
            if seen is not None and seen[0] != expected:
                return False
        return True

    def _decode(self, logs: list[Any]) -> Batch:
        """The generic path: fetch block times when the node's logs lack them."""
        timestamps: dict[int, int] = {}
        missing = sorted(
            {int(str(lg.get("blockNumber")), 16) for lg in logs if isinstance(lg, dict)}
            if logs and isinstance(logs[0], dict) and not logs[0].get("blockTimestamp")
            else set()
        )
        if missing:
            for n, header in self._headers(missing).items():
                timestamps[n] = int(str(header.get("timestamp", "0x0")), 16)
        return decode_batch(
            logs, self.target.social, self.target.articles, timestamps, sources=self._sources
        )

    def finalized_block(self, head: int) -> int:
        """The node's ``finalized`` block, or ``head - finality_depth`` when it has none."""
        try:
            block = self.rpc.get_block("finalized")
        except RpcError:
            block = None
        if block and block.get("number"):
            return int(str(block["number"]), 16)
        return max(head - self.target.finality_depth, 0)

    # --- reorgs -------------------------------------------------------------------------

    def find_fork(self) -> tuple[int, str]:
        """The highest stored block the node agrees with (or the block before deployment)."""
        cursor, _ = self.cursor()
        rows = self.conn.execute(
            "SELECT number, hash FROM blocks WHERE number <= ? ORDER BY number DESC", (cursor,)
        ).fetchall()
        for i in range(0, len(rows), 50):
            chunk = rows[i : i + 50]
            headers = self._headers([n for n, _ in chunk])
            for number, stored in chunk:
                header = headers.get(number)
                if header and str(header.get("hash")) == stored:
                    return number, stored
        return self.target.deploy_block - 1, ""

    def _rollback(self, result: SyncResult) -> int:
        fork, fork_hash = self.find_fork()
        removed = rollback_to(self.conn, fork, fork_hash)
        result.reorgs += 1
        result.rolled_back_posts += removed
        log.info("reorg: rolled back to block %d (%d posts removed)", fork, removed)
        return fork

    # --- sync ---------------------------------------------------------------------------

    def sync(self, to_block: int | None = None) -> SyncResult:
        """Index every block up to ``to_block`` (default: the node's latest); resumable.

        Raises:
            ChainError: the node is unreachable or keeps failing, or answers nonsense.
        """
        started = time.perf_counter()
        cursor, _ = self.cursor()
        result = SyncResult(from_block=cursor + 1, to_block=cursor)
        head = self.rpc.block_number() if to_block is None else to_block
        # Checkpoint the WAL less often during a long sync (each checkpoint syncs the file);
        # every commit stays atomic and carries its cursor, so durability is unchanged.
        self.conn.execute(f"PRAGMA wal_autocheckpoint = {BULK_WAL_PAGES}")
        # A larger page cache while syncing: with SQLite's 2 MB, pages of the content B-tree
        # (CIDs are hashes, so every batch touches all of it) were read back from the WAL
        # again and again, and the index build read the posts table once per index (260 MB
        # read for a 58 MB index of 100,000 posts; 66 MB with this cache).
        cache_pages = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {-SYNC_CACHE_KB}")
        ensure_post_indexes(self.conn)  # a bulk sync killed midway may have left them dropped
        ensure_post_content(self.conn)  # ... or its posts' content rows still to add
        self._bulk_load = self.conn.execute("SELECT 1 FROM posts LIMIT 1").fetchone() is None
        self._indexes_dropped = False
        collecting = gc.isenabled()
        # The rows are tuples of strings and numbers, which hold no reference cycles; while
        # 100,000 of them are alive, each automatic collection walks them all for nothing
        # (5-8% of a first sync's CPU). Paused for this call only; an incremental sync is short.
        gc.disable()
        try:
            head = self._sync_all(head, to_block, result)
        finally:
            if collecting:
                gc.enable()
            self.conn.execute("PRAGMA wal_autocheckpoint = 1000")
            if self._indexes_dropped:
                ensure_post_indexes(self.conn)
                ensure_post_content(self.conn)  # reads posts_cid, in CID order: after it
            self.conn.execute(f"PRAGMA cache_size = {cache_pages}")
        result.finalized_block = self.finalized_block(head)
        write_meta(self.conn, finalized_block=str(result.finalized_block), head_block=str(head))
        result.to_block = self.cursor()[0]
        result.requests = self._requests
        result.seconds = round(time.perf_counter() - started, 3)
        return result

    def _sync_all(self, head: int, to_block: int | None, result: SyncResult) -> int:
        """Sync to ``head``, rolling back and restarting on reorgs; return the final head."""
        for _ in range(MAX_REORG_RESTARTS):
            self._head = head
            try:
                self._sync_once(head, result)
                self._check_cursor()
                return head
            except ReorgDetected:
                self._rollback(result)
                head = self.rpc.block_number() if to_block is None else to_block
        raise ChainError("The chain keeps reorganising; try again in a moment.")

    def _check_cursor(self) -> None:
        """The history may end on a block that was replaced after we fetched it."""
        cursor, cursor_hash = self.cursor()
        if cursor_hash and cursor >= self.target.deploy_block:
            header = self.rpc.get_block(cursor)
            if header is None or str(header.get("hash")) != cursor_hash:
                raise ReorgDetected

    def _sync_once(self, head: int, result: SyncResult) -> None:
        cursor, cursor_hash = self.cursor()
        if cursor >= head:
            if cursor > head:  # the node's chain is shorter than ours: a reorg (or a reset)
                raise ReorgDetected
            return
        queue: list[_Range] = []
        next_start = cursor + 1
        apply_from = cursor + 1
        done: dict[int, _Fetched] = {}
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="agora-sync")
        in_flight: dict[Future[_Fetched], _Range] = {}
        pending = Batch()
        pending_rows = 0
        applied_at = time.monotonic()
        prev_hash = cursor_hash
        retries: dict[int, int] = {}

        def top_up() -> None:
            """Request more ranges while the limits allow (also between applied ranges, so the
            node works on the next answers while this thread decodes and writes)."""
            nonlocal next_start
            buffered = sum(f.size for f in done.values())
            while (
                len(in_flight) + len(done) < self.workers + 1
                and len(in_flight) < self.workers
                and (buffered < MAX_BUFFERED_BYTES or not in_flight)
            ):
                if queue:
                    rng = heapq.heappop(queue)
                elif next_start <= head:
                    end = min(next_start + self.sizer.size - 1, head)
                    rng = _Range(next_start, end)
                    next_start = end + 1
                else:
                    break
                in_flight[pool.submit(self._fetch, rng.start, rng.end)] = rng

        try:
            while apply_from <= head:
                top_up()
                waiting = bool(pending_rows or pending.blocks)
                timeout = APPLY_SECONDS - (time.monotonic() - applied_at) if waiting else None
                finished, _ = wait(
                    list(in_flight),
                    timeout=None if timeout is None else max(timeout, 0.0),
                    return_when=FIRST_COMPLETED,
                )
                if waiting and in_flight and not finished:  # the node is slow: commit meanwhile
                    self._apply(pending, apply_from - 1, prev_hash, result)
                    pending, pending_rows = Batch(), 0
                    applied_at = time.monotonic()
                    continue
                for future in finished:
                    rng = in_flight.pop(future)
                    try:
                        fetched = future.result()
                    except RpcError as exc:
                        size = rng.end - rng.start + 1
                        hint = range_hint(exc, size)
                        if hint is None or size == 1:
                            raise ChainError(
                                f"Fetching logs for blocks {rng.start}..{rng.end} failed: "
                                f"{exc.rpc_message}"
                            ) from None
                        new = self.sizer.shrink(size, hint)
                        for s in range(rng.start, rng.end + 1, new):
                            heapq.heappush(queue, _Range(s, min(s + new - 1, rng.end)))
                        continue
                    except RpcUnavailable as exc:
                        size = rng.end - rng.start + 1
                        if "oversized" in str(exc) and size > 1:  # too many logs at once
                            new = self.sizer.shrink(size, RangeHint(None))
                            for s in range(rng.start, rng.end + 1, new):
                                heapq.heappush(queue, _Range(s, min(s + new - 1, rng.end)))
                            continue
                        rng.attempts += 1
                        missing = isinstance(exc, MissingBlocks)
                        if rng.attempts > (MISSING_RETRIES if missing else MAX_RETRIES):
                            raise
                        # A block the node announced but cannot serve is a lagging replica
                        # for a moment, or a lying head: retry briefly, not with long backoff.
                        time.sleep(
                            0.25 * rng.attempts if missing else min(0.25 * 2**rng.attempts, 8.0)
                        )
                        heapq.heappush(queue, rng)
                        continue
                    if fetched.batch is not None:  # decoded in the worker: its logs are known
                        self.sizer.observe(fetched.end - fetched.start + 1, fetched.logs)
                    done[fetched.start] = fetched
                # Apply the contiguous prefix, checking each range links to the one before.
                while apply_from in done:
                    fetched = done.pop(apply_from)
                    top_up()
                    if prev_hash and fetched.parent_hash != prev_hash:
                        if pending_rows or pending.blocks:
                            self._apply(pending, apply_from - 1, prev_hash, result)
                        raise ReorgDetected
                    try:
                        decoded_here = fetched.batch is None
                        batch = self._materialise(fetched)
                        if decoded_here:
                            self.sizer.observe(fetched.end - fetched.start + 1, fetched.logs)
                    except RpcUnavailable:  # an answer that only looked well-formed
                        retries[fetched.start] = retries.get(fetched.start, 0) + 1
                        if retries[fetched.start] > MAX_RETRIES:
                            raise
                        heapq.heappush(queue, _Range(fetched.start, fetched.end))
                        break
                    if fetched.changed:
                        if pending_rows or pending.blocks:
                            self._apply(pending, apply_from - 1, prev_hash, result)
                        raise ReorgDetected
                    pending.extend(batch)
                    pending_rows += sum(map(len, batch.rows.values())) + sum(
                        map(len, batch.extra.values())
                    )
                    result.logs += fetched.logs
                    prev_hash = fetched.end_hash
                    apply_from = fetched.end + 1
                    if (
                        pending_rows >= APPLY_ROWS
                        or apply_from > head
                        or (not done and time.monotonic() - applied_at >= APPLY_SECONDS)
                    ):
                        self._apply(pending, fetched.end, prev_hash, result)
                        pending, pending_rows = Batch(), 0
                        applied_at = time.monotonic()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _apply(self, batch: Batch, cursor: int, cursor_hash: str, result: SyncResult) -> None:
        if self._bulk_load and not self._indexes_dropped and batch.posts >= BULK_LOAD_POSTS:
            # An initial sync into an empty table: build the secondary indexes once at the end.
            self.conn.execute("BEGIN IMMEDIATE")
            drop_post_indexes(self.conn)
            self.conn.execute("COMMIT")
            self._indexes_dropped = True
        apply_batch(self.conn, batch, cursor, cursor_hash, defer_post_content=self._indexes_dropped)
        result.posts += batch.posts
        result.skipped_logs += batch.skipped
        if self.on_progress:
            self.on_progress(cursor, max(self._head, cursor))
