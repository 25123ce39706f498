"""First paint measured from outside (on demand: ``make bench``): a real terminal under tmux.

The in-process benchmark (test_tui_benchmark.py) reads the app's own first-paint mark or the
bytes a pseudo-terminal receives. A user sees neither: they see a terminal screen. This one
starts each program in a tmux pane at 120×36 and polls ``tmux capture-pane`` until the screen
shows more than five lines of text (for Agora, posts under the tabs, status bar and footer;
for the reference, a bare Textual app with a Header, 30 lines of text and a Footer). The time
from launch to that screen, median of ``AGORA_BENCH_RUNS`` runs (default 5), is printed side
by side with the reference measured in the same run, interleaved (and the median of each
Agora run's ratio to the bare run just before it, steadier on a loaded machine). Nothing is
asserted against a time limit.

Agora runs as ``python -m tui`` (what the ``agora`` script runs), with its bytecode compiled
as an install would, over two homes: the devnet up and seeded, with an active account that
follows two seeded authors (the usual first days); and 10,000 cached posts on a network whose
node is down. The pane is killed as soon as the screen counts, and the next run waits for the
process to be gone.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.benchmarks.test_tui_benchmark import _cached_home, _compile_agora, _env, _load

pytestmark = pytest.mark.benchmark

RUNS = int(os.environ.get("AGORA_BENCH_RUNS", "5"))
WIDTH, HEIGHT = 120, 36
LINES_SHOWN = 5
"""The screen counts as painted with more than this many non-blank lines."""
POLL = 0.005
"""Seconds between captures of the pane."""
FOLLOWER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
"""A seeded demo account that follows two others (the devnet's fixed seed)."""

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App[None]):
    def compose(self):
        yield Header()
        yield Static("\\n".join(f"line {n} of a bare Textual app" for n in range(30)))
        yield Footer()
Bare().run()
"""


def _tmux(socket: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=30, check=False
    )


def _text_lines(screen: str) -> int:
    return sum(1 for line in screen.splitlines() if line.strip())


def _time_to_screen(socket: str, argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds from launching ``argv`` in a new 120×36 tmux window until its pane shows more
    than ``LINES_SHOWN`` lines of text, and that screen."""
    command = " ".join(_quote(a) for a in argv)
    exports = " ".join(
        f"{k}={_quote(v)}" for k, v in env.items() if k.startswith(("AGORA", "PYTHON"))
    )
    start = time.perf_counter()
    done = _tmux(
        socket,
        "new-window",
        "-d",
        "-P",
        "-F",
        "#{pane_id} #{pane_pid}",
        f"exec env {exports} {command}",
    )
    assert done.returncode == 0, f"tmux new-window failed: {done.stderr}"
    pane, pid = done.stdout.split()
    try:
        while time.perf_counter() - start < 60:
            screen = _tmux(socket, "capture-pane", "-p", "-t", pane).stdout
            if _text_lines(screen) > LINES_SHOWN:
                return time.perf_counter() - start, screen
            time.sleep(POLL)
        raise AssertionError(f"no screen within 60 s:\n{screen}")
    finally:
        _tmux(socket, "kill-pane", "-t", pane)
        _wait_gone(int(pid))  # a program still exiting would slow the next run down


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _devnet_home(root: Path) -> Path:
    """A home with the devnet up and seeded, an active account that follows two seeded
    authors (their posts fill Home) and an index synced from the node."""
    home = root / "devnet-home"
    env = {**_env(home), "AGORA_DEVNET_PORT": "0"}
    for args in (["devnet", "up"], ["sync"]):
        if args == ["sync"]:
            accounts = {"version": 1, "active": FOLLOWER, "accounts": [{"address": FOLLOWER}]}
            (home / "accounts.json").write_text(json.dumps(accounts))
        done = subprocess.run(
            [sys.executable, "-m", "tui", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    return home


def _measure(home: Path, tmp_path: Path, shows: str) -> tuple[list[float], list[float], str]:
    """Interleaved runs of the bare app and ``python -m tui``; the last Agora screen."""
    env = {**_env(home), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    # A server per measure: the previous one may still be exiting after its kill-server.
    socket = f"agora-bench-{os.getpid()}-{home.name}"
    # One server for every run (its start-up is nobody's first paint); panes inherit its size.
    _tmux(socket, "-f", "/dev/null", "new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT))
    _tmux(socket, "set-option", "-g", "default-size", f"{WIDTH}x{HEIGHT}")
    _tmux(socket, "set-option", "-g", "status", "off")
    _tmux(socket, "set-option", "-g", "default-terminal", "xterm-256color")
    bare_script = tmp_path / "bare.py"
    bare_script.write_text(BARE)
    bare: list[float] = []
    agora: list[float] = []
    screen = ""
    try:
        for _ in range(RUNS):  # interleaved, so a load spike hits both alike
            bare.append(_time_to_screen(socket, [sys.executable, str(bare_script)], env)[0])
            seconds, screen = _time_to_screen(socket, [sys.executable, "-m", "tui"], env)
            agora.append(seconds)
    finally:
        _tmux(socket, "kill-server")
    assert shows in screen, screen  # posts, not "loading…"
    return bare, agora, screen


def _report(what: str, bare: list[float], agora: list[float]) -> None:
    b, a = statistics.median(bare), statistics.median(agora)
    print(f"{what}: bare Textual app (Header, 30 lines, Footer) {b:.3f} s, `python -m tui` {a:.3f} s ({a / b:.2f}x)")  # fmt: skip
    print("  bare runs: " + ", ".join(f"{x:.3f}" for x in bare))
    print("  agora runs: " + ", ".join(f"{x:.3f}" for x in agora))
    # Each Agora run follows its bare run within a second: the pair saw the same load, so the
    # median of the pairs' ratios drifts less than the ratio of medians when the load moves.
    paired = statistics.median(a / b for a, b in zip(agora, bare, strict=True))
    print(f"  median of the paired ratios (each run over the bare run before it): {paired:.2f}x")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_first_paint_under_tmux(tmp_path: Path) -> None:
    _compile_agora()
    cached = _cached_home(tmp_path, 10_000)
    devnet = _devnet_home(tmp_path)
    load_before = _load()
    try:
        up = _measure(devnet, tmp_path, "#")
        down = _measure(cached, tmp_path, "#10000")  # the newest cached post
    finally:
        subprocess.run(
            [sys.executable, "-m", "tui", "devnet", "down"],
            env=_env(devnet),
            capture_output=True,
            timeout=60,
        )
    print(f"\nunder tmux at {WIDTH}x{HEIGHT}, until the screen shows more than {LINES_SHOWN} lines of text, median of {RUNS}; load before {load_before}, after {_load()}")  # fmt: skip
    _report("devnet up, Home with a followed author's posts", up[0], up[1])
    _report("node down, 10,000 cached posts", down[0], down[1])
