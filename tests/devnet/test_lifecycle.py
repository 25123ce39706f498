"""The devnet's life through the real CLI: up, status, reuse, down, restart with state, reset."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.devnet.conftest import Agora, run_agora, run_json
from tui.core.chain.abi import decode_result, encode_call
from tui.core.chain.devnet import Devnet, DevnetRecord
from tui.core.chain.devnet_process import pid_alive
from tui.core.chain.rpc import RpcClient


def _post_count(url: str, social: str) -> int:
    with RpcClient(url) as rpc:
        raw = rpc.eth_call(social, encode_call("Social", "postCount", []))
    return int(decode_result("Social", "postCount", raw)[0])


def _log_count(url: str, addresses: list[str]) -> int:
    with RpcClient(url) as rpc:
        return len(rpc.get_logs(0, rpc.block_number(), addresses))


def test_up_status_reuse_down_restart_reset(devnet: Devnet, agora: Agora) -> None:
    up = run_json("devnet", "up")
    assert up["started"] and up["deployed"] and up["seeded_now"]
    assert up["chain_id"] == 31337 and up["seeded"] is True
    assert up["rpc_url"] == f"http://127.0.0.1:{up['port']}"
    social, articles = up["contracts"]["social"], up["contracts"]["articles"]
    pid = up["pid"]
    record = json.loads((devnet.dir / "devnet.json").read_text())
    assert record["pid"] == pid and record["state_file"] == str(devnet.state_path)
    assert set(record) >= {"rpc_url", "chain_id", "contracts", "deploy_block", "port", "seeded"}

    status = run_json("devnet", "status")
    assert status["running"] is True and status["pid"] == pid
    assert status["rpc_url"] == up["rpc_url"] and status["chain_id"] == 31337
    assert status["contracts"] == up["contracts"]
    assert {"social": social, "articles": articles}.items() <= status["contracts"].items()
    assert {"token_tips", "demo_token"} <= set(status["contracts"])  # the extensions' too
    assert isinstance(status["deploy_block"], int) and status["block"] > status["deploy_block"]

    posts = _post_count(up["rpc_url"], social)
    assert posts >= 40
    # The extensions' demo ran too: token tips in the demo token.
    assert _log_count(up["rpc_url"], [status["contracts"]["token_tips"]]) >= 3
    logs = _log_count(up["rpc_url"], [social, articles])

    again = run_json("devnet", "up")  # a second process reuses the running node
    assert again["started"] is False and again["pid"] == pid
    assert again["deployed"] is False and again["seeded_now"] is False

    down = run_json("devnet", "down")
    assert down == {"stopped": True}
    assert not pid_alive(pid)
    assert devnet.state_path.stat().st_size > 0
    stopped = run_json("devnet", "status")
    assert stopped["running"] is False and stopped["pid"] is None and stopped["block"] is None
    assert stopped["contracts"]["social"] == social  # the record survives a stop

    restarted = run_json("devnet", "up")
    assert restarted["started"] is True and restarted["pid"] != pid
    assert restarted["deployed"] is False and restarted["seeded_now"] is False
    assert restarted["contracts"] == up["contracts"]
    assert _post_count(restarted["rpc_url"], social) == posts
    assert _log_count(restarted["rpc_url"], [social, articles]) == logs

    refused = run_agora("devnet", "reset")  # no TTY and no --yes
    assert refused.returncode == 4 and "--yes" in refused.stderr
    assert pid_alive(restarted["pid"])

    reset = run_json("devnet", "reset", "--yes")
    assert reset["reset"] is True
    assert not pid_alive(restarted["pid"])
    assert not devnet.state_path.exists() and not devnet.record_path.exists()
    fresh = run_json("devnet", "status")
    assert fresh["running"] is False and fresh["contracts"]["social"] == ""


def test_human_output_and_down_when_stopped(devnet: Devnet, agora: Agora) -> None:
    status = agora("devnet", "status")
    assert status.returncode == 0 and "agora devnet up" in status.stdout
    down = agora("devnet", "down")
    assert down.returncode == 0 and "not running" in down.stdout
    up = agora("devnet", "up", "--no-seed")
    assert up.returncode == 0, up.stderr
    assert "Started the devnet at http://127.0.0.1:" in up.stdout
    assert "Starting anvil" in up.stderr  # progress goes to stderr
    shown = agora("devnet", "status")
    assert "running (pid" in shown.stdout and "Social" in shown.stdout


def test_concurrent_up_starts_one_node(devnet: Devnet) -> None:
    """Two `agora devnet up` at once: the lock makes the second reuse the first's node."""
    command = [sys.executable, "-m", "tui", "devnet", "up", "--no-seed", "--json"]
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=180) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _out, err in outputs]
    results = [json.loads(out) for out, _err in outputs]
    assert results[0]["pid"] == results[1]["pid"]
    assert sorted(r["started"] for r in results) == [False, True]


def test_stale_record_is_replaced(devnet: Devnet, isolated_home: Path) -> None:
    """A record whose pid is dead (a crash, a reboot) is cleaned up and a node started."""
    devnet.dir.mkdir(parents=True)
    stale = DevnetRecord(rpc_url="http://127.0.0.1:9", pid=2**22 + 7, port=9)
    devnet.record_path.write_text(json.dumps(stale.to_json()))
    assert devnet.status()["running"] is False
    result = devnet.up(seed=False)
    assert result.started and result.deployed
    assert result.record.pid != stale.pid and pid_alive(result.record.pid)
    assert devnet.status()["running"] is True


def test_killed_node_restarts_from_saved_state(devnet: Devnet) -> None:
    """SIGKILL right after `up`: the fresh deployment was saved before `up` returned."""
    import os
    import signal
    import time

    first = devnet.up(seed=False).record
    os.kill(first.pid, signal.SIGKILL)
    while pid_alive(first.pid):
        time.sleep(0.05)
    again = devnet.up(seed=False)
    assert again.started and not again.deployed
    assert again.record.social == first.social


def test_damaged_record_is_ignored(devnet: Devnet) -> None:
    devnet.dir.mkdir(parents=True)
    devnet.record_path.write_text("{not json")
    assert devnet.read_record() is None
    assert devnet.status()["running"] is False
