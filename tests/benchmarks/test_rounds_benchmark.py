"""Rounds benchmark (on demand): a round with 32 evaluators and 10,000 real allocations on anvil,
indexed by the real indexer (the Rounds event source) and folded into results.

Reference, in the same run and on the same chain: indexing the 10,000 base ``Posted`` logs the
round's targets came from (the same indexer, the same number of logs). Figures are printed (best
and median of ``AGORA_BENCH_REPEAT`` runs; Python heap peak with tracemalloc in a separate
pass), never asserted against a time limit; the assertions are about correctness: every
allocation is indexed and the folded payouts equal the contract's ``payoutOf``.

    PYTHONPATH=$PWD python -m pytest -m benchmark -s -p no:xdist tests/benchmarks/test_rounds_benchmark.py
"""

from __future__ import annotations

import os
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from eth_abi import encode
from eth_hash.auto import keccak

from tests.conftest import DEV_KEYS
from tui.contracts.build import compile_file
from tui.core.chain.abi import decode_result, encode_call
from tui.core.chain.deploy import deploy_code, deploy_contracts, send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.content.cid import cid_for
from tui.core.index.schema import connect
from tui.core.index.sync import Indexer, SyncTarget
from tui.core.rounds.views import round_view

pytestmark = pytest.mark.benchmark

EVALUATORS = 32
ALLOCATIONS = 10_000
POSTS = 10_000
PER_TX = 100
REPEAT = max(1, int(os.environ.get("AGORA_BENCH_REPEAT", "3")))
HERE = Path(__file__).resolve().parent
ZERO = "0x" + "0" * 40


def _call_data(signature: str, types: list[str], args: list[Any]) -> str:
    return "0x" + keccak(signature.encode())[:4].hex() + encode(types, args).hex()


def _seed(rpc: RpcClient) -> tuple[SyncTarget, int, int, str]:
    deployment = deploy_contracts(rpc, DEV_KEYS[0])
    rounds = deployment.contracts["rounds"]
    poster_code = compile_file(HERE / "helpers" / "BatchPoster.vy")["bytecode"]
    poster = deploy_code(
        rpc, DEV_KEYS[0], poster_code + encode(["address"], [deployment.social]).hex()
    )
    for first in range(0, POSTS, 250):
        cids = [cid_for(b'{"text":"bench %d"}' % i) for i in range(first, min(first + 250, POSTS))]
        data = _call_data("post_each(string[])", ["string[]"], [cids])
        send_transaction(rpc, DEV_KEYS[0], poster, data, gas=60_000 * len(cids) + 1_000_000)
    posts_block = rpc.block_number()
    allocator_code = compile_file(HERE / "helpers" / "BatchAllocator.vy")["bytecode"]
    evaluators = [
        deploy_code(rpc, DEV_KEYS[0], allocator_code + encode(["address"], [rounds]).hex())
        for _ in range(EVALUATORS)
    ]
    now = int(str((rpc.get_block("latest") or {})["timestamp"]), 16)
    pot = 32 * 10**18
    args = [ZERO, pot, cid_for(b"scope"), evaluators, 3, now + 86400, now + 9 * 86400]
    send_transaction(rpc, DEV_KEYS[0], rounds, encode_call("Rounds", "open", args), value=pot)
    per = [
        ALLOCATIONS // EVALUATORS + (1 if i < ALLOCATIONS % EVALUATORS else 0)
        for i in range(EVALUATORS)
    ]
    for i, (evaluator, count) in enumerate(zip(evaluators, per, strict=True)):
        for start in range(0, count, PER_TX):
            n = min(PER_TX, count - start)
            data = _call_data(
                "allocate_each(uint256,uint256,uint256,uint256,uint256)",
                ["uint256"] * 5,
                [1, i * 97 + start, n, POSTS, 10**15],
            )
            send_transaction(rpc, DEV_KEYS[0], evaluator, data, gas=140_000 * n + 500_000)
    target = SyncTarget(
        deployment.chain_id, deployment.social, deployment.articles, deployment.block,
        extra=(("rounds", rounds),),
    )  # fmt: skip
    return target, posts_block, rpc.block_number(), rounds


def _measure(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _peak(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def test_round_with_32_evaluators_and_10000_allocations(anvil: RpcClient, tmp_path: Path) -> None:
    target, posts_block, head, rounds = _seed(anvil)
    now = int(str((anvil.get_block("latest") or {})["timestamp"]), 16)
    ref_times, round_times, fold_times = [], [], []
    for run in range(REPEAT):
        conn = connect(tmp_path / f"run{run}.sqlite")
        indexer = Indexer(conn, anvil, target)
        ref, _ = _measure(lambda i=indexer: i.sync(posts_block))  # type: ignore[misc]
        idx, _ = _measure(lambda i=indexer: i.sync(head))  # type: ignore[misc]
        fold, view = _measure(lambda c=conn: round_view(c, 1, now))  # type: ignore[misc]
        ref_times.append(ref)
        round_times.append(idx)
        fold_times.append(fold)
    count = conn.execute("SELECT COUNT(*) FROM round_allocations").fetchone()[0]
    assert count == ALLOCATIONS
    assert view is not None and len(view.round.evaluators) == EVALUATORS
    for (kind, target_id), _result in list(view.results.targets.items())[:50]:
        data = anvil.eth_call(rounds, encode_call("Rounds", "payoutOf", [1, kind, target_id]))
        assert view.results.payout(kind, target_id) == decode_result("Rounds", "payoutOf", data)[0]

    def index_again() -> None:
        c = connect(tmp_path / "peak.sqlite")
        i = Indexer(c, anvil, target)
        i.sync(posts_block)
        i.sync(head)

    index_peak = _peak(index_again)
    fold_peak = _peak(lambda: round_view(conn, 1, now))

    def row(label: str, times: list[float]) -> str:
        return f"{label:<46} best {min(times):7.3f} s   median {statistics.median(times):7.3f} s"

    print()
    print(
        f"Rounds benchmark: {EVALUATORS} evaluators, {ALLOCATIONS:,} allocations, {len(view.results.targets):,} targets, {REPEAT} runs"
    )
    print(row("reference: index 10,000 Posted logs", ref_times))
    print(row("index the round (10,000 Allocated + 32 more)", round_times))
    print(row("results: fold 10,000 allocations (round_view)", fold_times))
    print(f"{'Python heap peak, whole index (tracemalloc)':<46} {index_peak:7.1f} MB")
    print(f"{'Python heap peak, results (tracemalloc)':<46} {fold_peak:7.1f} MB")
