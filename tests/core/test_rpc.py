"""The JSON-RPC client turns every node failure into a clear ChainError."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tui.core.chain.foundry import free_port
from tui.core.chain.rpc import Call, RpcClient, RpcError, RpcUnavailable
from tui.core.errors import ChainError


class _Handler(BaseHTTPRequestHandler):
    status = 200
    body = b"{}"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(self.status)
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[type[_Handler]]:
    handler = type("H", (_Handler,), {})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.url = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield handler
    httpd.shutdown()
    httpd.server_close()


def test_unreachable_node() -> None:
    rpc = RpcClient(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(RpcUnavailable, match="Cannot reach"):
        rpc.chain_id()


def test_bad_url_scheme() -> None:
    with pytest.raises(ChainError, match="http"):
        RpcClient("ws://localhost:8545")


@pytest.mark.parametrize(
    "url",
    ["http://[::1", "http://", "https://node.example:99999", "http://a b", "http://x\x1b[31m"],
)
def test_a_malformed_url_is_said_to_be_one(url: str) -> None:
    """Not "the node sent a malformed chain id" once a request is tried: nothing was sent."""
    with pytest.raises(ChainError, match="is not a valid URL") as caught:
        RpcClient(url)
    assert "\x1b" not in caught.value.message


def test_non_json_answer_is_sanitised(server: type[_Handler]) -> None:
    server.status = 502
    server.body = b"<html>\x1b]0;pwned\x07bad gateway</html>"
    with pytest.raises(RpcUnavailable) as info:
        RpcClient(server.url).chain_id()  # type: ignore[attr-defined]
    assert "\x1b" not in str(info.value) and "HTTP 502" in str(info.value)


def test_rate_limit(server: type[_Handler]) -> None:
    server.status = 429
    with pytest.raises(RpcUnavailable, match="429"):
        RpcClient(server.url).chain_id()  # type: ignore[attr-defined]


def test_error_object_and_batch(anvil: RpcClient) -> None:
    with pytest.raises(RpcError) as info:
        anvil.call("eth_nonexistentMethod")
    assert info.value.rpc_code != 0
    ok, bad = anvil.batch([Call("eth_chainId", []), Call("eth_nope", [])])
    assert ok == "0x7a69" and isinstance(bad, RpcError)
