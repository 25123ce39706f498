"""`agora points history`: who changed a community's points governance and when, read from
the index (old → new), also offline, with a clear error for a community there is not."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cli_wallet.test_cli_flows import agora
from tests.communities.conftest import META, RULES
from tests.conftest import DEV_ADDRESSES
from tests.index.kit import Agora
from tests.points.test_cli import kit, read, send  # noqa: F401 - fixtures

UNIT = 10**18


def test_history_lists_each_change_with_who_and_old_to_new(kit: Agora) -> None:  # noqa: F811
    owner = DEV_ADDRESSES[0]
    send(kit, 0, "Communities", "create", [META, RULES, False, 0])
    send(kit, 0, "Points", "enablePoints", [1, "Garden Points", "GRD", 20, 1000 * UNIT, 0])
    send(kit, 0, "Communities", "setPointsRules", [1, True, 1, 25 * UNIT])
    send(kit, 0, "Communities", "setPerk", [1, 1, 720])
    send(kit, 0, "Communities", "setPerk", [1, 1, 360])

    rows = read("history", "1")
    assert [r["kind"] for r in rows] == ["rules", "perk", "perk"]
    assert rows[0]["by"] == owner and "by_ens" in rows[0]
    assert rows[0]["old"] == {"vote_by_points": False, "unproven_weight": 0, "threshold": "0"}
    assert rows[0]["new"] == {
        "vote_by_points": True, "unproven_weight": 1, "threshold": str(25 * UNIT),
    }  # fmt: skip
    assert rows[2]["text"] == "perk 1: 720 → 360 blocks of membership per point"
    assert rows[0]["block"] < rows[1]["block"] < rows[2]["block"] and rows[0]["timestamp"] > 0

    send(kit, 0, "Communities", "setPerk", [1, 1, 0])
    offline = read("history", "1", "--offline")
    assert offline == rows  # offline: what the index holds, not caught up
    held = read("membership", "1", DEV_ADDRESSES[2], "--offline")  # the last indexed settings
    assert held["membership_blocks_per_point"] == 360 and held["vote_by_points"] is True
    assert held["threshold"] == str(25 * UNIT) and held["indexed_block"] == rows[-1]["block"]
    source = _screen_reads_index_then_node(kit)
    plain = agora("points", "history", "1")  # catches the index up
    assert plain.returncode == 0, plain.stderr
    with pytest.MonkeyPatch.context() as mp:  # current: the settings come from the index
        mp.setattr("tui.core.points.governance.read_rules", _no_node)
        assert source.rules(1).membership_blocks == 0
    assert "perk 1: 360 → 0 blocks" in plain.stdout and owner in plain.stdout

    for command in ("history", "log"):  # `log` said "No points events indexed." (exit 0)
        missing = agora("points", command, "99", "--json")
        assert missing.returncode == 3, (command, missing.stdout)
        assert missing.stdout == "" and "There is no community #99" in missing.stderr
        assert "Traceback" not in missing.stderr


def _no_node(*_args: object) -> None:
    raise AssertionError("the settings were read from the node")


def _screen_reads_index_then_node(kit: Agora) -> Any:  # noqa: F811
    """The points screen's source over the app's real backend: the log and settings the index
    holds, and the node's settings while the index is behind it (the perk just turned off)."""
    from tui.core.context import AgoraContext
    from tui.ui.backend import CoreBackend
    from tui.ui.backends.points import CorePoints

    backend = CoreBackend(AgoraContext.load())
    source = CorePoints(backend)
    log = source.governance(1)
    assert log is not None and log.rules is not None
    assert [c.kind for c in log.changes] == ["rules", "perk", "perk"]
    assert log.rules.membership_blocks == 360 and log.rules.threshold == 25 * UNIT
    assert log.block < kit.rpc.block_number()
    assert source.rules(1).membership_blocks == 0  # behind: from the node
    return source
