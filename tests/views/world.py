"""A small index written straight into real SQLite: posts, their documents, replies, reposts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tui.core.index.schema import connect

PEOPLE = [f"0x{n:040d}" for n in range(1, 5)]  # digits only: already checksummed


def world(path: Path, posts: list[tuple[int, str, list[str], int]]) -> sqlite3.Connection:
    """An index holding ``posts`` as (author number, text, document tags, parent id)."""
    conn = connect(path)
    conn.execute("BEGIN")
    for pid, (author, text, tags, parent) in enumerate(posts, start=1):
        cid = f"bafkrei{pid}"
        conn.execute(
            "INSERT INTO content(cid, kind, status, text, extra) VALUES (?, 'post', 'verified', ?, ?)",
            (cid, text, json.dumps({"tags": tags})),
        )
        conn.execute(
            "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
            " timestamp) VALUES (?,?,?,?,?,0,?,?,0)",
            (pid, PEOPLE[author], parent, cid, pid, f"0x{pid:064x}", f"0x{pid:064x}"),
        )
    conn.execute("COMMIT")
    return conn


def repost(conn: sqlite3.Connection, post_id: int, by: int, n: int = 1) -> None:
    conn.execute(
        "INSERT INTO reposts(block_hash, log_index, post_id, by, block, tx_hash, timestamp)"
        " VALUES (?,?,?,?,?,?,0)",
        (f"0x{n:064x}", n, post_id, PEOPLE[by], 100 + n, f"0x{n:064x}"),
    )
