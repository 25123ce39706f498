"""Post images benchmark (on demand): what attaching one image costs, and drawing it.

Beside each other in the same run: checking a 250 KB image for attaching (read, sniff, decode in
the sandbox, header, hash) against decoding an avatar of the same bytes (what the image layer
already did before posts had images), and turning a decoded image into the thread's 24×8
half-block cells. Figures are printed (median and max of ``AGORA_BENCH_RUNS`` runs, default 5),
never asserted against a time limit.

    PYTHONPATH=$PWD python -m pytest -m benchmark -s -p no:xdist tests/benchmarks/test_images_benchmark.py
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.images.helpers import noise_png
from tui.core.images.attachments import ATTACH_LIMITS, read_image
from tui.core.images.halfblock import to_halfblocks
from tui.core.images.sandbox import decode_bounded, shutdown

pytestmark = pytest.mark.benchmark

RUNS = int(os.environ.get("AGORA_BENCH_RUNS", "5"))


def _time(work: Callable[[], object]) -> tuple[float, float]:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def test_attach_check_beside_an_avatar_decode(tmp_path: Path) -> None:
    path = tmp_path / "noise.png"
    path.write_bytes(noise_png(288, 288))  # about 250 KB: just under one raw block
    data = path.read_bytes()
    try:
        decode_bounded(data, ATTACH_LIMITS)  # the sandbox process is started once per app
        raster = decode_bounded(data, ATTACH_LIMITS)
        rows = [
            ("avatar decode (reference)", _time(lambda: decode_bounded(data, ATTACH_LIMITS))),
            ("attach check", _time(lambda: read_image(path, "noise"))),
            ("half-blocks 24x8", _time(lambda: to_halfblocks(raster, 24, 8))),
        ]
    finally:
        shutdown()
    print(f"\n{len(data):,} bytes, {RUNS} runs")
    for label, (median, worst) in rows:
        print(f"{label:28} median {median:7.1f} ms   max {worst:7.1f} ms")
