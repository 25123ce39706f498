"""`agora points …` end to end: real anvil, real outbox, the CLI as a script runs it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli_wallet.conftest import passphrase_file  # noqa: F401 - fixtures
from tests.cli_wallet.test_cli_flows import agora, write_settings
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.index.kit import Agora
from tests.points.conftest import TREE_CID
from tui.core.chain.abi import encode_call
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore
from tui.core.points.rule import MIN_TIP_WEI


@pytest.fixture
def kit(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> Agora:
    """Agora deployed as the devnet deploys it (a short root delay), the settings pointing at it."""
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    deployed = Agora(anvil, deployment, LocalContentStore(isolated_home / "content"))
    write_settings(tmp_path, deployed.network)
    return deployed


CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"


def run(pw: Path, *args: str, ok: bool = True) -> Any:
    done = agora("points", *args, "--json", "--passphrase-file", str(pw), "--yes")
    if ok:
        assert done.returncode == 0, done.stderr + done.stdout
        return json.loads(done.stdout)
    return done


def read(*args: str, code: int = 0) -> Any:
    done = agora("points", *args, "--json")
    assert done.returncode == code, done.stderr + done.stdout
    return json.loads(done.stdout) if code == 0 or done.stdout.strip().startswith("{") else done


def send(kit: Agora, key: int, contract: str, fn: str, args: list[Any], value: int = 0) -> Any:
    to = kit.network.contracts[contract.lower()] if contract != "Social" else kit.network.social
    return send_transaction(
        kit.rpc, DEV_KEYS[key], to, encode_call(contract, fn, args), value=value
    )


def post(kit: Agora, key: int, community: int, parent: int = 0) -> int:
    send(kit, key, "Communities", "post", [community, CID, parent])
    out = kit.rpc.eth_call(kit.network.social, encode_call("Social", "postCount", []))
    return int(out, 16)


def mine_to(kit: Agora, block: int) -> None:
    now = kit.rpc.block_number()
    if block > now:
        kit.rpc.call("anvil_mine", [hex(block - now)])


def test_enable_compute_propose_verify_accept_claim_redeem(
    kit: Agora,
    passphrase_file: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    pw = passphrase_file
    owner, alice, bob = DEV_ADDRESSES[1], DEV_ADDRESSES[2], DEV_ADDRESSES[3]
    rules = tmp_path / "rules.txt"
    rules.write_text("1. Be kind\n")
    made = agora("community", "create", "Gardeners", "--goal", "Grow food", "--rules", str(rules),
                 "--json", "--yes", "--passphrase-file", str(pw))  # fmt: skip
    assert made.returncode == 0, made.stderr
    # bad input is refused before signing
    bad = run(pw, "enable", "1", "Garden Points", "TOOLONG", ok=False)
    assert bad.returncode == 2 and "symbol" in bad.stdout + bad.stderr
    bad = run(pw, "enable", "1", "Garden Points", "GRD", "--mod-share", "11", ok=False)
    assert bad.returncode == 2
    dry = agora("points", "enable", "1", "Garden Points", "GRD", "--epoch-blocks", "40",
                "--cap", "1000", "--mod-share", "10", "--dry-run", "--json")  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert "Enable points in community #1" in json.loads(dry.stdout)["confirmation"]["summary"]
    enabled = run(pw, "enable", "1", "Garden Points", "GRD", "--epoch-blocks", "40",
                  "--cap", "1000", "--mod-share", "10")  # fmt: skip
    assert enabled["transaction"]["status"] == "confirmed"
    send(kit, 1, "Communities", "setModerator", [1, owner, True])
    for key in (2, 3):
        send(kit, key, "Communities", "join", [1])
    p_alice = post(kit, 2, 1)
    p_bob = post(kit, 3, 1)
    post(kit, 1, 1, p_alice)  # the owner replies to alice (1) and tips bob (2)
    send(kit, 1, "Social", "tip", [p_bob], value=MIN_TIP_WEI)
    post(kit, 3, 1, p_alice)  # bob is not trusted yet

    early = read("compute", "1", "0", code=2)
    assert "ends at block" in early.stdout + early.stderr
    end = int(kit.rpc.eth_call(kit.network.contracts["points"],
                               encode_call("Points", "epochEnd", [1, 0])), 16)  # fmt: skip
    mine_to(kit, end)
    computed = read("compute", "1", "0")
    earned = {row["account"]: int(row["earned"]) for row in computed["accounts"]}
    assert set(earned) == {owner, alice, bob}
    assert earned[owner] == 100 * 10**18  # the moderators' 10%
    assert earned[bob] > earned[alice] > 0
    assert sum(earned.values()) == int(computed["total"]) <= 1000 * 10**18

    proposed = run(pw, "propose", "1")
    assert proposed["transaction"]["status"] == "confirmed"
    verified = read("verify", "1")
    assert verified["matches"] is True and verified["pending"] is True
    assert verified["proposed_root"] == computed["root"] and verified["tree_read"] is True

    early = run(pw, "accept", "1", ok=False)
    assert early.returncode != 0 and "delay not over" in early.stdout + early.stderr
    kit.rpc.call("anvil_mine", [hex(5)])
    run(pw, "accept", "1")
    before = read("balance", "1", alice)["communities"][0]
    assert int(before["claimable"]) == earned[alice] and before["balance"] == "0"
    run(pw, "claim", "1", "--for", alice)
    after = read("balance", "1", alice)["communities"][0]
    assert int(after["balance"]) == earned[alice] and after["claimable"] == "0"
    again = run(pw, "claim", "1", "--for", alice, ok=False)
    assert again.returncode == 2 and "Nothing to claim" in again.stdout + again.stderr
    run(pw, "claim", "1")
    mine = read("balance")["communities"]
    assert [(r["community"], int(r["balance"])) for r in mine] == [(1, earned[owner])]
    # the community's points by symbol on one of its posts: known, and one transaction (permit)
    tip = agora("tip", str(p_alice), "1", "--token", "grd", "--dry-run", "--json",
                "--passphrase-file", str(pw))  # fmt: skip
    assert tip.returncode == 0, tip.stderr
    conf = json.loads(tip.stdout)["confirmation"]
    assert conf["function"].startswith("tipTokenWithPermit(")
    assert "signs a permit for exactly 1 GRD" in conf["summary"]
    assert not any("Unknown token" in n for n in conf["notes"])
    redeemed = run(pw, "redeem", "1", "1", "40")
    assert redeemed["transaction"]["status"] == "confirmed"
    assert int(read("balance", "1")["communities"][0]["balance"]) == earned[owner] - 40 * 10**18
    too_much = run(pw, "redeem", "1", "1", "1000", ok=False)
    assert too_much.returncode == 2

    # a padded root for epoch 1: verify says MISMATCH and exits 1
    mine_to(kit, end + 40)
    padded = int(computed["total"]) + 10**18
    send(kit, 1, "Points", "proposeRoot", [1, 1, b"\x01" * 32, padded, TREE_CID])
    mismatch = agora("points", "verify", "1")
    assert mismatch.returncode == 1
    assert "MISMATCH" in mismatch.stdout and "veto" in mismatch.stdout
    news = read("alerts")
    assert {n["kind"] for n in news} == {"mismatch"}  # claimed already; a moderator and member
    assert "MISMATCH in community #1" in news[0]["text"]
    alerts = agora("notifications", "--json")
    assert alerts.returncode == 0, alerts.stderr
    by_kind = {n["kind"]: n for n in json.loads(alerts.stdout)}
    assert "MISMATCH in community #1" in by_kind["points_mismatch"]["text"]
    assert by_kind["points_claimed"]["text"].endswith("claimed in community #1 (" +
        by_kind["points_claimed"]["text"].split()[0] + " points in all)")  # fmt: skip
    run(pw, "veto", "1")
    vetoed = read("verify", "1", code=1)
    assert vetoed["matches"] is False and vetoed["pending"] is False
    # the history from the index, online and offline alike
    log = read("log", "1")
    assert [e["name"] for e in log] == [
        "PointsEnabled", "RootProposed", "RootAccepted", "Claimed", "Claimed", "Redeemed",
        "RootProposed", "RootVetoed",
    ]  # fmt: skip
    assert read("log", "1", "--offline") == log
    offline = agora("notifications", "--offline", "--json")
    assert not [n for n in json.loads(offline.stdout) if n["kind"] == "points_mismatch"]


def test_a_community_without_points_is_a_clear_error(
    kit: Agora,
    passphrase_file: Path,  # noqa: F811
) -> None:
    done = agora("points", "compute", "7", "0", "--json")
    assert done.returncode == 3
    assert "has not enabled points" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_community_post_links_an_article(
    kit: Agora,
    passphrase_file: Path,  # noqa: F811
) -> None:
    """`agora community post --article ID` names the article in the post's document, which is
    what makes its collects count for the community's points."""
    from tui.core.chain.abi import decode_log
    from tui.core.content.documents import parse_post

    pw = passphrase_file
    send(kit, 1, "Communities", "create", [CID, CID, False, 0])
    send_transaction(kit.rpc, DEV_KEYS[1], kit.network.articles,
                     encode_call("Articles", "publish", [CID, 0, 5]))  # fmt: skip
    done = agora("community", "post", "1", "My article, collect it", "--article", "1", "--yes",
                 "--json", "--passphrase-file", str(pw))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "linking article #1" in json.loads(done.stdout)["confirmation"]["summary"]
    logs = kit.rpc.get_logs(0, kit.rpc.block_number(), [kit.network.social])
    (posted,) = [e for e in map(decode_log, logs) if e is not None and e.name == "Posted"]
    assert kit.store is not None
    data = kit.store.get(posted.args["cid"])
    assert data is not None and parse_post(data).article == 1
