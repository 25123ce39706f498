"""Opening an index runs the capabilities' DDL only when the installed sources changed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tui.core.index.schema import connect
from tui.core.index.sources import FINGERPRINT_KEY, sources_fingerprint

OPEN = """
import sys
from tui.core.index.schema import connect
connect(sys.argv[1]).close()
print(",".join(sorted(m for m in sys.modules if m in (
    "tui.core.rounds.index", "tui.core.points.source", "tui.core.tokens.source"))))
"""


def _imported_on_open(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", OPEN, str(path)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_a_current_index_opens_without_importing_the_sources(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    # a new index: every source's tables are created, and the fingerprint kept
    assert _imported_on_open(path) != ""
    conn = connect(path)
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (FINGERPRINT_KEY,)).fetchone()
    assert row is not None and row[0] == sources_fingerprint()
    conn.close()
    # the same sources again: nothing to import, nothing to run
    assert _imported_on_open(path) == ""


def test_changed_sources_run_the_ddl_again(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    connect(path).close()
    conn = connect(path)
    table = _a_source_table(conn)
    conn.execute(f"DROP TABLE {table}")
    conn.execute("UPDATE meta SET value = 'an older Agora' WHERE key = ?", (FINGERPRINT_KEY,))
    conn.close()
    conn = connect(path)  # the fingerprint differs: the DDL runs and the table is back
    assert _has(conn, table)
    conn.close()


def _has(conn: sqlite3.Connection, table: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return conn.execute(query, (table,)).fetchone() is not None


def _a_source_table(conn: sqlite3.Connection) -> str:
    from tui.core.index.sources import all_sources

    table = all_sources()[0].tables[0]
    assert _has(conn, table)
    return table
