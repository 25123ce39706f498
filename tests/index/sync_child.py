"""Run a deliberately slow sync in a child process, so a test can SIGKILL it mid-way."""

from __future__ import annotations

import sys
import time

from tui.core.chain.rpc import RpcClient
from tui.core.index import ingest, sync
from tui.core.index.schema import connect
from tui.core.index.sync import Indexer, SyncTarget


def main() -> None:
    url, social, articles, deploy_block, db = sys.argv[1:6]
    if sys.argv[6:] == ["bulk"]:  # as an initial sync of many posts: indexes and content later
        sync.BULK_LOAD_POSTS = ingest.BULK_POSTS = 1
    target = SyncTarget(31337, social, articles, int(deploy_block))
    indexer = Indexer(
        connect(db),
        RpcClient(url),
        target,
        workers=2,
        initial_range=1,
        on_progress=lambda cursor, head: time.sleep(0.05),
    )
    indexer.sizer.maximum = 1  # one block per transaction: many commit points to die between
    sync.APPLY_SECONDS = 0.0  # each range committed as soon as nothing else is waiting
    indexer.sync()


if __name__ == "__main__":
    main()
