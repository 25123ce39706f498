"""Live sync over WebSocket on a real anvil: new heads, reorgs, and falling back to polling."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect
from websockets.sync.server import Server, ServerConnection, serve

from tests.index.kit import Agora
from tui.core.chain.rpc import RpcClient
from tui.core.chain.ws import HeadSubscription
from tui.core.index.service import AgoraIndex
from tui.core.index.sync import Indexer, SyncResult

WAIT = 30.0
"""Upper bound of every wait (a loaded CI machine is slow; a correct run takes well under it)."""


def wait_until(check: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def ws_of(rpc: RpcClient) -> str:
    """anvil serves WebSocket JSON-RPC on its HTTP port."""
    return "ws" + rpc.url.removeprefix("http")


class WsProxy:
    """A loopback WebSocket relay to anvil that can be stopped and started on the same port."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.port = 0
        self._server: Server | None = None
        self._links: list[tuple[ServerConnection, ClientConnection]] = []
        self._lock = threading.Lock()
        self.start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def _relay(self, client: ServerConnection) -> None:
        upstream = connect(self.upstream, proxy=None, open_timeout=5, legacy=True)
        with self._lock:
            self._links.append((client, upstream))

        def pump(src: Any, dst: Any) -> None:
            with suppress(WebSocketException, OSError):
                for message in src:
                    dst.send(message)
            with suppress(Exception):
                dst.close()

        back = threading.Thread(target=pump, args=(upstream, client), daemon=True)
        back.start()
        pump(client, upstream)
        back.join(timeout=5)

    def start(self) -> None:
        self._server = serve(self._relay, "127.0.0.1", self.port, compression=None)
        self.port = self._server.socket.getsockname()[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop listening and cut every relayed connection (as a dying node or network would)."""
        if self._server is not None:
            self._server.shutdown()
            self._server = None
        with self._lock:
            links, self._links = self._links, []
        for client, upstream in links:
            with suppress(Exception):
                client.close()
            with suppress(Exception):
                upstream.close()


@dataclass
class Follower:
    """``Indexer.follow`` in a thread, with a read-only view of what it indexed."""

    indexer: Indexer
    db: Path
    stop: threading.Event = field(default_factory=threading.Event)
    results: list[SyncResult] = field(default_factory=list)
    thread: threading.Thread | None = None

    def start(self, ws_url: str) -> None:
        self.thread = threading.Thread(
            target=self.indexer.follow,
            args=(self.stop,),
            kwargs={"interval": 0.2, "on_sync": self.results.append, "ws_url": ws_url},
            daemon=True,
        )
        self.thread.start()

    def tx_hashes(self) -> set[str]:
        conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        try:
            return {row[0] for row in conn.execute("SELECT tx_hash FROM posts")}
        finally:
            conn.close()

    def wait_for(self, expected: set[str], what: str) -> None:
        wait_until(lambda: self.tx_hashes() == expected, what)

    def close(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=WAIT)
            assert not self.thread.is_alive(), "follow() did not stop"


@pytest.fixture
def follower(agora: Agora, index: AgoraIndex, tmp_path: Path) -> Iterator[Follower]:
    rpc = RpcClient(agora.rpc.url)
    index.sync(rpc)  # history first, so the live part starts from the deployment's tip
    f = Follower(index.indexer(rpc), tmp_path / "index.sqlite")
    try:
        yield f
    finally:
        f.close()
        rpc.close()


def test_head_subscription_reports_new_blocks(anvil: RpcClient) -> None:
    with HeadSubscription(ws_of(anvil)) as sub:
        assert sub.subscription
        anvil.call("evm_mine")
        head = None
        deadline = time.monotonic() + WAIT
        while head is None and time.monotonic() < deadline:
            head = sub.next_head(0.5)
        assert head is not None
        block = anvil.get_block(head.number)
        assert block is not None
        assert (head.hash, head.parent_hash) == (block["hash"], block["parentHash"])


def test_new_posts_arrive_over_websocket_without_polling(
    agora: Agora, follower: Follower, anvil: RpcClient
) -> None:
    follower.start(ws_of(anvil))
    wait_until(lambda: follower.indexer.live.mode == "ws", "the subscription")
    sent = {agora.post(1, f"live {i}") for i in range(3)}
    follower.wait_for(sent, "the posts to be indexed")
    live = follower.indexer.live
    assert live.poll_syncs == 0
    assert live.heads >= 1
    assert live.ws_connects == 1 and live.ws_failures == 0
    # a sync commits its posts before it reports them: wait for the report, not only the rows
    wait_until(lambda: sum(r.posts for r in follower.results) >= 3, "the syncs' reports")
    assert sum(r.posts for r in follower.results) == 3


def test_reorg_during_follow_is_rolled_back(
    agora: Agora, follower: Follower, anvil: RpcClient
) -> None:
    follower.start(ws_of(anvil))
    wait_until(lambda: follower.indexer.live.mode == "ws", "the subscription")
    kept = agora.post(1, "before the fork")
    follower.wait_for({kept}, "the first post")
    snapshot = anvil.call("evm_snapshot")
    orphan = agora.post(2, "on the orphaned branch")
    follower.wait_for({kept, orphan}, "the orphaned post")

    assert anvil.call("evm_revert", [snapshot]) is True
    replacing = {agora.post(3, "on the new branch"), agora.post(3, "and another")}
    follower.wait_for({kept} | replacing, "the reorg to be rolled back")

    assert sum(r.reorgs for r in follower.results) >= 1
    assert sum(r.rolled_back_posts for r in follower.results) >= 1
    assert follower.indexer.live.poll_syncs == 0
    follower.close()
    # The stored cursor is on the new branch: the node agrees with its hash.
    cursor, cursor_hash = follower.indexer.cursor()
    block = anvil.get_block(cursor)
    assert block is not None and block["hash"] == cursor_hash


def test_websocket_drop_falls_back_to_polling_and_recovers(
    agora: Agora, follower: Follower, anvil: RpcClient
) -> None:
    proxy = WsProxy(ws_of(anvil))
    try:
        follower.start(proxy.url)
        live = follower.indexer.live
        wait_until(lambda: live.mode == "ws", "the subscription")
        first = agora.post(1, "over the socket")
        follower.wait_for({first}, "the post sent over WebSocket")
        assert live.poll_syncs == 0

        proxy.stop()
        wait_until(lambda: live.ws_failures >= 1 and live.mode == "poll", "the fallback")
        second = agora.post(1, "while the socket is down")
        follower.wait_for({first, second}, "the post found by polling")
        assert live.poll_syncs >= 1

        proxy.start()
        wait_until(lambda: live.ws_connects >= 2 and live.mode == "ws", "the reconnection")
        polls = live.poll_syncs
        third = agora.post(1, "back on the socket")
        follower.wait_for({first, second, third}, "the post after reconnecting")
        assert live.poll_syncs == polls
    finally:
        follower.close()
        proxy.stop()


def test_unreachable_websocket_polls(agora: Agora, follower: Follower) -> None:
    follower.start("ws://127.0.0.1:9")  # discard port: nothing listens
    live = follower.indexer.live
    wait_until(lambda: live.ws_failures >= 1, "the failed connection")
    sent = agora.post(1, "found by polling")
    follower.wait_for({sent}, "the post found by polling")
    assert live.poll_syncs >= 1 and live.ws_connects == 0
