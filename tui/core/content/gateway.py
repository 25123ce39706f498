"""A read-only trustless gateway over the local store, so Agora processes share content.

Serves ``GET``/``HEAD /ipfs/{cid}`` as raw blocks (``application/vnd.ipld.raw``), the subset of
the trustless gateway protocol our fetcher uses; clients verify the bytes against the CID, so
this server needs no trust. Anything that is not a raw-codec CIDv1 is refused before it can
touch the filesystem; unknown CIDs are 404; writes are 405. Binds loopback by default.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tui.core.content.cid import is_cid
from tui.core.content.fetch import RAW
from tui.core.content.store import BlockStore


class _Handler(BaseHTTPRequestHandler):
    server_version = "agora-gateway"
    sys_version = ""
    store: BlockStore

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
        data = self.store.get(cid)
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


class LocalGateway:
    """A running gateway (a ThreadingHTTPServer in a daemon thread, or in the foreground)."""

    def __init__(self, store: BlockStore, host: str = "127.0.0.1", port: int = 0) -> None:
        handler = type("Handler", (_Handler,), {"store": store})
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

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
