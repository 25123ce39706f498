"""The local gateway: loopback unless public, idle connections closed, a cap on connections."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.core.content.gateway import LocalGateway, is_loopback
from tui.core.content.store import LocalContentStore
from tui.core.errors import UsageError

IDLE = 50


def _connection_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "agora-gateway-conn")


def _wait_for(condition: object, seconds: float = 15.0) -> bool:
    """Poll ``condition`` (a callable) until it holds or ``seconds`` pass (no timed assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return bool(condition())  # type: ignore[operator]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("", False)],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_any_other_interface_needs_public(tmp_path: Path) -> None:
    store = LocalContentStore(tmp_path / "content")
    with pytest.raises(UsageError, match="not a loopback address") as refused:
        LocalGateway(store, "0.0.0.0", 0)
    assert "--public" in (refused.value.hint or "")
    gateway = LocalGateway(store, "0.0.0.0", 0, public=True)
    gateway.server.server_close()


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[tuple[LocalGateway, str]]:
    store = LocalContentStore(tmp_path / "content")
    cid = store.put(b"a public block")
    gw = LocalGateway(store, timeout=0.5, max_connections=8).start()
    try:
        yield gw, cid
    finally:
        gw.stop()


def test_idle_connections_are_closed_and_capped(gateway: tuple[LocalGateway, str]) -> None:
    gw, cid = gateway
    port = gw.server.server_address[1]
    before = _connection_threads()
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(IDLE)]
    try:
        # Every idle client is accepted: at most 8 get a thread, the rest a 503 and a close.
        assert _wait_for(lambda: _connection_threads() - before >= 8)
        assert _connection_threads() - before <= 8
        # Past the timeout every idle connection is closed and its thread gone.
        assert _wait_for(lambda: _connection_threads() == before)
        for sock in idle:
            sock.settimeout(5)
            with contextlib.suppress(ConnectionResetError):
                while sock.recv(4096):  # a 503 for the ones over the cap, then the close
                    pass
    finally:
        for sock in idle:
            sock.close()
    # The gateway still serves afterwards.
    with urllib.request.urlopen(f"{gw.url}/ipfs/{cid}?format=raw", timeout=5) as answer:
        assert answer.read() == b"a public block"


def test_only_published_blocks_are_served(tmp_path: Path) -> None:
    store = LocalContentStore(tmp_path / "content")
    public, private = store.put(b"published"), store.put(b"never signed")
    gw = LocalGateway(store, published={public}).start()
    try:
        with urllib.request.urlopen(f"{gw.url}/ipfs/{public}?format=raw", timeout=5) as answer:
            assert answer.read() == b"published"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{gw.url}/ipfs/{private}?format=raw", timeout=5)
        assert missing.value.code == 404
    finally:
        gw.stop()


def test_ipv6_loopback(tmp_path: Path) -> None:
    store = LocalContentStore(tmp_path / "content")
    cid = store.put(b"over ipv6")
    try:
        gw = LocalGateway(store, "::1", 0).start()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    try:
        assert gw.url.startswith("http://[::1]:")
        with urllib.request.urlopen(f"{gw.url}/ipfs/{cid}?format=raw", timeout=5) as answer:
            assert answer.read() == b"over ipv6"
    finally:
        gw.stop()
