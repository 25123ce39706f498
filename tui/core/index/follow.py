"""Following the chain once history is indexed: new heads over a WebSocket when the node
offers one, polling otherwise, with backoff between socket attempts.

A mixin of ``Indexer`` (tui/core/index/sync.py): each sync it triggers is the indexer's own
incremental, reorg-checked ``sync``; this module only decides *when* to sync.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.chain.rpc import RpcError, RpcUnavailable

if TYPE_CHECKING:
    from tui.core.index.sync import SyncResult

log = logging.getLogger(__name__)

WS_WAIT = 0.5
"""Seconds between checks of the stop flag while waiting for a new head."""
WS_IDLE_SYNC = 60.0
"""Sync anyway after this long without a head: a silently stalled socket cannot freeze us."""
WS_BACKOFF_MIN = 1.0
WS_BACKOFF_MAX = 30.0
"""Seconds of polling before retrying a failed WebSocket (doubling up to the maximum)."""
WS_STABLE = 10.0
"""A subscription that lived this long counts as working: reconnect after the minimum backoff."""


@dataclass
class LiveStats:
    """How ``follow`` has been getting its blocks (for the UI's status line and for tests)."""

    mode: str = "idle"
    """"ws" while subscribed to new heads, "poll" otherwise."""
    ws_syncs: int = 0
    """Syncs triggered by the WebSocket (a new head, or catching up after connecting)."""
    poll_syncs: int = 0
    """Syncs made by polling (no WebSocket URL, or the socket is down)."""
    heads: int = 0
    ws_connects: int = 0
    ws_failures: int = 0


class Following:
    """``follow``: the live half of the indexer (needs ``sync()`` and ``live``)."""

    live: LiveStats

    def sync(self, to_block: int | None = None) -> SyncResult:
        raise NotImplementedError

    def follow(
        self,
        stop: threading.Event,
        *,
        interval: float = 1.0,
        on_sync: Callable[[SyncResult], None] | None = None,
        ws_url: str = "",
    ) -> None:
        """Follow new blocks until ``stop`` is set; report each sync that changed something.

        With ``ws_url`` each ``newHeads`` notification triggers a sync; while the socket is
        down the indexer polls every ``interval`` seconds and retries the socket with backoff.
        Either way each sync is the same incremental, reorg-checked ``sync``.
        """
        live = self.live
        ws_retry_at = 0.0
        backoff = WS_BACKOFF_MIN
        while not stop.is_set():
            if ws_url and time.monotonic() >= ws_retry_at:
                if self._follow_ws(ws_url, stop, on_sync):
                    backoff = WS_BACKOFF_MIN  # it worked for a while: retry promptly
                else:
                    backoff = min(backoff * 2, WS_BACKOFF_MAX)
                ws_retry_at = time.monotonic() + backoff
                if stop.is_set():
                    break
                live.mode = "poll"
            live.poll_syncs += 1
            self._live_sync(on_sync)
            stop.wait(interval)

    def _live_sync(self, on_sync: Callable[[SyncResult], None] | None) -> None:
        try:
            result = self.sync()
        except RpcUnavailable as exc:
            log.warning("sync paused: %s", exc)
        else:
            if on_sync and (result.logs or result.reorgs):
                on_sync(result)

    def _follow_ws(
        self,
        url: str,
        stop: threading.Event,
        on_sync: Callable[[SyncResult], None] | None,
    ) -> bool:
        """Sync on each new head until ``stop`` or the socket fails.

        Returns True when the subscription had been up for a while (so a reconnect should
        come quickly), False when it failed to open or dropped at once.
        """
        from tui.core.chain.ws import HeadSubscription

        live = self.live
        opened = time.monotonic()
        try:
            with HeadSubscription(url) as sub:
                live.mode = "ws"
                live.ws_connects += 1
                live.ws_syncs += 1  # catch up on whatever happened while we were not listening
                self._live_sync(on_sync)
                last_sync = time.monotonic()
                while not stop.is_set():
                    head = sub.next_head(WS_WAIT)
                    if head is None:
                        if time.monotonic() - last_sync < WS_IDLE_SYNC:
                            continue
                    else:
                        sub.drain()
                        live.heads += 1
                    live.ws_syncs += 1
                    self._live_sync(on_sync)
                    last_sync = time.monotonic()
        except (RpcUnavailable, RpcError) as exc:
            live.ws_failures += 1
            log.warning("live blocks over WebSocket failed, polling instead: %s", exc)
            return time.monotonic() - opened > WS_STABLE
        return True
