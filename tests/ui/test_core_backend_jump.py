"""A scrollbar drag into the middle of a cached home lands on the exact position (real index)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tui.core.context import AgoraContext
from tui.core.index.schema import connect
from tui.ui.backend import CoreBackend

SETTINGS = """\
network = "cached"

[networks.cached]
rpc_url = "http://127.0.0.1:9"
chain_id = 31337
social = "0x1111111111111111111111111111111111111111"
articles = "0x2222222222222222222222222222222222222222"
"""
AUTHORS = [f"0x{n:040d}" for n in range(1, 5)]  # digits only: already checksummed
ME = AUTHORS[0]


def test_a_jump_into_a_sparse_home_lands_exactly(isolated_home: Path) -> None:
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(SETTINGS)
    isolated_home.mkdir(parents=True, exist_ok=True)
    accounts = {"version": 1, "active": ME, "accounts": [{"address": ME, "label": "me"}]}
    (isolated_home / "accounts.json").write_text(json.dumps(accounts))
    (isolated_home / "index").mkdir()
    conn = connect(isolated_home / "index" / "cached-31337.sqlite")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash, timestamp)"
        " VALUES (?,?,0,?,?,0,?,?,0)",
        [(i, AUTHORS[i % 4], f"bafkrei{i}", i, f"0x{i:064x}", f"0x{i:064x}") for i in range(1, 201)],
    )  # fmt: skip
    conn.execute("INSERT INTO follows(follower, followee, block) VALUES (?,?,1)", (ME, AUTHORS[2]))
    conn.execute("COMMIT")
    conn.close()
    home = [i for i in range(200, 0, -1) if AUTHORS[i % 4] in (ME, AUTHORS[2])]  # every other id

    backend = CoreBackend(AgoraContext.load())
    assert backend.timeline_count("home") == len(home) == 100
    for position in (0, 37, 95):
        rows = backend.timeline("home", None, 10, offset=position)
        assert [p.id for p in rows] == home[position : position + 10]
