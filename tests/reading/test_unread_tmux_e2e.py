"""End to end in a real terminal: posts that arrived while Agora was closed are announced above
the reading position, the "read up to here" line sits under the oldest of them, a post another
process indexes is announced live, and U marks everything read, also after a restart. The real
command (``python -m tui``) over a cached home, under tmux."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.filters.kit import AUTHORS, make_home
from tests.filters.test_tmux_e2e import Tmux, pytestmark, tmux  # noqa: F401
from tui.core.index.schema import connect


def _add(index: Path, first: int, count: int) -> None:
    """Posts indexed by another process (a sync in another shell, or while Agora was closed)."""
    conn = connect(index)
    conn.execute("BEGIN")
    for pid in range(first, first + count):
        cid = f"bafkreipost{pid}"
        conn.execute(
            "INSERT INTO content(cid, kind, status, text, extra) VALUES (?, 'post', 'verified', ?, ?)",
            (cid, f"arrived later number {pid}", json.dumps({"tags": []})),
        )
        conn.execute(
            "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
            " timestamp) VALUES (?,?,0,?,?,0,?,?,?)",
            (pid, AUTHORS[2], cid, pid, f"0x{pid:064x}", f"0x{pid:064x}", 1_700_000_000 + pid),
        )
    conn.execute("COMMIT")
    conn.close()


def _seen(home: Path) -> int:
    return int(json.loads((home / "ui-state.json").read_text())["seen"]["global"])


def test_unread_marker_read_line_and_mark_all_read(tmux: Tmux, isolated_home: Path) -> None:  # noqa: F811
    posts = [(pid, AUTHORS[1 + pid % 3], f"earlier post number {pid}") for pid in range(1, 11)]
    index = make_home(isolated_home, posts)
    tmux.start()
    tmux.wait_for("earlier post number 10")  # an empty Home opens on Global, at its top
    tmux.wait_for("connecting")
    tmux.keys("q")
    tmux.wait_gone()
    assert _seen(isolated_home) == 10
    _add(index, 11, 3)  # while Agora was closed
    tmux.start()
    tmux.wait_for("▲ 3 new posts above")
    screen = tmux.wait_for("─ read up")  # (a toast about the node may cover the line's end)
    assert "Global 3" in screen and "▲ 3 new posts above" in screen
    assert "earlier post number 10" in screen  # the remembered place, not the top
    assert screen.index("arrived later number 11") < screen.index("─ read up")
    assert screen.index("─ read up") < screen.index("earlier post number 10")
    tmux.keys("u")  # to the newest: they are seen now
    deadline = time.monotonic() + 10
    while "▲" in screen and time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", "agora", check=False)
    assert "▲" not in screen and "Global 3" not in screen
    screen = tmux.wait_for("─ read up", timeout=5)  # still under what was new
    _add(index, 14, 1)  # another process indexes one more while Agora runs
    screen = tmux.wait_for("▲ 1 new post above", timeout=20)
    tmux.keys("U")
    screen = tmux.wait_for("Everything is marked read")
    assert "▲" not in screen and "─ read up" not in screen
    tmux.keys("q")
    tmux.wait_gone()
    assert _seen(isolated_home) == 14
    tmux.start()
    screen = tmux.wait_for("arrived later number")
    assert "▲" not in screen and "─ read up" not in screen
