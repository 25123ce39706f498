"""Gas used by the main calls, from real receipts (figures quoted in PROTOCOL.md).

Run ``pytest -p no:xdist -s tests/contracts/test_gas.py`` to print the table. Gas is
deterministic for the same inputs, so the ceilings catch accidental regressions.
"""

from __future__ import annotations

from tests.contracts.conftest import ADDRESSES, Chain

CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"  # 59 chars, a real CIDv1
CEILINGS = {
    "post (first post on the contract)": 80_000,
    "post (reply, later post)": 70_000,
    "repost": 30_000,
    "follow": 50_000,
    "unfollow": 30_000,
    "setProfile": 120_000,
    "tip": 45_000,
    "publish": 320_000,
    "collect (paid edition)": 230_000,
}


def test_gas_figures(chain: Chain) -> None:
    used: dict[str, int] = {}

    def measure(label: str, contract: str, fn: str, args: list[object], **kw: int) -> None:
        receipt = chain.send(contract, fn, args, **kw)
        used[label] = int(receipt["gasUsed"], 16)

    measure("post (first post on the contract)", "Social", "post", [CID, 0], key=1)
    measure("post (reply, later post)", "Social", "post", [CID, 1], key=2)
    measure("repost", "Social", "repost", [1], key=2)
    measure("follow", "Social", "follow", [ADDRESSES[1]], key=2)
    measure("unfollow", "Social", "unfollow", [ADDRESSES[1]], key=2)
    measure("setProfile", "Social", "setProfile", [CID], key=2)
    measure("tip", "Social", "tip", [1], key=2, value=10**15)
    measure("publish", "Articles", "publish", [CID, 10**15, 100], key=1)
    measure("collect (paid edition)", "Articles", "collect", [1], key=2, value=10**15)

    print("\n| call | gas used |\n|---|---:|")
    for label, gas in used.items():
        print(f"| {label} | {gas:,} |")
    for label, gas in used.items():
        assert gas <= CEILINGS[label], f"{label} now uses {gas} gas"
