"""The devnet demo through the real CLI and indexer, and the upgrade from protocol version 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.devnet.conftest import Agora, agora, devnet, run_agora, run_json  # noqa: F401
from tui.core.chain.deploy import deploy_code
from tui.core.chain.devnet import Devnet
from tui.core.chain.rpc import RpcClient

FIXTURES = Path(__file__).parent / "fixtures"


def _json(*args: str) -> Any:
    done = run_agora(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_demo_has_communities_moderation_an_appeal_and_a_fork(
    devnet: Devnet,  # noqa: F811
    agora: Agora,  # noqa: F811
) -> None:
    up = run_json("devnet", "up")
    assert "communities" in up["contracts"]
    status = run_json("devnet", "status")
    assert status["protocol"] == 2
    listed = _json("community", "list")
    assert isinstance(listed, list)
    by_id = {c["id"]: c for c in listed}
    assert set(by_id) == {1, 2, 3, 4}
    assert by_id[1]["name"] == "Vyper Workshop" and by_id[1]["members"] == 4
    assert by_id[2]["restricted"] is True and by_id[3]["governance"] == "vote"
    assert by_id[4]["parent"] == 1
    log = _json("community", "log", "1")
    assert isinstance(log, list)
    actions = [e["action"] for e in log]
    assert actions == ["ban", "hide", "hide"]  # newest first
    first_hide = log[-1]
    assert first_hide["reason"]["rules"] == [2] and first_hide["reason"]["verified"] is True
    assert first_hide["appeals"] and "on topic" in first_hide["appeals"][0]["text"]
    parent = {p["id"]: p for p in _json("community", "timeline", "1", "--limit", "50")}
    fork = {p["id"]: p for p in _json("community", "timeline", "4", "--limit", "50")}
    promo = int(first_hide["target"])
    assert parent[promo]["hidden"] is True
    assert fork[promo]["hidden"] is False  # restored in the fork
    proposals = _json("community", "proposals", "3")
    assert isinstance(proposals, list)
    oldest, newest = proposals[-1], proposals[0]  # newest first
    assert oldest["kind"] == "add-mod" and oldest["yes"] == 2
    # the points demo's proposal: Devi's proven weight against Bram's unproven 1
    assert newest["kind"] == "add-mod" and newest["yes"] > 1 and newest["no"] == 1


def test_a_version_1_devnet_is_detected_and_reset_on_request(
    devnet: Devnet,  # noqa: F811
    agora: Agora,  # noqa: F811
) -> None:
    up = run_json("devnet", "up", "--no-seed")
    social = up["contracts"]["social"]
    old = json.loads((FIXTURES / "social_v1.json").read_text())["bytecode"]
    with RpcClient(up["rpc_url"]) as rpc:  # make the chain look like a version 1 devnet
        legacy = deploy_code(
            rpc, "0x" + "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", old
        )
        rpc.call("anvil_setCode", [social, "0x" + rpc.get_code(legacy).hex()])
    assert run_json("devnet", "status")["protocol"] == 1
    refused = run_agora("devnet", "up")
    assert refused.returncode == 9
    assert "protocol version 1" in refused.stderr and "--reset" in refused.stderr
    upgraded = run_json("devnet", "up", "--reset", "--no-seed")
    assert upgraded["deployed"] is True
    assert run_json("devnet", "status")["protocol"] == 2
