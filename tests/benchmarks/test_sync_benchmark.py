"""Sync benchmark: 100,000 real Posted logs on anvil; cast logs vs raw eth_getLogs vs agora sync.

Run with ``make bench`` (or ``pytest -m benchmark -s -p no:xdist tests/benchmarks``). It prints
one table; the assertions are the targets from the issue (sync <= 1.0x cast logs, peak <= 300 MB).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import httpx
import pytest
import tomli_w
from eth_abi import encode
from eth_hash.auto import keccak

from tests.conftest import DEV_KEYS
from tui.core.chain.deploy import deploy_code, deploy_contracts, send_transaction
from tui.core.chain.foundry import AnvilProcess, find_tool
from tui.core.chain.rpc import RpcClient
from tui.core.content.cid import cid_for
from tui.core.index.schema import connect
from tui.core.index.sync import Indexer, SyncTarget

POSTS = int(os.environ.get("AGORA_BENCH_POSTS", "100000"))
PER_TX = 5000
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _seed(rpc: RpcClient) -> tuple[SyncTarget, int]:
    from tui.contracts.build import compile_file

    deployment = deploy_contracts(rpc, DEV_KEYS[0])
    helper = compile_file(HERE / "helpers" / "BatchPoster.vy")
    poster = deploy_code(
        rpc, DEV_KEYS[0], helper["bytecode"] + encode(["address"], [deployment.social]).hex()
    )
    cid = cid_for(b'{"text":"benchmark"}')
    selector = keccak(b"post_many(string,uint256)")[:4].hex()
    left = POSTS
    while left:
        count = min(PER_TX, left)
        data = "0x" + selector + encode(["string", "uint256"], [cid, count]).hex()
        send_transaction(rpc, DEV_KEYS[0], poster, data, gas=30_000 * count + 1_000_000)
        left -= count
    target = SyncTarget(
        deployment.chain_id, deployment.social, deployment.articles, deployment.block
    )
    return target, rpc.block_number()


def _time(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


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


def _run(
    node: AnvilProcess, rpc: RpcClient, tmp_path: Path, target: SyncTarget, head: int, seed_s: float
) -> None:
    social, articles = target.social, target.articles
    rng = ["--from-block", str(target.deploy_block), "--to-block", str(head), "--address", social]

    # 1. agora sync, the real CLI in a child process (measured first: ru_maxrss of children
    #    is the maximum over every child waited for so far).
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
    env = dict(os.environ, AGORA_CONFIG=str(config), AGORA_HOME=str(tmp_path / "home"))
    agora = [sys.executable, "-m", "tui", "sync", "--json", "--no-fetch"]
    start = time.perf_counter()
    out = subprocess.run(agora, env=env, cwd=ROOT, capture_output=True, check=True)
    cli_s = time.perf_counter() - start
    cli_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cli_result = json.loads(out.stdout)
    assert cli_result["posts"] == POSTS, out.stderr

    # 2. cast logs --json for the same logs.
    cast = [str(find_tool("cast")), "logs", *rng, "--rpc-url", node.url, "--json"]
    start = time.perf_counter()
    out = subprocess.run(cast, capture_output=True, check=True)
    cast_s = time.perf_counter() - start
    assert out.stdout.count(b'"transactionHash"') == POSTS

    # 3. one raw eth_getLogs request (bytes on the wire), and parsing it.
    flt = {"fromBlock": hex(target.deploy_block), "toBlock": hex(head), "address": [social]}
    body = {"jsonrpc": "2.0", "id": 1, "method": "eth_getLogs", "params": [flt]}
    with httpx.Client(timeout=300) as http:
        start = time.perf_counter()
        raw = http.post(node.url, json=body).content
        raw_s = time.perf_counter() - start
    parse_s = _time(lambda: json.loads(raw))

    # 4. the indexer in-process, with Python heap tracing (tracemalloc slows it: timed apart).
    in_s = _time(lambda: Indexer(connect(tmp_path / "a.sqlite"), rpc, target).sync(head))
    tracemalloc.start()
    Indexer(connect(tmp_path / "b.sqlite"), rpc, target).sync(head)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    rows = [
        ("seed (20 txs x 5000 posts)", f"{seed_s:.2f} s", ""),
        ("cast logs --json", f"{cast_s:.2f} s", "1.00x"),
        ("raw eth_getLogs (1 request)", f"{raw_s:.2f} s", f"{raw_s / cast_s:.2f}x"),
        ("  + json.loads", f"{parse_s:.2f} s", f"{len(raw) / 1e6:.0f} MB response"),
        ("agora sync (CLI process)", f"{cli_s:.2f} s", f"{cli_s / cast_s:.2f}x"),
        ("Indexer.sync (in-process)", f"{in_s:.2f} s", f"{in_s / cast_s:.2f}x"),
        ("agora sync peak RSS", f"{cli_rss_mb:.0f} MB", "target <= 300 MB"),
        ("Indexer.sync Python heap peak", f"{peak / 2**20:.0f} MB", "tracemalloc"),
    ]
    print(f"\nSync benchmark: {POSTS:,} Posted logs in {head} blocks")
    for name, value, note in rows:
        print(f"  {name:<32} {value:>10}  {note}")
    assert cli_rss_mb <= 300
    assert cli_s <= cast_s * 1.0, f"agora sync {cli_s:.2f}s vs cast logs {cast_s:.2f}s"
