"""A minimal JSON-RPC WebSocket subscriber for new block headers (``eth_subscribe("newHeads")``).

Only a wake-up signal: each header tells the indexer "there is something new", and the
indexer then runs its ordinary HTTP sync (parent-hash checks, reorg rollback). Nothing in a
notification is trusted beyond that, so a lying or flaky socket can cost a request, never data.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from dataclasses import dataclass
from typing import Any

from tui.core.chain.rpc import RpcError, RpcUnavailable
from tui.core.errors import ChainError
from tui.core.text import clean_line

OPEN_TIMEOUT = 5.0
"""Seconds to connect and subscribe before the caller falls back to polling."""
MAX_MESSAGE_BYTES = 256 * 1024
"""A header is about 1 KB; a node cannot make us buffer more than this per message."""


@dataclass(frozen=True)
class Head:
    """The fields of a ``newHeads`` notification the indexer looks at."""

    number: int
    hash: str
    parent_hash: str


def ws_url_ok(url: str) -> bool:
    """True when ``url`` is a WebSocket URL we will connect to."""
    return url.startswith(("ws://", "wss://"))


class HeadSubscription:
    """One WebSocket connection subscribed to ``newHeads``; blocking, used from one thread.

    Raises RpcUnavailable for every transport failure (refused, dropped, timed out, garbage),
    so the caller has one exception to fall back to polling on.
    """

    def __init__(self, url: str, *, open_timeout: float = OPEN_TIMEOUT) -> None:
        if not ws_url_ok(url):
            raise ChainError(
                f"WebSocket URL {clean_line(url, 200)!r} must start with ws:// or wss://"
            )
        self.url = url
        self.open_timeout = open_timeout
        self.subscription = ""
        self._ids = itertools.count(1)
        self._ws: Any = None

    def __enter__(self) -> HeadSubscription:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, what: str, exc: BaseException) -> RpcUnavailable:
        detail = clean_line(str(exc) or type(exc).__name__, 200)
        return RpcUnavailable(f"WebSocket {self.url} {what}: {detail}")

    def open(self) -> None:
        """Connect and subscribe; raise RpcUnavailable (or RpcError if the node refuses)."""
        from websockets.exceptions import WebSocketException
        from websockets.sync.client import connect

        try:
            # proxy=None: a live feed to a local node must not go through $HTTPS_PROXY.
            self._ws = connect(
                self.url,
                open_timeout=self.open_timeout,
                close_timeout=1.0,
                max_size=MAX_MESSAGE_BYTES,
                proxy=None,
                compression=None,
                legacy=True,  # we own the connection's lifetime (close() below)
            )
        except (OSError, TimeoutError, WebSocketException) as exc:
            raise self._fail("is unreachable", exc) from None
        request_id = next(self._ids)
        self._send({"jsonrpc": "2.0", "id": request_id, "method": "eth_subscribe",
                    "params": ["newHeads"]})  # fmt: skip
        # Answers and notifications may interleave; wait (bounded) for our answer.
        for _ in range(64):
            message = self._recv(self.open_timeout)
            if message is None:
                break
            if message.get("id") == request_id:
                error = message.get("error")
                if isinstance(error, dict):
                    self.close()
                    code = error.get("code", -1)
                    raise RpcError(
                        "eth_subscribe", code if isinstance(code, int) else -1,
                        str(error.get("message", "")),
                    )  # fmt: skip
                result = message.get("result")
                if not isinstance(result, str) or not result:
                    break
                self.subscription = result
                return
        self.close()
        raise RpcUnavailable(f"WebSocket {self.url} did not confirm the newHeads subscription.")

    def _send(self, payload: dict[str, Any]) -> None:
        from websockets.exceptions import WebSocketException

        try:
            self._ws.send(json.dumps(payload))
        except (OSError, WebSocketException) as exc:
            raise self._fail("dropped", exc) from None

    def _recv(self, timeout: float) -> dict[str, Any] | None:
        """The next JSON object, or None when nothing came within ``timeout`` seconds."""
        from websockets.exceptions import WebSocketException

        if self._ws is None:
            raise RpcUnavailable(f"WebSocket {self.url} is closed.")
        try:
            raw = self._ws.recv(timeout=timeout)
        except TimeoutError:
            return None
        except (OSError, WebSocketException) as exc:
            raise self._fail("dropped", exc) from None
        try:
            message = json.loads(raw)
        except ValueError:
            raise RpcUnavailable(f"WebSocket {self.url} sent something that is not JSON.") from None
        if not isinstance(message, dict):
            raise RpcUnavailable(f"WebSocket {self.url} sent a malformed message.")
        return message

    def next_head(self, timeout: float) -> Head | None:
        """Wait up to ``timeout`` seconds for a new header; None when none came."""
        message = self._recv(timeout)
        if message is None or message.get("method") != "eth_subscription":
            return None
        params = message.get("params")
        if not isinstance(params, dict) or params.get("subscription") != self.subscription:
            return None
        header = params.get("result")
        if not isinstance(header, dict):
            return None
        try:
            number = int(str(header.get("number")), 16)
        except ValueError:
            return None
        return Head(number, str(header.get("hash", "")), str(header.get("parentHash", "")))

    def drain(self) -> Head | None:
        """The latest header already queued (a burst of blocks collapses into one sync)."""
        latest = None
        while True:
            head = self.next_head(0)
            if head is None:
                return latest
            latest = head

    def close(self) -> None:
        if self._ws is not None:
            ws, self._ws = self._ws, None
            # Closing a broken socket must never mask the error that made us close it.
            with contextlib.suppress(Exception):
                ws.close()
