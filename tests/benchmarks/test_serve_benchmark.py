"""`agora serve` in Chromium (on demand: ``make bench``), beside a bare textual-serve app.

For each run, a fresh server: Agora's is ``python -m tui serve --port 0`` over a home with the
devnet up and seeded (an account that follows two seeded authors); the reference is stock
textual-serve serving a bare Textual app (Header, 30 lines, Footer) with no guard. Measured,
median of ``AGORA_BENCH_RUNS`` interleaved runs (default 3), in one headless Chromium (the
system's, launched once; its launch is nobody's first frame):

* server start -> the page's first frame (xterm.js gets the app's first output: the page sets
  ``body.-first-byte``), Agora's including the one-time token's redirect;
* page load -> first frame (the part a user waits for after clicking the printed link);
* memory per session: proportional set size of the tab's app process (both started with
  ``exec``, so no shell is left in between) once the screen is still.

Beside them, Agora's terminal first paint under tmux over the same home (the same measurement
as test_tmux_first_paint_benchmark.py), so the page's cost over the terminal shows.
Nothing is asserted against a time limit.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.benchmarks.test_tmux_first_paint_benchmark import (
    BARE,
    HEIGHT,
    WIDTH,
    _devnet_home,
    _time_to_screen,
    _tmux,
)
from tests.benchmarks.test_tui_benchmark import _compile_agora, _env, _load
from tests.web.browser import (
    agora_serve,
    descendants,
    launch,
    pss_mib,
    skip_reason,
    stop,
    wait_until_still,
)

REASON = skip_reason()
pytestmark = [pytest.mark.benchmark, pytest.mark.skipif(REASON is not None, reason=REASON or "")]

RUNS = int(os.environ.get("AGORA_BENCH_RUNS", "3"))
VIEWPORT = {"width": 1000, "height": 640}

BARE_SERVER = """
import sys
from textual_serve.server import Server
Server(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2])).serve()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def first_frame(page: Any, url: str) -> float:
    """Seconds from asking for ``url`` to the page's first frame of the app."""
    start = time.time()
    page.goto(url)
    page.wait_for_selector("body.-first-byte", timeout=120_000)
    return time.time() - start


def session_memory(server_pid: int, page: Any) -> float:
    wait_until_still(page, timeout=30)
    return pss_mib(descendants(server_pid))


def run_agora(browser: Any, home: Path) -> tuple[float, float, float]:
    with agora_serve([], _env(home)) as served:
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            load = first_frame(page, served.url)
            total = time.time() - served.started
            memory = session_memory(served.process.pid, page)
        finally:
            context.close()
    return total, load, memory


def run_bare(browser: Any, script: Path) -> tuple[float, float, float]:
    port = free_port()
    command = f"exec {sys.executable} {script}"  # as `agora serve` does: no shell left over
    started = time.time()
    process = subprocess.Popen(
        [sys.executable, "-c", BARE_SERVER, command, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        while True:  # no printed address to wait for: the port answering is "ready"
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if time.time() - started > 60:
                    raise
                time.sleep(0.01)
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            load = first_frame(page, url)
            total = time.time() - started
            memory = session_memory(process.pid, page)
        finally:
            context.close()
    finally:
        stop(process)
    return total, load, memory


def terminal_first_paint(home: Path) -> list[float]:
    if shutil.which("tmux") is None:
        return []
    sock = f"agora-serve-bench-{os.getpid()}"
    _tmux(sock, "-f", "/dev/null", "new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT))
    _tmux(sock, "set-option", "-g", "default-size", f"{WIDTH}x{HEIGHT}")
    _tmux(sock, "set-option", "-g", "status", "off")
    try:
        env = {**_env(home), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
        return [_time_to_screen(sock, [sys.executable, "-m", "tui"], env)[0] for _ in range(RUNS)]
    finally:
        _tmux(sock, "kill-server")


def test_page_first_frame_and_memory_beside_bare_textual_serve(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    _compile_agora()
    home = _devnet_home(tmp_path)
    script = tmp_path / "bare.py"
    script.write_text(BARE)
    load_before = _load()
    agora: list[tuple[float, float, float]] = []
    bare: list[tuple[float, float, float]] = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                run_bare(browser, script)  # warm-up: the browser's first page, disk caches
                for _ in range(RUNS):  # interleaved, so a load spike hits both alike
                    bare.append(run_bare(browser, script))
                    agora.append(run_agora(browser, home))
            finally:
                browser.close()
        terminal = terminal_first_paint(home)
    finally:
        subprocess.run(
            [sys.executable, "-m", "tui", "devnet", "down"],
            env=_env(home),
            capture_output=True,
            timeout=60,
        )

    def median(rows: list[tuple[float, float, float]], i: int) -> float:
        return statistics.median(row[i] for row in rows)

    print(f"\nheadless Chromium at {VIEWPORT['width']}x{VIEWPORT['height']}, median of {RUNS}; load before {load_before}, after {_load()}")  # fmt: skip
    for label, i, unit in (
        ("server start -> first frame", 0, "s"),
        ("page load -> first frame", 1, "s"),
        ("memory per session (PSS)", 2, "MiB"),
    ):
        b, a = median(bare, i), median(agora, i)
        print(f"{label}: bare textual-serve app {b:.3f} {unit}, `agora serve` {a:.3f} {unit} ({a / b:.2f}x)")  # fmt: skip
        print("  bare runs: " + ", ".join(f"{row[i]:.3f}" for row in bare))
        print("  agora runs: " + ", ".join(f"{row[i]:.3f}" for row in agora))
    if terminal:
        print(f"beside it, `python -m tui` in a terminal (tmux {WIDTH}x{HEIGHT}) to first paint: {statistics.median(terminal):.3f} s")  # fmt: skip
        print("  terminal runs: " + ", ".join(f"{x:.3f}" for x in terminal))
