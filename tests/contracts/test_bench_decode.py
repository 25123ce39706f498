"""Benchmark: decode_log throughput on Posted logs (run with -m benchmark; prints figures)."""

from __future__ import annotations

import time

import pytest
from eth_abi import encode

from tui.core.chain.abi import EVENT_TOPICS, decode_log

CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"


@pytest.mark.benchmark
def test_decode_log_throughput() -> None:
    authors = [f"0x{i:040x}" for i in range(1, 201)]
    data = "0x" + encode(["string"], [CID]).hex()
    logs = [
        {
            "address": "0x5fbdb2315678afecb367f032d93f642f64180aa3",
            "topics": [
                EVENT_TOPICS["Posted"],
                "0x" + i.to_bytes(32, "big").hex(),
                "0x" + "00" * 12 + authors[i % len(authors)][2:],
                "0x" + "00" * 32,
            ],
            "data": data,
            "blockNumber": hex(i // 10),
            "blockHash": "0x" + "ab" * 32,
            "transactionHash": "0x" + "cd" * 32,
            "logIndex": hex(i % 10),
            "removed": False,
        }
        for i in range(100_000)
    ]
    start = time.perf_counter()
    decoded = [decode_log(log) for log in logs]
    elapsed = time.perf_counter() - start
    assert all(d is not None for d in decoded)
    print(
        f"\ndecode_log: {len(logs):,} Posted logs in {elapsed:.3f} s "
        f"({len(logs) / elapsed:,.0f} logs/s, {elapsed / len(logs) * 1e6:.1f} µs/log)"
    )
