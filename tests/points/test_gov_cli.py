"""`agora points history`: who changed a community's points governance and when, read from
the index (old → new), also offline, with a clear error for a community there is not."""

from __future__ import annotations

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
    plain = agora("points", "history", "1")
    assert plain.returncode == 0, plain.stderr
    assert "perk 1: 360 → 0 blocks" in plain.stdout and owner in plain.stdout

    missing = agora("points", "history", "99", "--json")
    assert missing.returncode == 3
    assert "There is no community #99" in missing.stdout + missing.stderr
    assert "Traceback" not in missing.stderr
