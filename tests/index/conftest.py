"""Fixtures for index tests: Agora deployed on the session's anvil, and an open index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.index.kit import Agora, deploy
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex


@pytest.fixture
def store(tmp_path: Path) -> LocalContentStore:
    return LocalContentStore(tmp_path / "content")


@pytest.fixture
def agora(anvil: RpcClient, store: LocalContentStore) -> Agora:
    return deploy(anvil, store)


@pytest.fixture
def index(agora: Agora, store: LocalContentStore, tmp_path: Path) -> Iterator[AgoraIndex]:
    from tests.conftest import DEV_ADDRESSES

    idx = AgoraIndex(
        connect(tmp_path / "index.sqlite"), agora.network, me=DEV_ADDRESSES[0], store=store
    )
    try:
        yield idx
    finally:
        idx.close()
