"""Sync benchmark: 100,000 real Posted logs on anvil; cast logs vs raw eth_getLogs vs agora sync.

Run with ``make bench`` (or ``pytest -m benchmark -s -p no:xdist tests/benchmarks``). It prints
one table of figures side by side (wall time, CPU time and peak RSS of each child process, best
and median of ``AGORA_BENCH_REPEAT`` runs): ``agora sync``, ``cast logs --json`` and the floor,
a Python process that sends one raw ``eth_getLogs`` for the whole range and ``json.loads`` the
answer (what any client must at least do), run interleaved so all three see the same load.
Timing is reported, never asserted (a loaded machine must not fail the build); the assertions
are about correctness: every post is indexed. Targets: agora sync <= 1.0x cast logs wall time,
peak RSS <= 300 MB.
"""

from __future__ import annotations

import compileall
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import tomli_w
from eth_abi import encode
from eth_hash.auto import keccak

from tests.conftest import DEV_KEYS
from tui.core.chain.abi import EVENT_TOPICS
from tui.core.chain.deploy import deploy_code, deploy_contracts, send_transaction
from tui.core.chain.foundry import AnvilProcess, find_tool
from tui.core.chain.rpc import RpcClient
from tui.core.content.cid import cid_for
from tui.core.index.ingest import Batch, apply_batch, decode_batch
from tui.core.index.rawlogs import decode_raw_logs
from tui.core.index.schema import (
    connect,
    drop_post_indexes,
    ensure_post_content,
    ensure_post_indexes,
)
from tui.core.index.sync import Indexer, SyncTarget

POSTS = int(os.environ.get("AGORA_BENCH_POSTS", "100000"))
PER_TX = 500
REPEAT = max(1, int(os.environ.get("AGORA_BENCH_REPEAT", "3")))
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _seed(rpc: RpcClient) -> tuple[SyncTarget, int]:
    from tui.contracts.build import compile_file

    deployment = deploy_contracts(rpc, DEV_KEYS[0])
    helper = compile_file(HERE / "helpers" / "BatchPoster.vy")
    poster = deploy_code(
        rpc, DEV_KEYS[0], helper["bytecode"] + encode(["address"], [deployment.social]).hex()
    )
    selector = keccak(b"post_each(string[])")[:4].hex()
    for first in range(0, POSTS, PER_TX):
        # Distinct CIDs, as real posts have: the index then holds one content row per post.
        cids = [
            cid_for(b'{"text":"benchmark %d"}' % i)
            for i in range(first, min(first + PER_TX, POSTS))
        ]
        data = "0x" + selector + encode(["string[]"], [cids]).hex()
        send_transaction(rpc, DEV_KEYS[0], poster, data, gas=60_000 * len(cids) + 1_000_000)
    target = SyncTarget(
        deployment.chain_id, deployment.social, deployment.articles, deployment.block
    )
    return target, rpc.block_number()


def _time(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


@dataclass
class _Run:
    wall: float
    cpu: float
    rss_mb: float
    stdout: bytes


_SPAWN = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Runs the measured command from a small process. A child started straight from this (large)
pytest process inherits its peak RSS in ``ru_maxrss``: Linux records the old memory map's
high-water mark at exec, and vfork/fork children start from ours (a bare ``python -c pass``
reported 411 MB from a 400 MB parent). From a ~10 MB helper the figure is the command's own."""


_FLOOR = """
import http.client, json, sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[1])
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_getLogs", "params": [{
    "fromBlock": hex(int(sys.argv[2])), "toBlock": hex(int(sys.argv[3])), "address": [sys.argv[4]],
}]})
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
conn.request("POST", "/", body, {"Content-Type": "application/json"})
logs = json.loads(conn.getresponse().read())["result"]
print(len(logs))
"""
"""The floor: one raw eth_getLogs for the whole range, then json.loads (stdlib only)."""


def _child(argv: list[str], **kwargs: Any) -> _Run:
    """Run a child process; its own wall time, CPU time (user + sys) and peak RSS (wait4)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r") as usage,
    ):
        helper = [sys.executable, "-I", "-c", _SPAWN, usage.name, *argv]
        proc = subprocess.run(helper, stdout=out, stderr=err, check=False, **kwargs)
        out.seek(0)
        err.seek(0)
        assert proc.returncode == 0, err.read().decode(errors="replace")
        wall, cpu, rss_kb = usage.read().split()
        return _Run(float(wall), float(cpu), int(rss_kb) / 1024, out.read())


@pytest.mark.benchmark
def test_sync_100k_posts_against_cast_logs(tmp_path: Path) -> None:
    node = AnvilProcess(args=["--silent", "--disable-block-gas-limit"]).start()
    try:
        rpc = RpcClient(node.url, timeout=300)
        start = time.perf_counter()
        target, head = _seed(rpc)
        seed_s = time.perf_counter() - start
        _run(node, rpc, tmp_path, target, head, seed_s)
    finally:
        node.stop()


def _write_cpu(path: Path, batch: Batch, head: int) -> float:
    """CPU seconds SQLite takes to store decoded posts as an initial sync does (indexes and
    content rows after the rows), without the fetching and decoding around it."""
    conn = connect(path)
    try:
        start = time.process_time()
        conn.execute("BEGIN IMMEDIATE")
        drop_post_indexes(conn)
        conn.execute("COMMIT")
        apply_batch(conn, batch, head, "0x" + "0" * 64, defer_post_content=True)
        ensure_post_indexes(conn)
        ensure_post_content(conn)
        return time.process_time() - start
    finally:
        conn.close()


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _stats(runs: list[_Run]) -> tuple[_Run, _Run]:
    """(best, median) by wall time."""
    ordered = sorted(runs, key=lambda r: r.wall)
    return ordered[0], ordered[len(ordered) // 2]


def _run(
    node: AnvilProcess, rpc: RpcClient, tmp_path: Path, target: SyncTarget, head: int, seed_s: float
) -> None:
    social, articles = target.social, target.articles
    rng = ["--from-block", str(target.deploy_block), "--to-block", str(head), "--address", social]
    config = tmp_path / "settings.toml"
    config.write_text(
        tomli_w.dumps(
            {
                "network": "bench",
                "networks": {
                    "bench": {
                        "rpc_url": node.url,
                        "chain_id": 31337,
                        "social": social,
                        "articles": articles,
                        "deploy_block": target.deploy_block,
                    }
                },
            }
        )
    )
    # Bytecode as an installed Agora has it (pip compiles it; PYTHONDONTWRITEBYTECODE would
    # otherwise make every run compile the sync path's sources again, ~0.1 s of start-up).
    compileall.compile_dir(ROOT / "tui", quiet=1)
    cast = [str(find_tool("cast")), "logs", *rng, "--rpc-url", node.url, "--json"]
    agora = [sys.executable, "-m", "tui", "sync", "--json", "--no-fetch"]

    # 1. agora sync (the real CLI, a fresh index each time) and cast logs --json, interleaved
    #    so both see the same machine load.
    floor = [sys.executable, "-I", "-c", _FLOOR, node.url, str(target.deploy_block), str(head)]
    floor.append(social)
    cli_runs: list[_Run] = []
    cast_runs: list[_Run] = []
    floor_runs: list[_Run] = []
    for i in range(REPEAT):
        home = tmp_path / f"home{i}"
        env = dict(os.environ, AGORA_CONFIG=str(config), AGORA_HOME=str(home))
        run = _child(agora, env=env, cwd=ROOT)
        result = json.loads(run.stdout)
        assert result["posts"] == POSTS
        index = next((home / "index").glob("*.sqlite"))
        with closing(sqlite3.connect(index)) as db:
            assert db.execute("SELECT COUNT(*) FROM posts").fetchone()[0] == POSTS
            assert db.execute("SELECT COUNT(*) FROM content").fetchone()[0] == POSTS
        cli_runs.append(run)
        run = _child(cast)
        # Every Posted log (the deployment also logs other events of the Social contract).
        assert run.stdout.count(EVENT_TOPICS["Posted"].encode()) == POSTS
        cast_runs.append(run)
        run = _child(floor)
        assert int(run.stdout) >= POSTS
        floor_runs.append(run)

    # 2. one raw eth_getLogs request (bytes on the wire), and parsing it.
    flt = {"fromBlock": hex(target.deploy_block), "toBlock": hex(head), "address": [social]}
    body = {"jsonrpc": "2.0", "id": 1, "method": "eth_getLogs", "params": [flt]}
    with httpx.Client(timeout=300) as http:
        start = time.perf_counter()
        raw = http.post(node.url, json=body).content
        raw_s = time.perf_counter() - start
    start = time.perf_counter()
    logs = json.loads(raw)["result"]
    parse_s = time.perf_counter() - start
    start = time.perf_counter()
    decode_batch(logs, social, articles)
    decode_s = time.perf_counter() - start
    del logs
    start = time.perf_counter()
    fast = decode_raw_logs(raw, social, articles)
    fast_s = time.perf_counter() - start
    assert fast is not None and fast[0].posts == POSTS  # anvil's answers take the fast path
    size_mb = len(raw) / 1e6
    del raw
    write_cpu = _write_cpu(tmp_path / "w.sqlite", fast[0], head)
    del fast
    # agora sync with nothing new: start-up, settings, the chain check and the index's own
    # checks; what every run above paid before its first eth_getLogs.
    env = dict(os.environ, AGORA_CONFIG=str(config), AGORA_HOME=str(tmp_path / "home0"))
    idle_runs = [_child(agora, env=env, cwd=ROOT) for _ in range(3)]

    # 3. the indexer in-process, then with Python heap tracing (tracemalloc slows it).
    in_s = _time(lambda: Indexer(connect(tmp_path / "a.sqlite"), rpc, target).sync(head))
    tracemalloc.start()
    Indexer(connect(tmp_path / "b.sqlite"), rpc, target).sync(head)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    cli_med = _stats(cli_runs)[1]
    floor_med = _stats(floor_runs)[1]

    def row(name: str, runs: list[_Run], ref: list[_Run]) -> tuple[str, ...]:
        best, med = _stats(runs)
        cpu = _median([r.cpu for r in runs])
        return (
            name,
            f"{best.wall:.2f} s",
            f"{med.wall:.2f} s",
            f"{med.wall / _stats(ref)[1].wall:.2f}x",
            f"{cpu:.2f} s",
            f"{cpu / _median([r.cpu for r in ref]):.2f}x",
            f"{max(r.rss_mb for r in runs):.0f} MB",
        )

    print(
        f"\nSync benchmark: {POSTS:,} Posted logs in {head} blocks; {REPEAT} runs each; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    header = ("", "best wall", "median", "vs cast", "CPU", "vs cast", "peak RSS")
    table = [
        header,
        row("raw eth_getLogs + json.loads", floor_runs, cast_runs),
        row("cast logs --json", cast_runs, cast_runs),
        row("agora sync --no-fetch (CLI)", cli_runs, cast_runs),
    ]
    for cells in table:
        print(f"  {cells[0]:<30}" + "".join(f"{c:>11}" for c in cells[1:]))
    pairs = list(
        zip(cli_runs, cast_runs, strict=True)
    )  # each agora run beside the cast run after it
    notes = [
        (f"seed ({POSTS // PER_TX} txs x {PER_TX} posts)", f"{seed_s:.2f} s"),
        ("raw eth_getLogs (1 request)", f"{raw_s:.2f} s ({size_mb:.0f} MB answer)"),
        ("  + json.loads", f"{parse_s:.2f} s"),
        ("  + decode_batch (dicts)", f"{decode_s:.2f} s"),
        ("  raw bytes: decode_raw_logs", f"{fast_s:.2f} s (replaces both)"),
        (
            "  + SQLite rows and indexes",
            f"{write_cpu:.2f} s CPU (one transaction, in-process)",
        ),
        ("Indexer.sync (in-process)", f"{in_s:.2f} s"),
        (
            "agora sync, nothing new (CLI)",
            f"{_median([r.wall for r in idle_runs]):.2f} s, "
            f"{_median([r.cpu for r in idle_runs]):.2f} s CPU (start-up)",
        ),
        ("Indexer.sync Python heap peak", f"{peak / 2**20:.0f} MB (tracemalloc)"),
        ("agora vs the floor (median)", f"{cli_med.wall / floor_med.wall:.2f}x"),
        ("agora vs cast, run by run", " ".join(f"{a.wall / c.wall:.2f}" for a, c in pairs)),
        ("  CPU, run by run", " ".join(f"{a.cpu / c.cpu:.2f}" for a, c in pairs)),
        ("targets", "agora <= 1.00x cast (median wall), peak RSS <= 300 MB"),
    ]
    for name, value in notes:
        print(f"  {name:<30} {value}")
