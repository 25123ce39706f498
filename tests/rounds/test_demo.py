"""The devnet demo: one round with claims made, one open for allocation; `devnet mine --time`."""

from __future__ import annotations

import json

from tests.devnet.conftest import devnet as devnet
from tests.devnet.conftest import run_agora
from tui.core.chain.devnet import Devnet


def test_devnet_demo_rounds_and_moving_the_clock(devnet: Devnet) -> None:
    devnet.up()
    rounds = json.loads(run_agora("round", "list", "--json").stdout)
    assert [r["id"] for r in rounds] == [2, 1]
    open_round, finished = rounds
    assert open_round["phase"] == "allocating"
    assert open_round["scope_name"] == "Community builders"
    assert int(open_round["allocated"]) > 0
    assert finished["phase"] == "claiming"
    assert int(finished["paid"]) > 0
    assert any(t["qualifies"] for t in finished["targets"])
    assert any(not t["qualifies"] for t in finished["targets"])  # one target missed quorum

    moved = json.loads(run_agora("devnet", "mine", "--time", "8d", "--json").stdout)
    assert moved["advanced_seconds"] == 8 * 86400
    rounds = json.loads(run_agora("round", "list", "--json").stdout)
    assert [r["phase"] for r in rounds] == ["claiming", "ended"]
    bad = run_agora("devnet", "mine", "--time", "soon")
    assert bad.returncode == 2 and "not a duration" in bad.stderr
