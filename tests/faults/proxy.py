"""A fault-injecting JSON-RPC proxy and IPFS gateway on loopback, for tests (bounded in time).

``FaultyRpc(upstream)`` forwards JSON-RPC to a real node and, while a fault is set, misbehaves the
way real providers and networks do. ``FaultyGateway(store)`` serves blocks from a content store
and can lie about them. Every sleep is capped by ``MAX_STALL`` so a test cannot hang.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

MAX_STALL = 5.0
"""Longest a fault keeps a connection waiting (seconds)."""
MAX_HANG = 120.0
"""Longest a ``hang`` gateway holds a request when the test never releases it (seconds)."""

HOSTILE_MESSAGE = "\x1b]0;PWNED\x07\x1b[2J[@click=app.quit]quit[/] \u202eevil\x9b31m"
"""An error text a hostile node or gateway sends back: escapes, markup, bidi, C1."""

FAULTS = (
    "ok",
    "timeout_before",  # hold the request, never forward it
    "timeout_after",  # forward it, then hold the answer
    "drop_before",  # close the connection without forwarding
    "drop_after",  # forward, then close without answering
    "http_429",
    "http_500",
    "http_503",
    "truncated",  # forward, answer with half the JSON
    "invalid_json",  # hostile non-JSON body
    "wrong_types",  # valid JSON, wrong shapes
    "rpc_error",  # JSON-RPC error object with a hostile message
    "wrong_chain",  # eth_chainId answers mainnet
    "future_blocks",  # eth_blockNumber claims far more blocks than exist
)


@dataclass
class Fault:
    name: str = "ok"
    methods: frozenset[str] | None = None
    """Only requests for these methods misbehave (None: all)."""
    stall: float = 2.0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up mid-answer is expected here: stay quiet."""


class FaultyRpc:
    """Forwards JSON-RPC to ``upstream``; misbehaves according to ``fault``."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.fault = Fault()
        self.seen: list[str] = []
        """Every method asked for (also while faulty)."""
        self.forwarded: list[str] = []
        """Methods actually forwarded to the node."""
        self._http = httpx.Client(timeout=30)
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                proxy._serve(self, raw)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def set(self, name: str, *methods: str, stall: float = 2.0) -> None:
        assert name in FAULTS, name
        self.fault = Fault(name, frozenset(methods) if methods else None, min(stall, MAX_STALL))

    def clear(self) -> None:
        self.fault = Fault()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._http.close()

    # ---- behaviour ----------------------------------------------------------------------
    def _forward(self, raw: bytes) -> bytes:
        body = json.loads(raw)
        with self._lock:
            for r in body if isinstance(body, list) else [body]:
                self.forwarded.append(str(r.get("method")))
        return self._http.post(
            self.upstream, content=raw, headers={"Content-Type": "application/json"}
        ).content

    def _rewrite(self, raw: bytes, answer: bytes, name: str) -> bytes:
        reqs = json.loads(raw)
        got = json.loads(answer)
        single = not isinstance(reqs, list)
        reqs_l = [reqs] if single else reqs
        got_l = [got] if single else got
        by_id = {r.get("id"): r.get("method") for r in reqs_l}
        for item in got_l:
            method = by_id.get(item.get("id"))
            if name == "wrong_chain" and method in ("eth_chainId", "net_version"):
                item["result"] = "0x1" if method == "eth_chainId" else "1"
            if name == "future_blocks" and method == "eth_blockNumber":
                item["result"] = hex(int(item["result"], 16) + 1_000_000)
            if name == "wrong_types" and "result" in item:
                item["result"] = {"unexpected": [HOSTILE_MESSAGE, None, 1.5]}
        return json.dumps(got_l[0] if single else got_l).encode()

    def _applies(self, raw: bytes) -> bool:
        fault = self.fault
        if fault.name == "ok":
            return False
        if fault.methods is None:
            return True
        try:
            body = json.loads(raw)
        except ValueError:
            return True
        methods = {r.get("method") for r in (body if isinstance(body, list) else [body])}
        return bool(methods & fault.methods)

    def _serve(self, h: BaseHTTPRequestHandler, raw: bytes) -> None:
        try:
            body = json.loads(raw)
            with self._lock:
                for r in body if isinstance(body, list) else [body]:
                    self.seen.append(str(r.get("method")))
        except ValueError:
            pass
        fault = self.fault
        name = fault.name if self._applies(raw) else "ok"
        answer: bytes
        status = 200
        if name == "timeout_before":
            time.sleep(fault.stall)
            return _drop(h)
        if name == "drop_before":
            return _drop(h)
        if name in ("http_429", "http_500", "http_503"):
            return _reply(h, HOSTILE_MESSAGE.encode(), int(name[5:]), "text/plain")
        if name == "invalid_json":
            return _reply(
                h, b"<html>" + HOSTILE_MESSAGE.encode() + b"\xff\xfe", 200, "application/json"
            )
        if name == "rpc_error":
            reqs = body if isinstance(body, list) else [body]
            errs = [
                {
                    "jsonrpc": "2.0",
                    "id": r.get("id"),
                    "error": {"code": -32000, "message": HOSTILE_MESSAGE, "data": HOSTILE_MESSAGE},
                }
                for r in reqs
            ]
            return _reply(h, json.dumps(errs if isinstance(body, list) else errs[0]).encode())
        answer = self._forward(raw)
        if name == "timeout_after":
            time.sleep(fault.stall)
            return _drop(h)
        if name == "drop_after":
            return _drop(h)
        if name == "truncated":
            answer = answer[: max(len(answer) // 2, 1)]
        elif name in ("wrong_chain", "future_blocks", "wrong_types"):
            answer = self._rewrite(raw, answer, name)
        return _reply(h, answer, status)


def _reply(
    h: BaseHTTPRequestHandler, data: bytes, status: int = 200, ctype: str = "application/json"
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    try:
        h.wfile.write(data)
    except OSError:  # the client gave up first (timeouts, size limits)
        h.close_connection = True


def _drop(h: BaseHTTPRequestHandler) -> None:
    """Close the socket without an answer (a reset connection, as seen by the client)."""
    h.close_connection = True
    with contextlib.suppress(OSError):
        h.connection.shutdown(socket.SHUT_RDWR)


class FaultyGateway:
    """A trustless-gateway look-alike over ``blocks(cid) -> bytes | None`` that can lie."""

    MODES = (
        "ok",
        "other_bytes",
        "http_500",
        "hostile_body",
        "oversized",
        "truncated",
        "stall",
        "hang",  # never answers until ``release`` is set (then drops the connection)
        "slow",  # answers as "ok" after ``delay`` seconds
    )

    def __init__(self, blocks: Callable[[str], bytes | None], *, delay: float = 1.0) -> None:
        self.mode = "ok"
        self.requests: list[str] = []
        self.delay = delay
        """Seconds a ``slow`` gateway waits before each answer."""
        self.asked = threading.Event()
        """Set by the first request (a test waits on it instead of sleeping)."""
        self.release = threading.Event()
        """Lets every held ``hang`` request go (set by ``close`` too)."""
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                gateway._serve(self, blocks)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def _serve(self, h: BaseHTTPRequestHandler, blocks: Callable[[str], bytes | None]) -> None:
        cid = h.path.split("?")[0].rsplit("/", 1)[-1]
        self.requests.append(cid)
        self.asked.set()
        mode = self.mode
        if mode == "hang":
            self.release.wait(MAX_HANG)
            return _drop(h)
        if mode == "slow":
            time.sleep(self.delay)
            mode = "ok"
        data = blocks(cid)
        if mode == "http_500" or (data is None and mode == "ok"):
            return _reply(
                h, HOSTILE_MESSAGE.encode(), 500 if data is not None else 404, "text/plain"
            )
        if mode == "hostile_body":
            return _reply(h, HOSTILE_MESSAGE.encode(), 200, "application/vnd.ipld.raw")
        if mode == "other_bytes":
            return _reply(
                h,
                b'{"type": "agora.post", "version": 1, "text": "forged"}',
                200,
                "application/vnd.ipld.raw",
            )
        if mode == "oversized":
            return _reply(h, b"x" * (3 * 1024 * 1024), 200, "application/vnd.ipld.raw")
        if mode == "stall":
            time.sleep(MAX_STALL)
            return _drop(h)
        assert data is not None
        if mode == "truncated":
            data = data[: len(data) // 2]
        return _reply(h, data, 200, "application/vnd.ipld.raw")
