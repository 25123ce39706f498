"""Fixtures for fault tests: Agora on anvil behind a fault-injecting proxy, with short timeouts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.proxy import FaultyRpc
from tests.index.kit import Agora, deploy
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore

RPC_TIMEOUT = 1.0
"""Client timeout while faults are injected (the proxy stalls for 2 s)."""


@pytest.fixture(autouse=True)
def short_rpc_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Agora's RPC client gives up after one second here, so timeout faults stay fast."""
    monkeypatch.setattr(RpcClient.__init__, "__kwdefaults__", {"timeout": RPC_TIMEOUT})


@pytest.fixture
def faulty(anvil: RpcClient) -> Iterator[FaultyRpc]:
    proxy = FaultyRpc(anvil.url)
    try:
        yield proxy
    finally:
        proxy.close()


@pytest.fixture
def agora(anvil: RpcClient, isolated_home: Path) -> Agora:
    return deploy(anvil, LocalContentStore(isolated_home / "content"))
