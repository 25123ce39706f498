"""ENS primary names for a timeline's authors (on demand): 1,000 addresses, 100 of them named
and 20 spoofing someone else's name, on anvil with ENS's real bytecode.

Three ways, side by side in one run: one ``eth_call`` at a time (the reference), batched
JSON-RPC with an empty cache (cold), and the same with the cache filled (warm). Figures are
printed (median of ``AGORA_BENCH_RUNS`` runs, default 3), never asserted against a time limit;
the answers of all three are asserted equal.

    PYTHONPATH=$PWD python -m pytest -m benchmark -s -p no:xdist tests/benchmarks/test_ens_benchmark.py
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from typing import Any

import pytest
from eth_account import Account
from eth_hash.auto import keccak

from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.ens.cache import EnsCache
from tui.core.ens.client import DirectStrategy, EnsClient
from tui.core.ens.deploy import deploy_ens_with_key
from tui.core.ens.records import primary_step, register_steps

pytestmark = pytest.mark.benchmark

RUNS = int(os.environ.get("AGORA_BENCH_RUNS", "3"))
AUTHORS, NAMED, SPOOFS = 1000, 100, 20


class OneByOne:
    """The reference: the same strategy without its batched methods."""

    def __init__(self, inner: DirectStrategy) -> None:
        self.inner = inner

    def address(self, name: str) -> str | None:
        return self.inner.address(name)

    def text(self, name: str, key: str) -> str | None:
        return self.inner.text(name, key)

    def reverse(self, address: str) -> str | None:
        return self.inner.reverse(address)


def _median(fn: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def test_primary_names_of_1000_authors(anvil: RpcClient) -> None:
    ens = deploy_ens_with_key(anvil)
    keys = ["0x" + keccak(f"author {i}".encode()).hex() for i in range(AUTHORS)]
    addresses = [Account.from_key(k).address for k in keys]
    for address in addresses[: NAMED + SPOOFS]:
        anvil.call("anvil_setBalance", [address, hex(10**18)])
    for i in range(NAMED):
        for step in register_steps(ens, f"author{i}", addresses[i]):
            send_transaction(anvil, keys[i], step.to, step.data)
    for j in range(SPOOFS):
        step = primary_step(ens, f"author{j}.eth")
        send_transaction(anvil, keys[NAMED + j], step.to, step.data)

    direct = DirectStrategy(anvil, ens.registry)
    reference_s, reference = _median(lambda: EnsClient(OneByOne(direct)).primary_names(addresses))
    cold_s, cold = _median(
        lambda: EnsClient(
            direct, cache=EnsCache(sqlite3.connect(":memory:", isolation_level=None))
        ).primary_names(addresses)
    )
    cache = EnsCache(sqlite3.connect(":memory:", isolation_level=None))
    EnsClient(direct, cache=cache).primary_names(addresses)
    warm_s, warm = _median(lambda: EnsClient(direct, cache=cache).primary_names(addresses))

    names = {a: p.name for a, p in cold.items()}
    assert names == {a: p.name for a, p in reference.items()}
    assert names == {a: (p.name or None) for a, p in warm.items()}
    assert sum(1 for n in names.values() if n) == NAMED
    print(
        f"\nprimary names of {AUTHORS} authors ({NAMED} named, {SPOOFS} spoofs), "
        f"median of {RUNS}:\n"
        f"  one eth_call at a time: {reference_s * 1000:8.1f} ms\n"
        f"  batched, cold cache:    {cold_s * 1000:8.1f} ms\n"
        f"  batched, warm cache:    {warm_s * 1000:8.1f} ms"
    )
