"""call_raw's http.client transport: same answers and errors as httpx, at a fifth of the CPU."""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from tui.core.chain import bulkhttp, rpc
from tui.core.chain.foundry import free_port
from tui.core.chain.rpc import RpcClient, RpcError, RpcUnavailable

ANSWER = b'{"jsonrpc":"2.0","id":1,"result":[' + b",".join([b'"0xab"'] * 5000) + b"]}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as nodes answer
    body = ANSWER
    gzip = False
    close_after = 0
    """Close the connection after this many answers (0: never), as an idle node does."""
    answers = 0
    connections: ClassVar[set[int]] = set()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        type(self).connections.add(self.client_address[1])
        # counted before the answer leaves: a client that has its answer sees the count
        type(self).answers += 1
        body = self.body
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if self.close_after and type(self).answers % self.close_after == 0:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[type[_Handler]]:
    handler = type("H", (_Handler,), {"connections": set()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.url = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield handler
    httpd.shutdown()
    httpd.server_close()


def test_a_plain_http_node_is_read_with_http_client(server: type[_Handler]) -> None:
    with RpcClient(server.url) as client:  # type: ignore[attr-defined]
        assert client.call_raw("eth_getLogs", [{}]) == ANSWER
        assert client.call_raw("eth_getLogs", [{}]) == ANSWER
        assert client._bulk is not None and client._bulk.enabled
    assert len(server.connections) == 1  # one kept-alive connection for both requests


def test_threads_one_after_another_share_one_connection(server: type[_Handler]) -> None:
    """The indexer starts new worker threads for every sync: they reuse the pooled
    connections rather than each leaving one open."""
    with RpcClient(server.url) as client:  # type: ignore[attr-defined]
        for _ in range(10):
            worker = threading.Thread(target=client.call_raw, args=("eth_getLogs", [{}]))
            worker.start()
            worker.join()
        assert server.answers == 10
    assert len(server.connections) == 1


def test_a_connection_the_node_closed_is_opened_again(server: type[_Handler]) -> None:
    server.close_after = 1
    with RpcClient(server.url) as client:  # type: ignore[attr-defined]
        for _ in range(3):
            assert client.call_raw("eth_getLogs", [{}]) == ANSWER
    assert len(server.connections) == 3


def test_gzip_answers_are_inflated(server: type[_Handler]) -> None:
    server.gzip = True
    with RpcClient(server.url) as client:  # type: ignore[attr-defined]
        assert client.call_raw("eth_getLogs", [{}]) == ANSWER


def test_an_oversized_answer_is_refused(
    server: type[_Handler], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rpc, "MAX_RESPONSE_BYTES", len(ANSWER) - 1)
    for compressed in (False, True):
        server.gzip = compressed
        with (
            RpcClient(server.url) as client,  # type: ignore[attr-defined]
            pytest.raises(RpcUnavailable, match="oversized"),
        ):
            client.call_raw("eth_getLogs", [{}])


def test_errors_read_as_with_httpx(server: type[_Handler]) -> None:
    server.body = b'{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"too many"}}'
    with (
        RpcClient(server.url) as client,  # type: ignore[attr-defined]
        pytest.raises(RpcError, match="too many"),
    ):
        client.call_raw("eth_getLogs", [{}])
    with (
        RpcClient(f"http://127.0.0.1:{free_port()}") as client,
        pytest.raises(RpcUnavailable, match="Cannot reach"),
    ):
        client.call_raw("eth_getLogs", [{}])


def test_a_proxy_setting_keeps_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bulkhttp.usable("http://127.0.0.1:8545")
    assert not bulkhttp.usable("https://rpc.example.org")
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "localhost")
    assert not bulkhttp.usable("http://10.0.0.5:8545")
    assert bulkhttp.usable("http://localhost:8545")


def test_reads_from_a_plain_http_node_never_load_httpx(server: type[_Handler]) -> None:
    """A CLI sync against a devnet reads only: httpx (and its clients) cost a third of its
    start-up, so neither the RPC client nor the sync path (hydrate) may import it."""
    code = (
        "import sys\n"
        "from tui.core.chain.rpc import Call, RpcClient, RpcUnavailable\n"
        "import tui.core.index.hydrate, tui.core.index.sync\n"
        "with RpcClient(sys.argv[1]) as client:\n"
        "    client.call('eth_blockNumber')\n"
        "    try:  # this node answers every request alike: not a batch answer, but it went\n"
        "        client.batch([Call('eth_chainId', []), Call('eth_getBlockByNumber', ['0x1', 0])])\n"
        "    except RpcUnavailable:\n"
        "        pass\n"
        "    client.call_raw('eth_getLogs', [{}])\n"
        "assert 'httpx' not in sys.modules, 'httpx was imported'\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-c", code, server.url],  # type: ignore[attr-defined]
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert server.answers == 3


def test_a_transaction_is_never_sent_twice(server: type[_Handler]) -> None:
    """Reads retry a kept-alive connection the node had closed; a transaction goes through
    httpx, which never repeats a request that may have reached the node."""
    server.body = b'{"jsonrpc":"2.0","id":1,"result":"0x1"}'
    server.close_after = 1  # every answer ends its connection, as an idle node's does
    with RpcClient(server.url) as client:  # type: ignore[attr-defined]
        client.call("eth_blockNumber")
        before = server.answers
        client.call("eth_sendRawTransaction", ["0x00"])
        assert server.answers == before + 1
        assert client._client is not None  # httpx carried the transaction
        assert client._bulk is not None and client._bulk.enabled
