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


def test_content_a_sync_finds_in_the_local_store_is_reported_once(
    agora: Agora, index: AgoraIndex
) -> None:
    """A list read while the sync ran may hold the post as "fetching": the TUI reloads its
    lists when this count is above zero, since no content pass will fetch that post again."""
    assert index.take_resolved() == 0
    agora.post(0, "written on this machine")  # its content is in the local store
    agora.post(1, "another one")
    index.sync()
    assert index.take_resolved() == 2
    assert index.take_resolved() == 0  # taken
    index.sync()  # nothing new: nothing resolved
    assert index.take_resolved() == 0
    assert index.thread(1).post.text == "written on this machine"
