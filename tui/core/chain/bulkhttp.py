"""Large JSON-RPC answers over plain HTTP, read with http.client in one piece.

A first sync downloads tens of MB of eth_getLogs answers. httpx reads a body in 64 KB chunks
through h11 and joins them: about five times the CPU of http.client, which reads a body of
known length straight into one buffer (0.13 s against 0.03 s for 89 MB, measured). So
``RpcClient`` sends its reads here (``call_raw`` and every request that only reads) when the
node is a plain ``http://`` URL and no proxy is configured (httpx honours proxy settings, this
does not); HTTPS keeps httpx and its certificate checks, and so do transactions. A CLI command
against a devnet then never imports httpx (a third of ``agora sync``'s start-up). Kept-alive
connections are pooled, since the indexer fetches ranges from several threads. Gzip answers
are accepted (remote nodes compress large answers).
"""

from __future__ import annotations

import http.client
import threading
import urllib.parse
import urllib.request
import zlib

from tui.core.text import clean_line, is_digits

CONNECT_TIMEOUT = 5.0
"""Seconds to open a connection (reading an answer may take the client's whole timeout)."""
MAX_IDLE = 8
"""Idle connections kept for the next requests (the indexer fetches with up to 5 at once)."""
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)
"""Failures of a kept-alive connection that the node closed while it was idle."""


class BulkError(Exception):
    """What went wrong, in the words ``RpcClient`` uses for httpx's errors."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail)
        self.kind = kind
        """"connect", "timeout", "oversized" or "http"."""
        self.detail = clean_line(detail, 200)


def usable(url: str) -> bool:
    """True for a plain-HTTP URL that no proxy setting applies to."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        return False
    proxies = urllib.request.getproxies()
    return not proxies or bool(urllib.request.proxy_bypass(parts.hostname))


class BulkPoster:
    """POSTs JSON bodies to one plain-HTTP URL; returns the whole answer's bytes and status.

    Kept-alive connections wait in a small pool between requests, whichever thread made
    them: the indexer starts new worker threads for every sync, so connections kept per
    thread would pile up, open, for as long as the client lives.
    """

    def __init__(self, url: str, timeout: float, max_bytes: int) -> None:
        parts = urllib.parse.urlsplit(url)
        self._host = parts.hostname or ""
        self._port = parts.port or 80
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._timeout = timeout
        self._max = max_bytes
        self._lock = threading.Lock()
        self._idle: list[http.client.HTTPConnection] = []
        self._closed = False
        self.enabled = True
        """False when the URL needs what only httpx does (a proxy): the caller uses httpx."""

    def post(self, body: bytes) -> tuple[bytes, int]:
        """Send ``body``; a kept-alive connection the node has closed meanwhile is retried once
        on a new one (only callers whose requests are safe to repeat use this)."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is not None:
            try:
                return self._done(conn, self._exchange(conn, body))
            except _STALE:
                conn.close()
        conn = self._connect()
        try:
            return self._done(conn, self._exchange(conn, body))
        except _STALE as exc:
            conn.close()
            raise BulkError("http", str(exc) or type(exc).__name__) from None

    def _done(
        self, conn: http.client.HTTPConnection, answer: tuple[bytes, int]
    ) -> tuple[bytes, int]:
        """Put ``conn`` back in the pool when it can carry another request."""
        with self._lock:
            if conn.sock is not None and not self._closed and len(self._idle) < MAX_IDLE:
                self._idle.append(conn)
                return answer
        conn.close()
        return answer

    def _connect(self) -> http.client.HTTPConnection:
        # Connecting gets at most 5 s, as with httpx: an unreachable node fails fast.
        conn = http.client.HTTPConnection(
            self._host, self._port, timeout=min(self._timeout, CONNECT_TIMEOUT)
        )
        try:
            conn.connect()
        except TimeoutError:
            raise BulkError("connect", "connection timed out") from None
        except OSError as exc:
            raise BulkError("connect", str(exc)) from None
        if conn.sock is not None:
            conn.sock.settimeout(self._timeout)
        return conn

    def _exchange(self, conn: http.client.HTTPConnection, body: bytes) -> tuple[bytes, int]:
        headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}
        try:
            conn.request("POST", self._path, body, headers)
            response = conn.getresponse()
            length = response.getheader("Content-Length")
            if length is not None and is_digits(length) and int(length) > self._max:
                conn.close()
                raise BulkError("oversized")
            data = response.read(self._max + 1)
            if len(data) > self._max:
                conn.close()
                raise BulkError("oversized")
            if response.will_close or not response.isclosed():
                conn.close()  # the node ends the connection, or bytes are left unread
            if response.getheader("Content-Encoding", "").lower() == "gzip":
                inflate = zlib.decompressobj(wbits=31)
                data = inflate.decompress(data, self._max + 1)
                if len(data) > self._max or inflate.unconsumed_tail:
                    conn.close()
                    raise BulkError("oversized")
            return data, response.status
        except (BulkError, *_STALE):
            raise
        except TimeoutError:
            conn.close()
            raise BulkError("timeout") from None
        except (OSError, http.client.HTTPException, zlib.error) as exc:
            conn.close()
            raise BulkError("http", str(exc) or type(exc).__name__) from None

    def close(self) -> None:
        with self._lock:
            idle, self._idle, self._closed = self._idle, [], True
        for conn in idle:
            conn.close()
