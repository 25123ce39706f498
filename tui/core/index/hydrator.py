"""Content fetching in bounded, fair passes: what is on screen first, then round-robin by author.

Posting a CID costs a stranger almost nothing, and a CID that no gateway has costs us a
timeout. So a pass (the TUI's poll, ``agora sync``) never promises to fetch everything:

- it has a time budget and returns when it runs out; what is left is reported as missing and
  tried again later (unavailable content backs off exponentially, see ``hydrate.record``);
- it fetches first what the user is looking at (``Hydrator.want``), then the user's own and
  followed authors, then everybody else, one CID per author in turn, at most ``per_author``
  per author and ``per_block`` per block per round (a pass plans another round while time is
  left); within an author, content never tried before goes first, newest first, and ties are
  broken at random, so no order is chosen by the CID;
- network I/O runs on worker threads with no database lock held; each finished fetch is
  written in a short transaction, so reads of the index never wait for a gateway;
- a fetch that outlives the pass is left to finish on its own (bounded by the fetcher's
  per-CID timeout) and still holds its slot, so hung fetches cannot pile up across passes.
"""

from __future__ import annotations

import queue
import random
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from tui.core.content.fetch import FetchResult, FetchStatus
from tui.core.index.hydrate import RETRY_BASE, RETRY_MAX, HydrateResult, _record
from tui.core.text import clean_line

PASS_BUDGET = 10.0
"""Seconds one TUI pass may spend fetching content (``agora sync`` has its own option)."""
CID_TIMEOUT = 6.0
"""Seconds one CID may take over all gateways (half of it at most per gateway): well under
the budget, so a hung gateway frees its slot several times per pass."""
CONCURRENCY = 8
"""Fetches in flight at once (threads blocked on sockets, not CPU)."""
PER_AUTHOR = 16
"""CIDs per author per round: one author's flood waits while every other author gets a turn."""
PER_BLOCK = 64
"""CIDs per block per round: a block of many throw-away authors cannot fill a round either."""
PLAN_MAX = 2000
"""Most CIDs planned per round."""
WANT_MAX = 128
"""How many on-screen CIDs are remembered (the most recent win: a page or two)."""
WANT_RETRY = 300
"""Seconds after a failed try when content on screen is tried again before its backoff
ends (junk a flooder keeps on screen costs one try per CID per five minutes)."""

_FETCH_WHAT = """
WITH due AS MATERIALIZED (
    SELECT cid, kind, attempts FROM content
    WHERE status IN ('pending', 'unavailable') AND next_try <= :now
),
src(cid, author, block) AS (
    SELECT p.cid, p.author, p.block FROM due JOIN posts p ON p.cid = due.cid
    UNION ALL
    SELECT e.cid, e.account, e.block FROM profile_events e
    WHERE e.cid IN (SELECT cid FROM due WHERE kind = 'profile')
    UNION ALL
    SELECT a.cid, a.author, a.block FROM articles a
    WHERE a.cid IN (SELECT cid FROM due WHERE kind = 'article')
),
first_seen AS (
    SELECT due.cid, due.kind, due.attempts, src.author AS author, MIN(src.block) AS block
    FROM due LEFT JOIN src ON src.cid = due.cid GROUP BY due.cid
),
by_author AS (
    SELECT *, ROW_NUMBER() OVER (
        PARTITION BY author ORDER BY attempts, block DESC, random()) AS in_author
    FROM first_seen
),
by_block AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY block ORDER BY in_author, random()) AS in_block
    FROM by_author WHERE in_author <= :per_author
)
SELECT cid, kind, COALESCE(author, ''), in_author FROM by_block WHERE in_block <= :per_block
"""
"""Due content with the account that first posted it; capped per author and per block in SQL
so a flood costs a scan of the due rows, not a Python list of them."""


def plan(
    conn: sqlite3.Connection,
    *,
    now: int | None = None,
    preferred: Iterable[str] = (),
    per_author: int = PER_AUTHOR,
    per_block: int = PER_BLOCK,
    limit: int = PLAN_MAX,
    rng: random.Random | None = None,
) -> list[tuple[str, str]]:
    """(cid, kind) due for a fetch, in the order a pass tries them.

    Round-robin over authors (``preferred`` authors first, e.g. the user and whom they
    follow; each group in random order), at most ``per_author``/``per_block`` each.
    """
    now = int(time.time()) if now is None else now
    rng = rng or random.Random()
    rows = conn.execute(
        _FETCH_WHAT, {"now": now, "per_author": per_author, "per_block": per_block}
    ).fetchall()
    queues: dict[str, list[tuple[int, str, str]]] = {}
    for cid, kind, author, rank in rows:
        queues.setdefault(str(author), []).append((int(rank), str(cid), str(kind)))
    wanted = set(preferred)
    first = [a for a in queues if a in wanted]
    rest = [a for a in queues if a not in wanted]
    rng.shuffle(first)
    rng.shuffle(rest)
    order: list[tuple[str, str]] = []
    for group in (first, rest):
        lanes = [sorted(queues[a]) for a in group]
        depth = max((len(lane) for lane in lanes), default=0)
        for turn in range(depth):  # one CID of each author, then the next of each...
            for lane in lanes:
                if turn < len(lane):
                    _, cid, kind = lane[turn]
                    order.append((cid, kind))
    return order[:limit]


def wanted_due(conn: sqlite3.Connection, cids: Iterable[str], now: int) -> list[tuple[str, str]]:
    """Of ``cids`` (on screen), those due or not tried in the last ``WANT_RETRY`` seconds, in
    the given order: looking at content is worth a retry before a long backoff ends."""
    ordered = list(dict.fromkeys(cids))
    if not ordered:
        return []
    marks = ",".join("?" * len(ordered))
    rows = conn.execute(
        f"SELECT cid, kind, attempts, next_try FROM content WHERE cid IN ({marks}) "
        "AND status IN ('pending', 'unavailable')",
        ordered,
    ).fetchall()
    due: dict[str, str] = {}
    for cid, kind, attempts, next_try in rows:
        tried = int(next_try) - min(RETRY_BASE * 2 ** max(int(attempts) - 1, 0), RETRY_MAX)
        if int(attempts) == 0 or int(next_try) <= now or tried + WANT_RETRY <= now:
            due[str(cid)] = str(kind)
    return [(c, due[c]) for c in ordered if c in due]


def missing(conn: sqlite3.Connection) -> int:
    """How many content documents are still not fetched (pending or unavailable)."""
    row = conn.execute(
        "SELECT COUNT(*) FROM content WHERE status IN ('pending', 'unavailable')"
    ).fetchone()
    return int(row[0])


class Hydrator:
    """Runs budgeted passes of ``fetch`` (one CID → FetchResult; blocking, thread-safe).

    One per index; ``want`` may be called from any thread, also during a pass (the running pass
    takes the new CIDs next). ``concurrency`` counts fetches still running from earlier passes.
    """

    def __init__(
        self,
        fetch: Callable[[str], FetchResult],
        *,
        concurrency: int = CONCURRENCY,
        per_author: int = PER_AUTHOR,
        per_block: int = PER_BLOCK,
    ) -> None:
        self.fetch = fetch
        self.concurrency = max(1, concurrency)
        self.per_author = per_author
        self.per_block = per_block
        self._lock = threading.Lock()
        self._wanted: OrderedDict[str, None] = OrderedDict()
        self._fresh: list[str] = []
        self._running: set[str] = set()
        """CIDs being fetched now (by this pass or one that ran out of time)."""

    def want(self, cids: Iterable[str]) -> None:
        """These CIDs are on screen (or were just opened): fetch them before anything else."""
        with self._lock:
            for cid in cids:
                if not cid:
                    continue
                self._wanted.pop(cid, None)
                self._wanted[cid] = None
                self._fresh.append(cid)
            while len(self._wanted) > WANT_MAX:
                self._wanted.popitem(last=False)
            del self._fresh[:-WANT_MAX]

    def _take_fresh(self) -> list[str]:
        with self._lock:
            fresh, self._fresh = self._fresh[::-1], []
        return fresh

    def _in_flight(self) -> int:
        with self._lock:
            return len(self._running)

    def run(
        self,
        conn: sqlite3.Connection,
        *,
        budget: float = PASS_BUDGET,
        preferred: Iterable[str] = (),
        write_lock: AbstractContextManager[Any] | None = None,
        rng: random.Random | None = None,
    ) -> HydrateResult:
        """One pass: fetch within ``budget`` seconds, in rounds (see ``plan``), recording
        results as they come in; a new round is planned when one ends and time is left.

        ``write_lock`` is held only around each short write transaction, never over I/O.
        """
        lock = write_lock if write_lock is not None else nullcontext()
        start = time.monotonic()
        deadline = start + max(budget, 0.0)
        now = int(time.time())
        with self._lock:
            self._fresh.clear()  # the plan below starts with every wanted CID
            wanted = list(self._wanted)[::-1]  # most recently shown first
        preferred = list(preferred)

        def next_round() -> list[tuple[str, str]]:
            with lock:
                return plan(
                    conn,
                    now=int(time.time()),
                    preferred=preferred,
                    per_author=self.per_author,
                    per_block=self.per_block,
                    rng=rng,
                )

        with lock:
            first = wanted_due(conn, wanted, now)
        taken = {cid for cid, _ in first}
        jobs = first + [job for job in next_round() if job[0] not in taken]
        results: queue.Queue[tuple[str, FetchResult]] = queue.Queue()
        out = HydrateResult()
        started: set[str] = set()
        mine = 0
        replan = False
        """A round ended and results came in since it was planned: plan the next round."""
        while True:
            while self._in_flight() < self.concurrency and time.monotonic() < deadline:
                fresh = self._take_fresh()  # asked for since the last slot was filled: next
                if fresh:
                    with lock:
                        jobs = wanted_due(conn, fresh, int(time.time())) + jobs
                if not jobs and replan:
                    # Time is left: another round, again capped per author and block. What
                    # failed has backed off, so a flooder's next CIDs wait their turn again.
                    replan = False
                    jobs = [job for job in next_round() if job[0] not in started]
                if not jobs:
                    break
                cid, kind = jobs.pop(0)
                if cid in started or not self._claim(cid):
                    continue
                started.add(cid)
                mine += 1
                threading.Thread(
                    target=self._fetch_one,
                    args=(cid, kind, results),
                    name="agora-fetch",
                    daemon=True,  # a hung gateway never keeps the process alive
                ).start()
            left = deadline - time.monotonic()
            if left <= 0 or (mine == 0 and not jobs and not replan):
                break
            if mine == 0:  # every slot is held by a fetch an earlier pass left running
                time.sleep(min(left, 0.05))
                continue
            try:
                done = [results.get(timeout=min(left, 0.25))]
            except queue.Empty:
                continue
            while True:
                try:
                    done.append(results.get_nowait())
                except queue.Empty:
                    break
            mine -= len(done)
            replan = True
            with lock:
                self._record(conn, done, out)
        out.deferred = len(jobs) + mine
        with lock:
            out.missing = missing(conn)
        out.seconds = round(time.monotonic() - start, 3)
        return out

    def _claim(self, cid: str) -> bool:
        with self._lock:
            if cid in self._running:
                return False
            self._running.add(cid)
            return True

    def _fetch_one(
        self, cid: str, kind: str, results: queue.Queue[tuple[str, FetchResult]]
    ) -> None:
        try:
            result = self.fetch(cid)
        except Exception as exc:  # a closed client or a fetcher bug: the CID is retried later
            result = FetchResult(cid, FetchStatus.UNAVAILABLE, error=clean_line(repr(exc), 200))
        finally:
            with self._lock:
                self._running.discard(cid)
        results.put((kind, result))

    @staticmethod
    def _record(
        conn: sqlite3.Connection, done: list[tuple[str, FetchResult]], out: HydrateResult
    ) -> None:
        """Store a batch of outcomes in one short transaction."""
        now = int(time.time())
        conn.execute("BEGIN IMMEDIATE")
        try:
            for kind, result in done:
                row = conn.execute(
                    "SELECT status FROM content WHERE cid = ?", (result.cid,)
                ).fetchone()
                if row is None or row[0] not in ("pending", "unavailable"):
                    continue  # settled meanwhile (another pass, a rollback): keep that
                out.tally(_record(conn, result.cid, kind, result, now))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
