"""`agora points compute` at scale: an epoch of 100,000 contributions from 10,000 accounts.

Run on demand: ``pytest -m benchmark -s -p no:xdist tests/points/test_benchmark.py``
(``AGORA_BENCH_CONTRIBUTIONS`` / ``AGORA_BENCH_ACCOUNTS`` change the sizes). Each figure comes
from its own fresh process, side by side in one run:
- reference: build the records (what reading the logs hands the rule) and hash every
  cumulative leaf once, nothing else;
- points: build the same records, run the rule (epochs 0 and 1), build the merkle tree and
  every account's proof, as ``compute`` + ``claim`` for everyone would.
Wall time and peak RSS are printed for both; the targets (≤ 5 s, ≤ 300 MB) are reported, not
asserted. The assertions are about correctness: every proof verifies against the root.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ACCOUNTS = int(os.environ.get("AGORA_BENCH_ACCOUNTS", "10000"))
CONTRIBUTIONS = int(os.environ.get("AGORA_BENCH_CONTRIBUTIONS", "100000"))

CHILD = r"""
import json, resource, sys, time
from tui.core.points import synthetic
from tui.core.points.merkle import leaf_hash, verify
mode, accounts, contributions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t0 = time.perf_counter()
recs = synthetic.records(accounts, contributions)
t1 = time.perf_counter()
out = {"records": len(recs), "build_s": t1 - t0}
if mode == "reference":
    leaves = [(synthetic.account(i), i + 1) for i in range(accounts)]
    hashes = [leaf_hash(["address", "uint256"], leaf) for leaf in leaves]
    out["work_s"] = time.perf_counter() - t1
    out["leaves"] = len(hashes)
else:
    from tui.core.points.distribution import compute
    dist = compute(synthetic.CONFIG, recs, 1)
    t2 = time.perf_counter()
    proofs = [dist.tree.proof(i) for i in range(len(dist.leaves))]
    t3 = time.perf_counter()
    out.update(rule_and_tree_s=t2 - t1, proofs_s=t3 - t2, work_s=t3 - t1, leaves=len(dist.leaves))
    out["all_verify"] = all(
        verify(dist.root, leaf_hash(["address", "uint256"], leaf), proof)
        for leaf, proof in zip(dist.leaves, proofs, strict=True)
    )
    out["total"] = dist.total
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def _child(mode: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(ACCOUNTS), str(CONTRIBUTIONS)],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    result: dict[str, float] = json.loads(done.stdout)
    return result


@pytest.mark.benchmark
def test_compute_tree_and_every_proof_at_scale() -> None:
    reference = _child("reference")
    points = _child("points")
    assert points["all_verify"] is True
    assert points["records"] >= CONTRIBUTIONS
    print(
        f"\n{CONTRIBUTIONS:,} contributions from {ACCOUNTS:,} accounts ({points['leaves']:,} leaves)"
    )
    print(f"  reference (records + one hash per leaf): {reference['work_s']:.2f} s after "
          f"{reference['build_s']:.2f} s building records, peak RSS {reference['peak_rss_mb']:.0f} MB")  # fmt: skip
    print(f"  points (rule + tree + every proof):      {points['work_s']:.2f} s "
          f"(rule+tree {points['rule_and_tree_s']:.2f} s, proofs {points['proofs_s']:.2f} s) after "
          f"{points['build_s']:.2f} s building records, peak RSS {points['peak_rss_mb']:.0f} MB")  # fmt: skip
    print("  targets: ≤ 5 s and ≤ 300 MB")
