"""``AgoraIndex.refresh`` (the TUI's poll) reports any change to the lists, whoever indexed it."""

from __future__ import annotations

from pathlib import Path

from tests.index.kit import Agora
from tui.core.content.store import LocalContentStore
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex


def test_refresh_reports_articles_and_other_processes_but_not_empty_blocks(
    agora: Agora, index: AgoraIndex, store: LocalContentStore, tmp_path: Path
) -> None:
    agora.post(0, "first")
    assert index.refresh() > 0
    assert index.refresh() == 0  # nothing new
    agora.rpc.call("evm_mine")  # blocks without our events move the cursor only
    assert index.refresh() == 0
    agora.publish(1, "An article", "body")  # no post: still a change
    assert index.refresh() > 0
    assert index.refresh() == 0
    # Another process (here another connection, as `agora post` would) indexes a tip first:
    # this index's own sync then finds nothing, and the poll still reports the change.
    agora.tip(2, 1, 10**15)
    other = AgoraIndex(connect(tmp_path / "index.sqlite"), agora.network, store=store)
    try:
        assert other.sync().logs == 1
    finally:
        other.close()
    assert index.refresh() > 0
    assert index.refresh() == 0
