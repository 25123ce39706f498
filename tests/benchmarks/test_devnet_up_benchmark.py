"""Devnet benchmark: `agora devnet up` on a fresh data directory until the demo is seeded.

Run with ``make bench`` (or ``pytest -m benchmark -s -p no:xdist tests/benchmarks -k devnet``).
Prints the wall-clock time of the whole command (Python start-up included), the time the command
itself reports, and the time of a restart from saved state. Nothing is asserted about speed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

RUNS = 3


def _agora(home: Path, *args: str) -> tuple[float, dict[str, object]]:
    env = {**os.environ, "AGORA_HOME": str(home), "AGORA_DEVNET_PORT": "0"}
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tui", *args, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    elapsed = time.perf_counter() - began
    assert done.returncode == 0, done.stderr
    return elapsed, json.loads(done.stdout)


@pytest.mark.benchmark
def test_devnet_up_fresh_to_seeded(tmp_path: Path) -> None:
    fresh, internal, restart = [], [], []
    for run in range(RUNS):
        home = tmp_path / f"home-{run}"
        try:
            wall, data = _agora(home, "devnet", "up")
            assert data["seeded_now"] is True
            fresh.append(wall)
            internal.append(float(data["seconds"]))  # type: ignore[arg-type]
            _agora(home, "devnet", "down")
            wall, data = _agora(home, "devnet", "up")
            assert data["started"] is True and data["seeded_now"] is False
            restart.append(wall)
        finally:
            subprocess.run(
                [sys.executable, "-m", "tui", "devnet", "down"],
                env={**os.environ, "AGORA_HOME": str(home)},
                capture_output=True,
                timeout=60,
            )
    print()
    print(f"agora devnet up, fresh home -> seeded ({RUNS} runs, seconds)")
    print(f"  wall clock (whole command): median {statistics.median(fresh):.2f}  {fresh}")
    print(f"  reported by the command:    median {statistics.median(internal):.2f}  {internal}")
    print(f"  restart from saved state:   median {statistics.median(restart):.2f}  {restart}")
