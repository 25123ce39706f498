"""A small JSON-RPC client for EVM nodes.

We talk JSON-RPC directly instead of through web3.py: it keeps start-up light (web3 takes about
a second to import), lets the indexer fetch raw logs without per-log decoding, and, above all,
gives us exact control over retries: ``eth_sendRawTransaction`` is never retried blindly here,
because a timeout after forwarding may mean the transaction landed (the outbox decides).
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.core.errors import ChainError
from tui.core.text import clean_line

if TYPE_CHECKING:
    import httpx

    from tui.core.chain.bulkhttp import BulkPoster

DEFAULT_TIMEOUT = 15.0
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""A node cannot make us hold more than this in memory for one response."""


class RpcError(ChainError):
    """The node answered with a JSON-RPC error object."""

    def __init__(self, method: str, code: int, message: str, data: Any = None) -> None:
        self.method = method
        self.rpc_code = code
        self.rpc_message = clean_line(str(message), 500)
        self.data = data
        super().__init__(f"{method} failed: {self.rpc_message} (code {code})")


class RpcUnavailable(ChainError):
    """The node could not be reached, timed out, or answered with something that is not JSON-RPC."""

    def __init__(self, message: str, *, maybe_delivered: bool = False) -> None:
        super().__init__(message)
        self.maybe_delivered = maybe_delivered
        """True when the request may have reached the node before the failure."""


@dataclass(frozen=True)
class Call:
    """One request of a batch."""

    method: str
    params: list[Any]


_READ_PREFIXES = ("eth_", "net_", "web3_")
_WRITE_PREFIXES = ("eth_send", "eth_sign", "eth_submit", "eth_subscribe", "eth_unsubscribe")


def _repeatable(payload: Any) -> bool:
    """True when every request of ``payload`` only reads (sending it twice changes nothing).

    Those may go over http.client, whose pool retries a connection the node had closed while
    idle; transactions and dev-node commands (``anvil_*``, ``evm_*``) keep httpx, which never
    repeats a request (a timeout after forwarding may mean the transaction landed).
    """
    calls = payload if isinstance(payload, list) else [payload]
    for call in calls:
        method = str(call.get("method", "")) if isinstance(call, dict) else ""
        if not method.startswith(_READ_PREFIXES) or method.startswith(_WRITE_PREFIXES):
            return False
    return bool(calls)


def _check_url(url: str) -> None:
    """ChainError for a URL no request can be sent to (no host, a bad port or IPv6 literal,
    spaces or control characters), said as such rather than as the node's fault later."""
    from urllib.parse import urlsplit

    problem = ""
    if any(c.isspace() or not c.isprintable() for c in url):
        problem = "it has spaces or control characters"
    else:
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018  (raises ValueError on a port out of range)
            if not parts.hostname:
                problem = "it has no host"
        except ValueError as exc:
            problem = str(exc)
    if problem:
        raise ChainError(
            f"RPC URL {clean_line(url, 200)!r} is not a valid URL: {clean_line(problem, 80)}.",
            hint="Check --rpc-url, or the network's rpc_url in the settings (agora config show).",
        )


def _hex(value: int) -> str:
    return hex(value)


class RpcClient:
    """Synchronous JSON-RPC over HTTP. Thread-safe (httpx.Client and ``BulkPoster`` are)."""

    def __init__(self, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        if not url.startswith(("http://", "https://")):
            raise ChainError(
                f"RPC URL {clean_line(url, 200)!r} must start with http:// or https://"
            )
        _check_url(url)
        self.url = url
        self._ids = itertools.count(1)
        self._timeout = timeout
        self._bulk: BulkPoster | None = None
        self._lock = threading.Lock()
        """Guards the lazily made transports below."""
        self._client: httpx.Client | None = None

    @property
    def _http(self) -> httpx.Client:
        """httpx, made on first use: for HTTPS, proxies and the requests that change state.

        Reads from a plain-HTTP node (a devnet, a node on the LAN) never load it: importing
        httpx and building its clients was a third of a CLI sync's start-up.
        """
        with self._lock:
            if self._client is None:
                import ssl

                verify: ssl.SSLContext | bool = True
                if self.url.startswith("http://"):
                    # Plain HTTP never uses TLS, so skip loading the CA bundle (50-75 ms per
                    # client). This context trusts nothing: TLS would fail closed.
                    verify = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                import httpx  # here, not at import: 0.3 s that the TUI's first frame must not wait for

                timeout = httpx.Timeout(self._timeout, connect=min(self._timeout, 5.0))
                self._client = httpx.Client(timeout=timeout, verify=verify)
            return self._client

    def _poster(self) -> BulkPoster:
        """The http.client transport (``tui.core.chain.bulkhttp``); ``enabled`` False when the
        URL needs what only httpx does (HTTPS, a proxy)."""
        with self._lock:
            if self._bulk is None:
                from tui.core.chain import bulkhttp

                self._bulk = bulkhttp.BulkPoster(self.url, self._timeout, MAX_RESPONSE_BYTES)
                self._bulk.enabled = bulkhttp.usable(self.url)
            return self._bulk

    def close(self) -> None:
        with self._lock:
            client, bulk = self._client, self._bulk
        if client is not None:
            client.close()
        if bulk is not None:
            bulk.close()

    def __enter__(self) -> RpcClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _post(self, payload: Any, what: str) -> Any:
        if _repeatable(payload):
            body, status = self._post_bulk(payload, what)
        else:
            body, status = self._post_bytes(payload, what)
        return self._parse(body, status, what)

    def _parse(self, body: bytes, status: int, what: str) -> Any:
        try:
            return json.loads(body)
        except ValueError:
            snippet = clean_line(body[:200].decode("utf-8", "replace"), 200)
            raise RpcUnavailable(
                f"The RPC node answered {what} with HTTP {status}, not JSON: {snippet!r}",
                maybe_delivered=True,
            ) from None

    def _post_bytes(self, payload: Any, what: str) -> tuple[bytes, int]:
        import httpx  # loaded by ``_http`` already

        try:
            response = self._http.post(self.url, json=payload)
        except httpx.ConnectError as exc:
            raise RpcUnavailable(
                f"Cannot reach the RPC node at {self.url}: {clean_line(str(exc), 200)}"
            ) from None
        except httpx.TimeoutException:
            raise RpcUnavailable(
                f"The RPC node at {self.url} did not answer {what} in time.", maybe_delivered=True
            ) from None
        except httpx.HTTPError as exc:
            raise RpcUnavailable(
                f"RPC request {what} to {self.url} failed: {clean_line(str(exc), 200)}",
                maybe_delivered=True,
            ) from None
        body = response.content
        if len(body) > MAX_RESPONSE_BYTES:
            raise RpcUnavailable(f"The RPC node sent an oversized answer to {what}.")
        if response.status_code == 429:
            raise RpcUnavailable(f"The RPC node at {self.url} is rate limiting us (HTTP 429).")
        return body, response.status_code

    def _post_bulk(self, payload: Any, what: str) -> tuple[bytes, int]:
        """``_post_bytes`` over http.client when the URL allows it: about a fifth of httpx's
        CPU for a large answer, and no httpx to import. Only for requests that are safe to
        send twice (reads): a kept-alive connection the node had closed is retried once."""
        from tui.core.chain import bulkhttp

        poster = self._poster()
        if not poster.enabled:
            return self._post_bytes(payload, what)
        try:
            body, status = poster.post(json.dumps(payload).encode())
        except bulkhttp.BulkError as exc:
            if exc.kind == "connect":
                raise RpcUnavailable(
                    f"Cannot reach the RPC node at {self.url}: {exc.detail}"
                ) from None
            if exc.kind == "timeout":
                raise RpcUnavailable(
                    f"The RPC node at {self.url} did not answer {what} in time.",
                    maybe_delivered=True,
                ) from None
            if exc.kind == "oversized":
                raise RpcUnavailable(f"The RPC node sent an oversized answer to {what}.") from None
            raise RpcUnavailable(
                f"RPC request {what} to {self.url} failed: {exc.detail}", maybe_delivered=True
            ) from None
        if status == 429:
            raise RpcUnavailable(f"The RPC node at {self.url} is rate limiting us (HTTP 429).")
        return body, status

    def _unwrap(self, method: str, reply: Any) -> Any:
        if not isinstance(reply, dict):
            raise RpcUnavailable(f"The RPC node sent a malformed answer to {method}.")
        if "error" in reply and reply["error"] is not None:
            err = reply["error"]
            if not isinstance(err, dict):
                raise RpcError(method, -1, str(err))
            code = err.get("code", -1)
            return_code = code if isinstance(code, int) else -1
            raise RpcError(method, return_code, str(err.get("message", "")), err.get("data"))
        if "result" not in reply:
            raise RpcUnavailable(f"The RPC node sent no result for {method}.")
        return reply["result"]

    def call(self, method: str, params: list[Any] | None = None) -> Any:
        """Send one request and return its ``result``; raise RpcError on an error object."""
        payload = {
            "jsonrpc": "2.0",
            "id": next(self._ids),
            "method": method,
            "params": params or [],
        }
        return self._unwrap(method, self._post(payload, method))

    def call_raw(self, method: str, params: list[Any] | None = None) -> bytes:
        """Send one request and return the raw answer, for callers that parse it faster.

        Transport failures raise as in ``call``; an answer that does not open with a
        ``result`` member is parsed here and raises what ``call`` would (RpcError for an error
        object). The bytes returned still need checking: ``result_of`` parses them the slow,
        strict way when a fast parser does not recognise them.
        """
        payload = {
            "jsonrpc": "2.0",
            "id": next(self._ids),
            "method": method,
            "params": params or [],
        }
        body, status = self._post_bulk(payload, method)
        if b'"result":' not in body[:128]:
            self._unwrap(method, self._parse(body, status, method))
            raise RpcUnavailable(f"The RPC node sent a malformed answer to {method}.")
        return body

    def result_of(self, method: str, body: bytes) -> Any:
        """The ``result`` of a raw answer from ``call_raw`` (with ``call``'s errors)."""
        return self._unwrap(method, self._parse(body, 200, method))

    def batch(self, calls: list[Call]) -> list[Any]:
        """Send several requests in one HTTP round trip; results come back in call order.

        Each element is the result, or the RpcError for that call (not raised), so one failing
        call does not hide the others.
        """
        if not calls:
            return []
        ids = [next(self._ids) for _ in calls]
        payload = [
            {"jsonrpc": "2.0", "id": i, "method": c.method, "params": c.params}
            for i, c in zip(ids, calls, strict=True)
        ]
        replies = self._post(payload, "a batch")
        if isinstance(replies, dict):  # some nodes answer a whole batch with one error
            self._unwrap("batch", replies)
            raise RpcUnavailable("The RPC node does not support batch requests.")
        if not isinstance(replies, list):
            raise RpcUnavailable("The RPC node sent a malformed batch answer.")
        by_id = {r.get("id"): r for r in replies if isinstance(r, dict)}
        results: list[Any] = []
        for i, c in zip(ids, calls, strict=True):
            try:
                results.append(self._unwrap(c.method, by_id.get(i)))
            except RpcError as exc:
                results.append(exc)
        return results

    # Typed helpers for the calls everyone needs.
    def chain_id(self) -> int:
        return int(self.call("eth_chainId"), 16)

    def block_number(self) -> int:
        return int(self.call("eth_blockNumber"), 16)

    def get_block(self, tag: int | str, full: bool = False) -> dict[str, Any] | None:
        ref = _hex(tag) if isinstance(tag, int) else tag
        result = self.call("eth_getBlockByNumber", [ref, full])
        return result if isinstance(result, dict) else None

    def balance(self, address: str, tag: str = "latest") -> int:
        return int(self.call("eth_getBalance", [address, tag]), 16)

    def nonce(self, address: str, tag: str = "pending") -> int:
        return int(self.call("eth_getTransactionCount", [address, tag]), 16)

    def get_code(self, address: str) -> bytes:
        return bytes.fromhex(self.call("eth_getCode", [address, "latest"])[2:])

    def eth_call(self, to: str, data: str, sender: str | None = None) -> str:
        tx: dict[str, Any] = {"to": to, "data": data}
        if sender:
            tx["from"] = sender
        result = self.call("eth_call", [tx, "latest"])
        return str(result)

    def receipt(self, tx_hash: str) -> dict[str, Any] | None:
        result = self.call("eth_getTransactionReceipt", [tx_hash])
        return result if isinstance(result, dict) else None

    def transaction(self, tx_hash: str) -> dict[str, Any] | None:
        result = self.call("eth_getTransactionByHash", [tx_hash])
        return result if isinstance(result, dict) else None

    def get_logs(
        self, from_block: int, to_block: int, addresses: list[str], topics: list[Any] | None = None
    ) -> list[dict[str, Any]]:
        flt: dict[str, Any] = {
            "fromBlock": _hex(from_block),
            "toBlock": _hex(to_block),
            "address": addresses,
        }
        if topics:
            flt["topics"] = topics
        result = self.call("eth_getLogs", [flt])
        if not isinstance(result, list):
            raise RpcUnavailable("The RPC node sent a malformed eth_getLogs answer.")
        return result
