"""Power-user benchmarks (on demand: ``make bench``): parsing commands and macros, checking a
keymap, completion, and the wall time of ``agora keys --json`` / ``agora completion bash``.

Figures are printed, never asserted against a time limit.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from tui.core.commands import parse_macro
from tui.core.commands.complete import complete_line
from tui.ui.keymap import collect_bindings, keymap_problems

pytestmark = pytest.mark.benchmark

KEYMAP = {
    "timeline.tip": "T",
    "timeline.reply": "x",
    "list.down": "j,down,ctrl+n",
    "f5": "timeline global; refresh",
    "ctrl+t": "tip 0.001",
    "f6": "timeline home; top; down 3; open",
}


def per_call(func: Callable[[], object], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        func()
    return (time.perf_counter() - start) / n


def test_power_figures() -> None:
    macro = 'timeline global; top; down 3; tip 0.001; search "two words"; back'
    parse = per_call(lambda: parse_macro(macro), 20_000)
    complete = per_call(lambda: complete_line("timeline n"), 20_000)
    collect_bindings()  # imports every tui.ui module once
    check = per_call(lambda: list(keymap_problems(KEYMAP)), 50)
    print(f"\nparse a 6-command macro: {parse * 1e6:.1f} µs")
    print(f"complete 'timeline n': {complete * 1e6:.1f} µs")
    print(f"check a 6-entry [keymap] against every binding: {check * 1e3:.2f} ms")
    for args in (["keys", "--json"], ["completion", "bash"]):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "tui", *args], capture_output=True, text=True, check=True
        )
        wall = time.perf_counter() - start
        print(f"agora {' '.join(args)}: {wall * 1e3:.0f} ms wall ({len(done.stdout):,} bytes)")
