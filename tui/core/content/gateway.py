"""A read-only trustless gateway over the local store, so Agora processes share content.

Serves ``GET``/``HEAD /ipfs/{cid}`` as raw blocks (``application/vnd.ipld.raw``), the subset of
the trustless gateway protocol our fetcher uses; clients verify the bytes against the CID, so
this server needs no trust. Anything that is not a raw-codec CIDv1 is refused before it can
touch the filesystem; unknown CIDs are 404; writes are 405.

The store also holds words that were never published (a post not signed, a ``--dry-run``), so
the CLI serves only the CIDs ``published`` admits (``tui.core.content.published``). It binds
loopback unless told ``public``; each connection gets ``timeout`` seconds per request and at
most ``max_connections`` are served at once (one thread each), so idle clients cannot pile up.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Container
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tui.core.content.cid import is_cid
from tui.core.content.fetch import RAW
from tui.core.content.store import BlockStore
from tui.core.errors import UsageError

TIMEOUT = 10.0
"""Seconds a connection may stay silent (before or between requests) before it is closed."""
MAX_CONNECTIONS = 32
"""Connections served at once; more are answered 503 and closed without a thread."""
_BUSY = b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is a loopback one ("" and 0.0.0.0 are not)."""
    if not host:
        return False
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    addresses = {str(info[4][0]).split("%")[0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


class _Handler(BaseHTTPRequestHandler):
    server_version = "agora-gateway"
    sys_version = ""
    store: BlockStore
    published: Container[str] | None = None
    """CIDs that may be served (None: the whole store, for a store of public blocks only)."""
    timeout = TIMEOUT

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a terminal app must not print access logs over its own output."""

    def _reply(self, status: int, body: bytes, content_type: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if status == 200:
            self.send_header("Cache-Control", "public, max-age=29030400, immutable")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _error(self, status: int, message: str, head: bool) -> None:
        self._reply(status, (message + "\n").encode(), "text/plain; charset=utf-8", head)

    def _serve(self, head: bool) -> None:
        parts = urlsplit(self.path)
        segments = parts.path.split("/")
        if len(segments) != 3 or segments[0] or segments[1] != "ipfs":
            self._error(400, "only /ipfs/{cid} is served", head)
            return
        cid = segments[2]
        if not is_cid(cid):
            self._error(400, "not a CIDv1 raw sha2-256 identifier", head)
            return
        fmt = parse_qs(parts.query).get("format", [""])[0]
        accept = self.headers.get("Accept", "")
        if fmt not in ("", "raw") or (fmt != "raw" and RAW not in accept and "*/*" not in accept):
            self._error(406, "only raw blocks (?format=raw) are served", head)
            return
        published = self.published
        data = self.store.get(cid) if published is None or cid in published else None
        if data is None:
            self._error(404, "not in this node's store", head)
            return
        self._reply(200, data, RAW, head)

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _refuse(self) -> None:
        self._error(405, "read-only gateway", head=False)

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse


class _BoundedServer(ThreadingHTTPServer):
    """One thread per connection, at most ``max_connections`` of them."""

    daemon_threads = True
    request_queue_size = 128
    """Connections the kernel holds before accept (socketserver's 5 stalls a burst of clients)."""

    def __init__(self, address: tuple[str, int], handler: Any, max_connections: int) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)
        self.slots = threading.BoundedSemaphore(max_connections)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            _refuse_busy(request)
            self.shutdown_request(request)
            return
        thread = threading.Thread(
            target=self._serve_one,
            args=(request, client_address),
            name="agora-gateway-conn",
            daemon=True,
        )
        thread.start()

    def _serve_one(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            self.slots.release()


def _refuse_busy(request: socket.socket) -> None:
    try:
        request.settimeout(1.0)
        request.sendall(_BUSY)
    except OSError:
        pass


class LocalGateway:
    """A running gateway (a ThreadingHTTPServer in a daemon thread, or in the foreground)."""

    def __init__(
        self,
        store: BlockStore,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        published: Container[str] | None = None,
        public: bool = False,
        timeout: float = TIMEOUT,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        """Bind ``host:port``.

        Raises:
            UsageError: ``host`` is not a loopback address and ``public`` is not set.
            OSError: the address cannot be bound.
        """
        if not public and not is_loopback(host):
            raise UsageError(
                f"Refusing to serve on {host or 'every interface'}: not a loopback address.",
                hint="Pass --public to let other machines read your published content.",
            )
        attrs = {"store": store, "published": published, "timeout": timeout}
        handler = type("Handler", (_Handler,), attrs)
        self.server = _BoundedServer((host, port), handler, max_connections)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        address, port = self.server.server_address[:2]
        host = str(address, "ascii") if isinstance(address, bytes) else str(address)
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def start(self) -> LocalGateway:
        self._thread = threading.Thread(
            target=self.server.serve_forever, name="agora-gateway", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.server.serve_forever()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(5)
