"""TUI benchmarks (on demand: ``make bench``): cold start to first paint, and a 100,000-post
timeline's open, page-down, jump-to-end times and peak memory, over the real index schema.

Each measurement runs in a fresh process so imports and memory are cold. Figures are printed,
never asserted against a time limit.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.benchmark

FILL = """
import sqlite3, sys
from tui.core.index.schema import connect
conn = connect(sys.argv[1])
authors = ["0x%040x" % n for n in range(1, 51)]
rows = [
    (i, authors[i % 50], 0, "bafkreibench%08d" % i, 10 + i, 0, "0x%064x" % i, "0x%064x" % i,
     1_700_000_000 + i)
    for i in range(1, int(sys.argv[2]) + 1)
]
conn.execute("BEGIN")
conn.executemany(
    "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash, timestamp)"
    " VALUES (?,?,?,?,?,?,?,?,?)", rows)
conn.execute("COMMIT")
"""

CHILD = """
import asyncio, json, os, resource, sys, time
T0 = float(sys.argv[2])
async def main():
    from tui.core.context import AgoraContext
    from tui.core.index.schema import connect
    from tui.core.index.views import IndexViews
    from tui.ui.backend import CoreBackend
    from tui.ui.factory import make_app
    ctx = AgoraContext.load()
    backend = CoreBackend(ctx)
    backend._index = IndexViews(connect(sys.argv[1], readonly=True))
    app = make_app(ctx, backend=backend, first_run=False)
    app.animation_level = "none"
    out = {}
    async with app.run_test(size=(100, 30)) as pilot:
        async def settle():
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
        await settle()
        out["first_paint_s"] = time.time() - T0
        t = time.perf_counter(); await pilot.press("2"); await settle()
        out["open_global_s"] = time.perf_counter() - t
        lst = app.screen.current_list()
        out["count"] = lst.source.count
        t = time.perf_counter()
        for _ in range(10):
            await pilot.press("pagedown"); await settle()
        out["page_down_x10_s"] = time.perf_counter() - t
        t = time.perf_counter(); await pilot.press("G"); await settle()
        out["jump_to_end_s"] = time.perf_counter() - t
        out["last_id"] = lst.highlighted.id if lst.highlighted else None
        out["heavy_loaded"] = [m for m in ("eth_account", "eth_abi") if m in sys.modules]
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(out))
asyncio.run(main())
"""

BARE = """
import asyncio, json, sys, time
T0 = float(sys.argv[1])
async def main():
    from textual.app import App
    from textual.widgets import Static
    class Bare(App[None]):
        def compose(self):
            yield Static("hello")
    app = Bare()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        print("RESULT " + json.dumps({"first_paint_s": time.time() - T0}))
asyncio.run(main())
"""


def _run(code: str, *args: str) -> dict[str, object]:
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args, str(start)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, object] = json.loads(line[7:])
            return result
    raise AssertionError(done.stdout + done.stderr)


def _fill(path: Path, count: int) -> None:
    subprocess.run([sys.executable, "-c", FILL, str(path), str(count)], check=True, timeout=600)


def test_cold_start_to_first_paint_with_10k_posts(tmp_path: Path) -> None:
    db = tmp_path / "index.sqlite"
    _fill(db, 10_000)
    bare = _run(BARE)
    agora = _run(CHILD, str(db))
    print(f"\nbare Textual app first paint: {bare['first_paint_s']:.3f} s")
    print(f"agora first paint (10,000 cached posts): {agora['first_paint_s']:.3f} s")
    print(f"heavy modules loaded by then: {agora['heavy_loaded']}")
    assert agora["count"] == 10_000
    assert agora["heavy_loaded"] == []


def test_hundred_thousand_posts_open_page_jump_memory(tmp_path: Path) -> None:
    db = tmp_path / "index.sqlite"
    _fill(db, 100_000)
    result = _run(CHILD, str(db))
    print("\n100,000 cached posts:")
    for key in ("first_paint_s", "open_global_s", "page_down_x10_s", "jump_to_end_s"):
        print(f"  {key}: {float(result[key]):.3f}")  # type: ignore[arg-type]
    print(f"  peak RSS: {float(result['peak_rss_mb']):.1f} MiB")  # type: ignore[arg-type]
    assert result["count"] == 100_000
    assert result["last_id"] == 1
