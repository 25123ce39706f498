"""Attestation indexing benchmark: 10,000 Agora endorsements vs 10,000 Posted logs, same run.

Run with ``pytest -m benchmark -s -p no:xdist tests/benchmarks/test_attest_benchmark.py``
(``AGORA_BENCH_ATTESTATIONS`` sets the count, ``AGORA_BENCH_REPEAT`` the runs). EAS logs carry
no data, so indexing an attestation is its log plus a ``getAttestation`` call; the calls are
batched (``tui.core.index.attestations.BATCH`` per JSON-RPC request). Both syncs use the real
indexer into a fresh SQLite file on the same anvil, interleaved, best and median printed.
Timing is reported, never asserted; the assertions are that everything was indexed.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import pytest
from eth_abi import encode
from eth_hash.auto import keccak

from tests.conftest import DEV_KEYS
from tui.core.attest import eas
from tui.core.attest.schemas import ENDORSEMENT_UID, encode_claim
from tui.core.chain.deploy import deploy_code, deploy_contracts, send_transaction
from tui.core.chain.foundry import AnvilProcess
from tui.core.chain.rpc import RpcClient
from tui.core.content.cid import cid_for
from tui.core.index import attestations
from tui.core.index.schema import connect
from tui.core.index.sync import Indexer, SyncTarget

COUNT = int(os.environ.get("AGORA_BENCH_ATTESTATIONS", "10000"))
REPEAT = max(1, int(os.environ.get("AGORA_BENCH_REPEAT", "3")))
PER_TX = 100
HERE = Path(__file__).resolve().parent
MULTI = "multiAttest((bytes32,(address,uint64,bool,bytes32,bytes,uint256)[])[])"
RECIPIENTS = [
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
]


def _seed(rpc: RpcClient) -> tuple[SyncTarget, SyncTarget]:
    from tui.contracts.build import compile_file

    deployment = deploy_contracts(rpc, DEV_KEYS[0])
    # A second, empty Social/Articles beside EAS: the attestation sync reads EAS logs only.
    with_eas = deploy_contracts(rpc, DEV_KEYS[0], devnet=True)
    helper = compile_file(HERE / "helpers" / "BatchPoster.vy")
    poster = deploy_code(
        rpc, DEV_KEYS[0], helper["bytecode"] + encode(["address"], [deployment.social]).hex()
    )
    post_each = keccak(b"post_each(string[])")[:4].hex()
    for first in range(0, COUNT, 500):
        cids = [cid_for(b"bench %d" % i) for i in range(first, min(first + 500, COUNT))]
        data = "0x" + post_each + encode(["string[]"], [cids]).hex()
        send_transaction(rpc, DEV_KEYS[0], poster, data, gas=60_000 * len(cids) + 1_000_000)
    address = with_eas.contracts["eas"]
    zero = bytes(32)
    for first in range(0, COUNT, PER_TX):
        requests = [
            (
                RECIPIENTS[i % 3],
                0,
                True,
                zero,
                encode_claim("endorsement", f"skill {i % 50}", "", ""),
                0,
            )
            for i in range(first, min(first + PER_TX, COUNT))
        ]
        data = eas.encode(MULTI, [[(bytes.fromhex(ENDORSEMENT_UID[2:]), requests)]])
        send_transaction(rpc, DEV_KEYS[0], address, data, gas=400_000 * len(requests) + 500_000)
    posts = SyncTarget(31337, deployment.social, deployment.articles, deployment.block)
    attested = SyncTarget(
        31337, with_eas.social, with_eas.articles, with_eas.block,
        extra=tuple(with_eas.contracts.items()),
    )  # fmt: skip
    return posts, attested


@pytest.mark.benchmark
def test_index_10k_attestations_beside_10k_posts(tmp_path: Path) -> None:
    node = AnvilProcess(args=["--silent", "--disable-block-gas-limit"]).start()
    try:
        rpc = RpcClient(node.url, timeout=300)
        start = time.perf_counter()
        posts_target, eas_target = _seed(rpc)
        print(
            f"\nseeded {COUNT} posts and {COUNT} attestations in {time.perf_counter() - start:.1f} s"
        )
        eas_address = dict(eas_target.extra)["eas"]
        post_times, attest_times, log_times = [], [], []
        for run in range(REPEAT):
            conn = connect(tmp_path / f"posts-{run}.sqlite")
            t0 = time.perf_counter()
            Indexer(conn, rpc, posts_target).sync()
            post_times.append(time.perf_counter() - t0)
            assert conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0] == COUNT
            conn.close()

            conn = connect(tmp_path / f"eas-{run}.sqlite")
            t0 = time.perf_counter()
            Indexer(conn, rpc, eas_target).sync()
            t1 = time.perf_counter()
            fetched = attestations.fetch_records(conn, rpc, eas_address)
            t2 = time.perf_counter()
            log_times.append(t1 - t0)
            attest_times.append(t2 - t0)
            assert fetched == COUNT
            counted = sum(len(attestations.about(conn, r)) for r in RECIPIENTS)
            assert counted == COUNT
            conn.close()
        rows = [
            (f"{COUNT:,} Posted logs (sync)", post_times),
            (f"{COUNT:,} Attested logs (sync)", log_times),
            (f"{COUNT:,} Attested logs + records (batched)", attest_times),
        ]
        print(f"\n{'what':<48}{'best':>9}{'median':>9}")
        for label, times in rows:
            print(f"{label:<48}{min(times):>8.2f}s{statistics.median(times):>8.2f}s")
        calls = -(-COUNT // attestations.BATCH)
        print(f"getAttestation: {COUNT} calls in {calls} JSON-RPC batches of {attestations.BATCH}")
    finally:
        node.stop()
