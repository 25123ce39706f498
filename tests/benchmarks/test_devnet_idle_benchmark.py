"""Devnet persistence benchmark: idle CPU of anvil holding a large chain, old settings vs new.

Run with ``pytest -m benchmark -s -p no:xdist tests/benchmarks -k idle``. One chain with
``AGORA_BENCH_POSTS`` posts (default 100,000) is built once and saved; then two anvils load
copies of it side by side, in the same run:

- old: ``--state FILE --state-interval 2`` (anvil rewrote the whole state every 2 s, in place);
- new: ``--load-state FILE`` and nothing else, as ``Devnet`` starts it now (Agora saves with
  ``anvil_dumpState`` when something changed and on ``down``).

It prints each one's CPU use while idle, then the cost of stopping each: SIGTERM until exit for
the old one (it dumps on exit), ``Devnet``'s save + SIGTERM for the new one. Nothing about speed
is asserted; the chain must come back whole from each saved file.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.benchmarks.test_sync_benchmark import POSTS, _seed
from tui.core.chain.abi import decode_result, encode_call
from tui.core.chain.devnet import Devnet, DevnetRecord
from tui.core.chain.devnet_process import gunzip_hex
from tui.core.chain.foundry import AnvilProcess
from tui.core.chain.rpc import RpcClient
from tui.core.files import write_atomic_chunks

IDLE_SECONDS = float(os.environ.get("AGORA_BENCH_IDLE_SECONDS", "20"))
TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _post_count(url: str, social: str) -> int:
    with RpcClient(url, timeout=300) as rpc:
        raw = rpc.eth_call(social, encode_call("Social", "postCount", []))
    return int(decode_result("Social", "postCount", raw)[0])


@pytest.mark.benchmark
def test_idle_cpu_old_interval_dump_vs_saving_on_change(tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    builder = AnvilProcess(args=["--silent", "--disable-block-gas-limit"]).start()
    try:
        with RpcClient(builder.url, timeout=600) as rpc:
            target, _head = _seed(rpc)
            write_atomic_chunks(base, gunzip_hex(rpc.call("anvil_dumpState")))
    finally:
        builder.stop()
    size_mb = base.stat().st_size / 1e6
    old_state, new_home = tmp_path / "old.json", tmp_path / "home"
    shutil.copy(base, old_state)
    new_dir = new_home / "devnet"
    new_dir.mkdir(parents=True)
    shutil.copy(base, new_dir / "state.json")

    old = AnvilProcess(
        args=["--silent", "--state", str(old_state), "--state-interval", "2"], detach=True
    ).start(timeout=300)
    devnet = Devnet(new_home)
    new = AnvilProcess(
        args=["--silent", "--config-out", str(devnet.node_path), "--load-state",
              str(devnet.state_path)],
        detach=True,
    ).start(timeout=300)  # fmt: skip
    assert old.proc is not None and new.proc is not None
    try:
        for node in (old, new):
            assert _post_count(node.url, target.social) == POSTS
        time.sleep(3)  # past start-up work
        start = {p.pid: _cpu_seconds(p.pid) for p in (old.proc, new.proc)}
        time.sleep(IDLE_SECONDS)
        idle = {pid: (_cpu_seconds(pid) - s) / IDLE_SECONDS for pid, s in start.items()}

        began = time.perf_counter()
        old.proc.terminate()
        old.proc.wait(600)
        old_stop = time.perf_counter() - began

        record = DevnetRecord(
            rpc_url=new.url, pid=new.proc.pid, port=new.port, state_file=str(devnet.state_path),
            social=target.social, articles=target.articles,
        )  # fmt: skip
        devnet._write_record(record)
        began = time.perf_counter()
        assert devnet.down() is True
        new_stop = time.perf_counter() - began
    finally:
        old.stop()
        new.stop()

    for state in (old_state, devnet.state_path):  # both saved files hold the whole chain
        check = AnvilProcess(args=["--silent", "--load-state", str(state)]).start(timeout=300)
        try:
            assert _post_count(check.url, target.social) == POSTS
        finally:
            check.stop()

    print(
        f"\nDevnet idle benchmark: {POSTS:,} posts, state file {size_mb:.0f} MB; "
        f"{IDLE_SECONDS:.0f} s idle; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"  {'':<44}{'idle CPU':>10}{'stop':>10}")
    rows = (
        ("old: --state --state-interval 2", idle[old.proc.pid], old_stop),
        ("new: --load-state, Agora saves on change", idle[new.proc.pid], new_stop),
    )
    for name, cpu, stop in rows:
        print(f"  {name:<44}{cpu:>9.0%}{stop:>9.2f}s")
