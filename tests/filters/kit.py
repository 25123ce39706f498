"""A cached home for reading-filter tests: settings with a node that is down, an active
account, and an index file with posts whose content is verified (real SQLite, real schema)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tui.core.index.schema import connect

SETTINGS = """\
network = "cached"

[networks.cached]
rpc_url = "http://127.0.0.1:9"
chain_id = 31337
social = "0x1111111111111111111111111111111111111111"
articles = "0x2222222222222222222222222222222222222222"
"""
AUTHORS = [f"0x{n:040d}" for n in range(1, 6)]  # digits only: already checksummed
ME = AUTHORS[0]
INDEX = "cached-31337.sqlite"


def make_home(
    home: Path,
    posts: list[tuple[int, str, str]] | None = None,
    *,
    parents: dict[int, int] | None = None,
    names: dict[str, str] | None = None,
    tags: dict[int, list[str]] | None = None,
) -> Path:
    """Write the home; ``posts`` are (id, author, text), all verified. Returns the index path."""
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    if not config.exists():
        config.write_text(SETTINGS)
    home.mkdir(parents=True, exist_ok=True)
    accounts = {"version": 1, "active": ME, "accounts": [{"address": ME, "label": "me"}]}
    (home / "accounts.json").write_text(json.dumps(accounts))
    (home / "index").mkdir(exist_ok=True)
    path = home / "index" / INDEX
    conn = connect(path)
    conn.execute("BEGIN")
    for pid, author, text in posts or []:
        cid = f"bafkreipost{pid}"
        parent = (parents or {}).get(pid, 0)
        # content first: the posts trigger puts verified text in the search index
        extra = json.dumps({"tags": (tags or {}).get(pid, [])})
        conn.execute(
            "INSERT INTO content(cid, kind, status, text, extra) VALUES (?, 'post', 'verified', ?, ?)",
            (cid, text, extra),
        )
        conn.execute(
            "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
            " timestamp) VALUES (?,?,?,?,?,0,?,?,?)",
            (pid, author, parent, cid, pid, f"0x{pid:064x}", f"0x{pid:064x}", 1_700_000_000 + pid),
        )
    for number, (address, name) in enumerate((names or {}).items()):
        cid = f"bafkreiprofile{number}"
        conn.execute("INSERT INTO profiles(account, cid) VALUES (?, ?)", (address, cid))
        conn.execute(
            "INSERT INTO content(cid, kind, status, title) VALUES (?, 'profile', 'verified', ?)",
            (cid, name),
        )
    conn.execute("COMMIT")
    conn.close()
    return path
