"""Gas used by the Communities calls, from real receipts (figures quoted in PROTOCOL.md).

Run ``pytest -p no:xdist -s tests/communities/test_gas.py`` to print the table, beside a plain
``Social.post`` measured in the same run. Gas is deterministic, so the ceilings catch
accidental regressions.
"""

from __future__ import annotations

from tests.communities.conftest import (
    BAN,
    CID,
    HIDE,
    META,
    RESTORE,
    RULES,
    UNBAN,
    VOTING_PERIOD,
    CommunityChain,
    addr_int,
)

CEILINGS = {
    "Social.post (plain, for comparison)": 80_000,
    "create": 180_000,
    "fork": 250_000,
    "join": 90_000,
    "leave": 40_000,
    "invite": 56_000,
    "post (first community post)": 110_000,
    "post (reply inside the fork window)": 110_000,
    "moderate HIDE": 35_000,
    "moderate RESTORE": 35_000,
    "moderate BAN": 60_000,
    "moderate UNBAN": 40_000,
    "appeal": 35_000,
    "setModerator": 80_000,
    "propose": 265_000,
    "vote": 110_000,
    "execute (ADD_MOD)": 130_000,
}


def test_gas_figures(cc: CommunityChain) -> None:
    used: dict[str, int] = {}

    def measure(label: str, contract: str, fn: str, args: list[object], key: int = 0) -> None:
        used[label] = int(cc.send(contract, fn, args, key=key)["gasUsed"], 16)

    measure("Social.post (plain, for comparison)", "Social", "post", [CID, 0], key=3)
    measure("create", "Communities", "create", [META, RULES, False])
    measure("join", "Communities", "join", [1], key=1)
    measure("post (first community post)", "Communities", "post", [1, CID, 0], key=1)
    measure("fork", "Communities", "fork", [1, META, RULES, False], key=2)
    measure("post (reply inside the fork window)", "Communities", "post", [2, CID, 2], key=2)
    measure("leave", "Communities", "leave", [1], key=1)
    measure("invite", "Communities", "invite", [1, "0x" + "22" * 20])
    measure("moderate HIDE", "Communities", "moderate", [1, HIDE, 2, CID])
    measure("moderate RESTORE", "Communities", "moderate", [1, RESTORE, 2, CID])
    measure("moderate BAN", "Communities", "moderate", [1, BAN, addr_int(1), CID])
    measure("moderate UNBAN", "Communities", "moderate", [1, UNBAN, addr_int(1), ""])
    measure("appeal", "Communities", "appeal", [1, 2, CID], key=1)
    measure("setModerator", "Communities", "setModerator", [1, "0x" + "33" * 20, True])
    cc.send("Communities", "create", [META, RULES, False, 1])
    cc.send("Communities", "join", [3], key=1)
    measure("propose", "Communities", "propose", [3, 1, addr_int(1), CID], key=1)
    measure("vote", "Communities", "vote", [1, True])
    cc.mine(VOTING_PERIOD)
    measure("execute (ADD_MOD)", "Communities", "execute", [1])

    print("\n| call | gas used |\n|---|---:|")
    for label, gas in used.items():
        print(f"| {label} | {gas:,} |")
    for label, gas in used.items():
        assert gas <= CEILINGS[label], f"{label} now uses {gas} gas"
