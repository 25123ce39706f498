"""Junk-CID benchmark: 1,000 CIDs no gateway has, behind a slow gateway, beside real posts.

Run with ``pytest -m benchmark -s -p no:xdist tests/benchmarks/test_hydrate_benchmark.py``.
Two networks on one anvil, side by side in the same run: both hold the same real posts (21
posts by 3 authors, their content only on the gateway); one also holds a block of 1,000 junk
CIDs by one author. The gateway is a loopback server that answers every request after
``AGORA_BENCH_GATEWAY_DELAY`` seconds (2 s by default: 404 for junk, the block for real posts).

Reported for each: how long ``agora sync`` takes to return (its content budget is the default
30 s), what it says is still missing, its peak RSS; and, in a process that runs the TUI's
backend, how long reads (open a thread, the status bar, the first timeline page) take while a
refresh is fetching, against the same reads with nothing running, and that process's peak RSS.
Timing is reported, never asserted; the assertions are about correctness (real posts verified,
junk reported missing).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.benchmarks.test_sync_benchmark import ROOT, _child
from tests.conftest import DEV_ADDRESSES
from tests.faults.proxy import FaultyGateway
from tests.hostile.corpus import junk_cids
from tests.index.kit import deploy
from tui.core.chain.foundry import AnvilProcess
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore

JUNK = int(os.environ.get("AGORA_BENCH_JUNK", "1000"))
DELAY = float(os.environ.get("AGORA_BENCH_GATEWAY_DELAY", "2.0"))
REAL_AUTHORS = (0, 1, 2)
REAL_PER_AUTHOR = 7
JUNK_AUTHORS = (3,)

_READS = """
import json, statistics, sys, threading, time
from tui.core.context import AgoraContext
from tui.ui.backend import CoreBackend

ctx = AgoraContext.load()
net = ctx.settings.networks[ctx.network_name]
backend = CoreBackend(ctx)
backend.attach_network(net.rpc_url, net.chain_id)
post_id = int(sys.argv[1])
calls = {
    "thread": lambda: backend.thread(post_id),
    "status": backend.status,
    "timeline": lambda: backend.timeline("global"),
}

def reads():
    out = {}
    for name, call in calls.items():
        start = time.perf_counter()
        call()
        out[name] = time.perf_counter() - start
    return out

idle = [reads() for _ in range(10)]
done = threading.Event()
start = time.perf_counter()

def refresh():  # what the TUI's poll does: sync, then one content pass
    backend.refresh()
    backend.fetch_content()
    done.set()

threading.Thread(target=refresh).start()
busy = []
while not done.is_set():
    busy.append(reads())
    done.wait(0.05)
refresh_s = time.perf_counter() - start

def summary(runs):
    return {
        name: {
            "median_ms": 1000 * statistics.median(r[name] for r in runs),
            "max_ms": 1000 * max(r[name] for r in runs),
        }
        for name in calls
    }

store = backend._store()
print(json.dumps({
    "refresh_s": refresh_s,
    "reads": len(busy),
    "idle": summary(idle),
    "busy": summary(busy),
    "missing": store.missing_content(),
    "verified": store.conn.execute(
        "SELECT COUNT(*) FROM content WHERE status = 'verified'").fetchone()[0],
}))
"""
"""Runs in its own process (for its peak RSS): the backend the TUI uses, a refresh in a
thread, and reads on the caller's thread until the refresh returns."""


def _network(agora: Any, gateway: FaultyGateway, tmp_path: Path, name: str) -> Path:
    net = agora.network
    body = {k: v for k, v in net.__dict__.items() if k != "name"}
    body["gateways"] = [gateway.url]
    config = tmp_path / f"{name}.toml"
    config.write_text(tomli_w.dumps({"network": net.name, "networks": {net.name: body}}))
    return config


def _seed(rpc: RpcClient, remote: LocalContentStore, junk: int) -> Any:
    agora = deploy(rpc, remote)
    for who in REAL_AUTHORS:
        for n in range(REAL_PER_AUTHOR):
            agora.post(who, f"real post {n} by {DEV_ADDRESSES[who]}")
    if junk:
        rpc.call("evm_setAutomine", [False])
        cids = junk_cids(junk, seed=junk)
        sent = [
            agora.send(JUNK_AUTHORS[i % len(JUNK_AUTHORS)], "Social", "post", [cid, 0])
            for i, cid in enumerate(cids)
        ]
        rpc.call("evm_mine")  # one block of junk
        rpc.call("evm_setAutomine", [True])
        for tx in sent:
            agora.mined(tx)
    return agora


def _measure(config: Path, home: Path) -> dict[str, Any]:
    env = dict(os.environ, AGORA_CONFIG=str(config), AGORA_HOME=str(home / "cli"))
    env.pop("AGORA_NETWORK", None)
    sync = _child([sys.executable, "-m", "tui", "sync", "--json"], env=env, cwd=ROOT)
    result = json.loads(sync.stdout)
    # The TUI side: a fresh home whose index knows the posts but no content yet.
    env["AGORA_HOME"] = str(home / "tui")
    _child([sys.executable, "-m", "tui", "sync", "--json", "--no-fetch"], env=env, cwd=ROOT)
    reads = _child([sys.executable, "-c", _READS, "1"], env=env, cwd=ROOT)
    return {
        "sync_s": sync.wall,
        "sync_rss": sync.rss_mb,
        "sync": result,
        "reads": json.loads(reads.stdout),
        "reads_rss": reads.rss_mb,
    }


@pytest.mark.benchmark
def test_junk_cids_behind_a_slow_gateway(tmp_path: Path) -> None:
    node = AnvilProcess(args=["--silent", "--disable-block-gas-limit"]).start()
    remote = LocalContentStore(tmp_path / "remote")
    gateway = FaultyGateway(remote.get, delay=DELAY)
    gateway.mode = "slow"
    try:
        rpc = RpcClient(node.url, timeout=120)
        figures: dict[str, dict[str, Any]] = {}
        for name, junk in (("no junk", 0), (f"{JUNK:,} junk", JUNK)):
            agora = _seed(rpc, remote, junk)
            config = _network(agora, gateway, tmp_path, f"net{junk}")
            figures[name] = _measure(config, tmp_path / f"home{junk}") | {"junk": junk}
    finally:
        gateway.close()
        node.stop()

    real = len(REAL_AUTHORS) * REAL_PER_AUTHOR
    for name, f in figures.items():
        assert f["sync"]["content"]["verified"] == real, (name, f["sync"])
        assert f["sync"]["missing_content"] == f["junk"], (name, f["sync"])
    print(
        f"\nJunk-CID benchmark: {real} real posts by {len(REAL_AUTHORS)} authors; "
        f"{JUNK:,} junk CIDs by {len(JUNK_AUTHORS)} author(s) in one block; "
        f"the gateway answers after {DELAY:g} s"
    )
    head = f"{'':28}" + "".join(f"{name:>18}" for name in figures)
    print(head)

    def line(label: str, get: Any) -> None:
        print(f"{label:28}" + "".join(f"{get(f):>18}" for f in figures.values()))

    line("agora sync returns after", lambda f: f"{f['sync_s']:.1f} s")
    line("  verified / still missing", lambda f: (
        f"{f['sync']['content']['verified']} / {f['sync']['missing_content']}"
    ))  # fmt: skip
    line("  CIDs tried and not found", lambda f: str(f["sync"]["content"]["unavailable"]))
    line("  peak RSS", lambda f: f"{f['sync_rss']:.0f} MB")
    line("TUI refresh (sync + pass)", lambda f: f"{f['reads']['refresh_s']:.1f} s")
    for read in ("thread", "status", "timeline"):
        line(
            f"  {read}, idle median",
            lambda f, r=read: f"{f['reads']['idle'][r]['median_ms']:.1f} ms",
        )
        line(
            f"  {read}, during median",
            lambda f, r=read: f"{f['reads']['busy'][r]['median_ms']:.1f} ms",
        )
        line(f"  {read}, during max", lambda f, r=read: f"{f['reads']['busy'][r]['max_ms']:.1f} ms")
    line("  reads during the refresh", lambda f: str(f["reads"]["reads"]))
    line("  peak RSS", lambda f: f"{f['reads_rss']:.0f} MB")
