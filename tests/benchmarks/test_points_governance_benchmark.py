"""The points governance log at scale: what the points screen reads from the index on each load
(the community's history folded old → new, and the current settings), beside the roots and
claims it already read from there (``indexed_events``) over as many rows, in one run.

Run on demand: ``pytest -m benchmark -s -p no:xdist
tests/benchmarks/test_points_governance_benchmark.py`` (``AGORA_BENCH_GOV_ROWS`` changes the
size). The index is real SQLite on disk, filled through the real decoders (no chain: what is
measured is the read path). Figures are printed, never asserted.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.core.chain.abi import DecodedEvent
from tui.core.points import gov_source, source

ROWS = int(os.environ.get("AGORA_BENCH_GOV_ROWS", "20000"))
OWNER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"


def _best(fn: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def _event(name: str, block: int, **args: object) -> DecodedEvent:
    return DecodedEvent(name, dict(args), OWNER, block, f"0x{block:064x}", f"0x{block:064x}", 0,
                        False)  # fmt: skip


def _fill(path: Path) -> object:
    from tui.core.index.schema import connect

    conn = connect(path)
    gov, logs = [], []
    enabled = _event("PointsEnabled", 0, community=1, by=OWNER, epochBlocks=10)
    logs += [row for _t, row in source.decode(enabled, 1_700_000_000)]
    for i in range(ROWS):
        who = f"0x{i + 1:040x}"
        if i % 100 == 0:
            e = _event("PointsRulesChanged", i + 1, community=1, by=OWNER, voteByPoints=i % 200 == 0,
                       unprovenWeight=1, postThreshold=i * 10**18)  # fmt: skip
        else:
            e = _event("MembershipBought", i + 1, community=1, account=who, perk=1, amount=10**18,
                       untilBlock=i + 600)  # fmt: skip
        gov += [row for _t, row in gov_source.decode(e, 1_700_000_000 + i)]
        c = _event("Claimed", i + 1, community=1, account=who, amount=10**18, cumulative=10**18)
        logs += [row for _t, row in source.decode(c, 1_700_000_000 + i)]
    with conn:
        conn.executemany(gov_source.INSERT, gov)
        conn.executemany(source.SOURCE.inserts["points_log"], logs)
        conn.execute("INSERT INTO meta(key, value) VALUES ('cursor_block', ?)", (str(ROWS),))
    return conn


@pytest.mark.benchmark
def test_the_governance_log_beside_the_indexed_points_logs(tmp_path: Path) -> None:
    from tui.core.points.gov_history import history, indexed_rules

    conn: object = _fill(tmp_path / "index.sqlite")
    me = f"0x{ROWS:040x}"

    def screen() -> None:
        history(conn, 1)  # type: ignore[arg-type]
        indexed_rules(conn, 1, me)  # type: ignore[arg-type]

    ref = _best(lambda: source.indexed_events(conn, 1))  # type: ignore[arg-type]
    gov = _best(screen)
    print(f"\n{ROWS} rows: reference indexed_events best {ref[0]:.1f} ms, median {ref[1]:.1f} ms;"
          f" governance (history + settings) best {gov[0]:.1f} ms, median {gov[1]:.1f} ms")  # fmt: skip
    changes = history(conn, 1)  # type: ignore[arg-type]
    assert len(changes) == ROWS
    rules = indexed_rules(conn, 1, me)  # type: ignore[arg-type]
    assert rules is not None and rules.member_until == ROWS - 1 + 600
