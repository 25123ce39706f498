"""The status bar says "syncing" while the index is behind the node, and "synced" only once
it holds the chain (a real anvil and index): it used to say "synced" before the first sync
ran, over a timeline still being filled."""

from __future__ import annotations

import os
from pathlib import Path

import tomli_w

from tests.index.kit import deploy
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore
from tui.core.context import AgoraContext
from tui.ui.backend import CoreBackend, SyncState


def test_syncing_until_the_index_holds_the_chain(anvil: RpcClient, isolated_home: Path) -> None:
    agora = deploy(anvil, LocalContentStore(isolated_home / "content"))
    net = agora.network
    body = {k: v for k, v in net.__dict__.items() if k != "name"}
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(tomli_w.dumps({"network": net.name, "networks": {net.name: body}}))
    for n in range(3):
        agora.post(0, f"post {n}")  # three blocks the index has not seen
    backend = CoreBackend(AgoraContext.load())
    backend.attach_network(anvil.url, net.chain_id)
    assert backend.status().sync is SyncState.SYNCING
    backend.refresh()
    assert backend.status().sync is SyncState.SYNCED
    agora.post(0, "one more")  # the newest block alone: the next poll takes it
    assert backend.status().sync is SyncState.SYNCED
    agora.post(0, "and another")
    assert backend.status().sync is SyncState.SYNCING
    backend.refresh()
    assert backend.status().sync is SyncState.SYNCED
