"""A loopback JSON-RPC proxy in front of anvil that limits eth_getLogs like hosted providers do."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

STYLES = {
    "alchemy": "Log response size exceeded. this block range should work: [{start}, {end}]",
    "quicknode": "eth_getLogs is limited to a {limit} range",
    "infura": "query returned more than 10000 results",
}


class LimitingProxy:
    """Forwards JSON-RPC (single and batch) to ``upstream``; refuses wide eth_getLogs."""

    def __init__(self, upstream: str, max_blocks: int, style: str = "alchemy") -> None:
        self.upstream = upstream
        self.max_blocks = max_blocks
        self.style = style
        self.ranges: list[tuple[int, int, bool]] = []
        """Every eth_getLogs range asked for, and whether it was refused."""
        self._http = httpx.Client(timeout=30)
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                reply = proxy.handle(body)
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _refusal(self, req: dict[str, Any]) -> dict[str, Any] | None:
        if req.get("method") != "eth_getLogs":
            return None
        flt = req["params"][0]
        start, end = int(flt["fromBlock"], 16), int(flt["toBlock"], 16)
        refused = end - start + 1 > self.max_blocks
        with self._lock:
            self.ranges.append((start, end, refused))
        if not refused:
            return None
        message = STYLES[self.style].format(
            start=hex(start), end=hex(start + self.max_blocks - 1), limit=self.max_blocks
        )
        return {
            "jsonrpc": "2.0",
            "id": req.get("id"),
            "error": {"code": -32602, "message": message},
        }

    def handle(self, body: Any) -> Any:
        requests = body if isinstance(body, list) else [body]
        refusals = [self._refusal(r) for r in requests]
        forward = [r for r, refused in zip(requests, refusals, strict=True) if refused is None]
        answers: list[Any] = []
        if forward:
            got = self._http.post(self.upstream, json=forward).json()
            answers = got if isinstance(got, list) else [got]
        replies = [r for r in refusals if r is not None] + answers
        return replies if isinstance(body, list) else replies[0]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._http.close()
