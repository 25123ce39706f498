"""TUI benchmarks (on demand: ``make bench``): cold start to first paint, and a 100,000-post
timeline's open, page-down, jump-to-end times and peak memory, over the real index schema.

Each measurement runs in a fresh process so imports and memory are cold. Figures are printed
(median of ``AGORA_BENCH_RUNS`` runs, default 5, with the load average), never asserted against
a time limit. The cached home is a real one: a settings file whose network's node is down
(``http://127.0.0.1:9``), an active account that follows every author, and the index file
``CoreBackend`` opens by itself, so the home timeline paints from the local store only.

Cold start is measured twice: through ``make_app`` under ``run_test`` (beside a bare Textual
app the same way), and through the real command (``python -m tui``, i.e. ``agora``) in a
pseudo-terminal with ``AGORA_EXIT_AFTER_FIRST_PAINT=1`` (beside a bare app in a terminal).
The headline figure is read off the terminal: the moment the pty receives the first post (for
the bare app, its text), which is what a user sees, whatever either app does afterwards.
"""

from __future__ import annotations

import json
import os
import pty
import re
import statistics
import struct
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.benchmark

RUNS = int(os.environ.get("AGORA_BENCH_RUNS", "5"))
SIZE = (100, 30)

SETTINGS = """\
network = "bench"

[networks.bench]
rpc_url = "http://127.0.0.1:9"
chain_id = 31337
social = "0x1111111111111111111111111111111111111111"
articles = "0x2222222222222222222222222222222222222222"
"""

FILL = """
import json, sys
from pathlib import Path
from tui.core.index.schema import connect
home, count = Path(sys.argv[1]), int(sys.argv[2])
authors = ["0x%040d" % n for n in range(1, 51)]  # digits only: already checksummed
me = authors[0]
accounts = {"version": 1, "active": me, "accounts": [{"address": me, "label": "bench"}]}
(home / "accounts.json").write_text(json.dumps(accounts))
(home / "index").mkdir(parents=True, exist_ok=True)
conn = connect(home / "index" / "bench-31337.sqlite")
rows = [
    (i, authors[i % 50], 0, "bafkreibench%08d" % i, 10 + i, 0, "0x%064x" % i, "0x%064x" % i,
     1_700_000_000 + i)
    for i in range(1, count + 1)
]
conn.execute("BEGIN")
conn.executemany(
    "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash, timestamp)"
    " VALUES (?,?,?,?,?,?,?,?,?)", rows)
conn.executemany("INSERT INTO follows(follower, followee, block) VALUES (?,?,1)",
                 [(me, a) for a in authors[1:]])
conn.execute("COMMIT")
"""

CHILD = """
import asyncio, json, os, resource, sys, time
T0 = float(sys.argv[1])
HEAVY = ("eth_account", "eth_abi")
async def main():
    from tui.ui.factory import make_app
    app = make_app(first_run=False)  # settings from the environment; CoreBackend opens the cache
    app.animation_level = "none"
    out = {}
    async with app.run_test(size=(100, 30)) as pilot:
        out["first_paint_s"] = await app.first_paint.wait() - T0
        out["heavy_at_first_paint"] = [m for m in HEAVY if m in sys.modules]
        out["httpx_at_first_paint"] = "httpx" in sys.modules
        out["home_count"] = app.screen.current_list().source.count
        async def settle():
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
        await settle()
        out["settled_s"] = time.time() - T0
        if os.environ.get("BENCH_BROWSE"):
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
        out["heavy_loaded"] = [m for m in HEAVY if m in sys.modules]
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

BARE_TTY = """
import sys, time
from textual.app import App
from textual.widgets import Static
class Bare(App[None]):
    at = 0.0
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        self.at = time.time()
        self.exit()
app = Bare()
app.run()
print(f"first paint at {app.at:.6f}", file=sys.stderr)
"""


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "AGORA_HOME": str(home), "AGORA_CONFIG": str(home / "settings.toml")}


def _cached_home(root: Path, count: int) -> Path:
    """A home whose home timeline holds ``count`` cached posts (the node is down)."""
    home = root / "home"
    home.mkdir()
    (home / "settings.toml").write_text(SETTINGS)
    subprocess.run([sys.executable, "-c", FILL, str(home), str(count)], check=True, timeout=600)
    return home


def _run(code: str, env: dict[str, str] | None = None) -> dict[str, object]:
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), str(start)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, object] = json.loads(line[7:])
            return result
    raise AssertionError(done.stdout + done.stderr)


def _run_tty(argv: list[str], env: dict[str, str], shows: bytes) -> dict[str, float]:
    """Run ``argv`` in a 100x30 pseudo-terminal; seconds until the terminal receives ``shows``
    (read off the terminal itself, the same way for every program), to the program's own
    first-paint mark, and to its exit."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))

    screen = bytearray()
    shown: list[float] = []

    def drain() -> None:  # the terminal must be read, or a full pty blocks the app
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            screen.extend(chunk)
            if not shown and shows in screen[-(len(chunk) + len(shows)) :]:
                shown.append(time.time())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.time()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,  # Textual draws on stderr; the first-paint line follows on exit
        env={**env, "TERM": "xterm-256color"},
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    try:
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        ended = time.time()
        reader.join(timeout=5)
        os.close(master)
    text = screen.decode("utf-8", "replace")
    found = re.search(r"first paint at ([0-9.]+)", text)
    if found is None or not shown:
        raise AssertionError(text[-3000:])
    return {
        "shown_s": shown[0] - start,
        "first_paint_s": float(found.group(1)) - start,
        "exit_s": ended - start,
    }


def _median(results: list[dict[str, object]], key: str) -> float:
    return statistics.median(float(r[key]) for r in results)  # type: ignore[arg-type]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _compile_agora() -> None:
    """Compile Agora's bytecode, as installing it does (pip compiles every module it installs).

    Textual's bytecode was compiled when pip installed it; Agora's, in an editable install, is
    written by the first run, unless ``PYTHONDONTWRITEBYTECODE`` is set (it is on some CI and
    sandbox machines), in which case every run would compile Agora's modules from source and
    the comparison with the bare app would measure the compiler.
    """
    import compileall

    import tui

    compileall.compile_dir(Path(tui.__file__).parent, quiet=1)


def test_cold_start_to_first_paint_with_10k_posts(tmp_path: Path) -> None:
    home = _cached_home(tmp_path, 10_000)
    _compile_agora()
    env = {**_env(home), "AGORA_EXIT_AFTER_FIRST_PAINT": "1"}
    load_before = _load()
    bare: list[dict[str, object]] = []
    agora: list[dict[str, object]] = []
    bare_tty: list[dict[str, object]] = []
    agora_tty: list[dict[str, object]] = []
    for _ in range(RUNS):  # interleaved, so a load spike hits every kind alike
        bare.append(_run(BARE))
        agora.append(_run(CHILD, _env(home)))
        bare_tty.append(dict(_run_tty([sys.executable, "-c", BARE_TTY], env, b"hello")))
        # The newest cached post's id, on the first card: the timeline is on screen.
        agora_tty.append(dict(_run_tty([sys.executable, "-m", "tui"], env, b"#10000")))
    b, a = _median(bare, "first_paint_s"), _median(agora, "first_paint_s")
    bt, at = _median(bare_tty, "first_paint_s"), _median(agora_tty, "first_paint_s")
    print(f"\nmedian of {RUNS} runs; load average before {load_before}, after {_load()}")
    print(f"make_app under run_test: bare Textual app {b:.3f} s, agora {a:.3f} s ({a / b:.2f}x)")
    print(f"  agora settled (every start-up worker done): {_median(agora, 'settled_s'):.3f} s")
    bs, ags = _median(bare_tty, "shown_s"), _median(agora_tty, "shown_s")
    print(f"real command in a terminal, until the terminal receives the content: bare Textual app {bs:.3f} s, `python -m tui` (first post) {ags:.3f} s ({ags / bs:.2f}x)")  # fmt: skip
    print(f"  same runs, each app's own first-paint mark (after the frame, once its queue is idle): bare {bt:.3f} s, agora {at:.3f} s ({at / bt:.2f}x)")  # fmt: skip
    print(f"  `python -m tui` process exit: {_median(agora_tty, 'exit_s'):.3f} s")
    print(f"heavy modules at first paint: {agora[0]['heavy_at_first_paint']}, httpx: {agora[0]['httpx_at_first_paint']}")  # fmt: skip
    assert all(r["home_count"] == 10_000 for r in agora)
    assert all(r["heavy_at_first_paint"] == [] for r in agora)
    assert all(r["heavy_loaded"] == [] for r in agora)


def test_hundred_thousand_posts_open_page_jump_memory(tmp_path: Path) -> None:
    home = _cached_home(tmp_path, 100_000)
    _compile_agora()
    result = _run(CHILD, {**_env(home), "BENCH_BROWSE": "1"})
    print("\n100,000 cached posts:")
    for key in ("first_paint_s", "open_global_s", "page_down_x10_s", "jump_to_end_s"):
        print(f"  {key}: {float(result[key]):.3f}")  # type: ignore[arg-type]
    print(f"  peak RSS: {float(result['peak_rss_mb']):.1f} MiB")  # type: ignore[arg-type]
    assert result["home_count"] == 100_000
    assert result["count"] == 100_000
    assert result["last_id"] == 1
