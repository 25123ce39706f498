"""Article reader benchmark (on demand: ``make bench``): the worst article within the Markdown
caps and the hostile bodies past them, opened in the real app, beside a plain short article.

Each article opens in a fresh process (the app factory over the fake backend, 100x30), so peak
memory is that article's alone. Inside the app a repeating 10 ms timer records how late it
fires: the worst lateness is the longest the event loop was blocked (a key pressed then waits
as long), while the article loads and when ``G`` then jumps to its end. Figures are printed
(median and max of ``AGORA_BENCH_RUNS`` runs, default 3), never asserted against a time limit.
Targets: no stall over 100 ms, memory under 300 MB.

    PYTHONPATH=$PWD python -m pytest -m benchmark -s -p no:xdist tests/benchmarks/test_article_benchmark.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.benchmark

RUNS = int(os.environ.get("AGORA_BENCH_RUNS", "3"))
ROOT = Path(__file__).resolve().parents[2]

CASES = [
    "one_enormous_line",
    "plain_short_article",
    "worst_within_caps",
    "quadratic_lexer_code",
    "huge_table",
    "many_list_items",
    "many_headings",
    "deep_nesting",
    "list_items_at_full_size",
    "many_blocks",
]

CHILD = """
import asyncio, json, resource, sys, time
from tests.hostile.corpus import ARTICLES, worst_within_caps
from tui.core.text import clean_text
from tui.ui.backend import FAKE_NOW, FakeBackend
from tui.ui.factory import make_app
from tui.ui.screens.article_reader import ArticleReaderScreen

name = sys.argv[1]
if name == "plain_short_article":
    text = "# A short article\\n\\nA paragraph with a [link](https://example.org).\\n"
elif name == "worst_within_caps":
    text = worst_within_caps()
else:
    text = ARTICLES[name]

class Backend(FakeBackend):
    def article_body(self, article):
        return clean_text(text, 256 * 1024)

async def main():
    app = make_app(backend=Backend(), now=FAKE_NOW, first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.animation_level = "none"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        stall = [0.0]
        last = [time.perf_counter()]
        def tick():
            now = time.perf_counter()
            stall[0] = max(stall[0], now - last[0] - 0.01)
            last[0] = now
        app.set_interval(0.01, tick)
        await asyncio.sleep(0.05)
        stall[0] = 0.0
        start = time.perf_counter()
        screen = ArticleReaderScreen(app.backend.articles()[0])
        app.push_screen(screen)
        first = done = None
        while done is None and time.perf_counter() - start < 600:
            await asyncio.sleep(0.005)
            body = screen.query("#reader-body")
            if body and body.first().chunks_shown and first is None:
                first = time.perf_counter() - start
            if body and body.first().complete:
                done = time.perf_counter() - start
        await asyncio.sleep(0.5)  # the layout that follows the last chunk
        loading = stall[0]
        chunks = body.first().chunks_shown
        stall[0] = 0.0
        await pilot.press("G")  # then a jump to the end: what was below is drawn
        await asyncio.sleep(0.3)
        end = stall[0]
        stall[0] = 0.0
        for key in ["k"] * 5 + ["b"] * 3:  # and scrolling back up, line by line and by page
            await pilot.press(key)
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
    print("RESULT " + json.dumps({
        "first_render_s": first, "complete_s": done, "max_stall_ms": loading * 1000,
        "end_stall_ms": end * 1000, "scroll_stall_ms": stall[0] * 1000,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "chunks": chunks, "chars": len(text),
    }))

asyncio.run(main())
"""


def _run(name: str) -> dict[str, float]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), name],
        capture_output=True, text=True, timeout=900, env=env, cwd=ROOT,
    )  # fmt: skip
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, float] = json.loads(line[7:])
            return result
    raise AssertionError(done.stdout + done.stderr)


def test_worst_articles_against_a_short_one() -> None:
    results: dict[str, list[dict[str, float]]] = {name: [] for name in CASES}
    load = os.getloadavg()
    for _ in range(RUNS):  # interleaved, so a load spike hits every article alike
        for name in CASES:
            results[name].append(_run(name))
    print(f"\nmedian of {RUNS} runs; load average before {load}, "
          f"after {os.getloadavg()}")  # fmt: skip
    print(
        "stalls: the longest the event loop was blocked, median (max) of the runs; while "
        "loading = from opening until 0.5 s after the last chunk; on G = the jump to the end"
    )
    print(f"{'article':26} {'chars':>8} {'chunks':>6} {'first render':>13} {'complete':>9} "
          f"{'stall loading':>15} {'stall on G':>13} {'scrolling':>13} {'peak RSS':>9}")  # fmt: skip
    for name, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        top = {
            k: max(r[k] for r in runs) for k in ("max_stall_ms", "end_stall_ms", "scroll_stall_ms")
        }
        print(f"{name:26} {med['chars']:>8,.0f} {med['chunks']:>6.0f} "
              f"{med['first_render_s'] * 1000:>10.0f} ms {med['complete_s']:>7.2f} s "
              f"{med['max_stall_ms']:>6.0f} ({top['max_stall_ms']:>4.0f}) ms "
              f"{med['end_stall_ms']:>4.0f} ({top['end_stall_ms']:>4.0f}) ms "
              f"{med['scroll_stall_ms']:>4.0f} ({top['scroll_stall_ms']:>4.0f}) ms "
              f"{med['peak_rss_mb']:>6.0f} MB")  # fmt: skip
        assert all(r["complete_s"] is not None for r in runs), name
