"""Points in governance from the command line: owner settings, a vote that attaches its own
proof, a weightless vote refused, a veto by vote, and a membership bought with points."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_wallet.conftest import passphrase_file  # noqa: F401 - fixtures
from tests.cli_wallet.test_cli_flows import agora
from tests.communities.conftest import META, RULES
from tests.conftest import DEV_ADDRESSES
from tests.index.kit import Agora
from tests.points.conftest import TREE_CID
from tests.points.test_cli import CID, kit, mine_to, post, read, run, send  # noqa: F401
from tui.core.chain.abi import decode_result, encode_call
from tui.core.points.distribution import compute
from tui.core.points.history import Contracts, load_records, read_info

UNIT = 10**18


def _view(
    kit: Agora,  # noqa: F811
    contract: str,
    fn: str,
    args: list[object],
) -> object:
    to = kit.network.contracts[contract.lower()]
    out = decode_result(contract, fn, kit.rpc.eth_call(to, encode_call(contract, fn, args)))
    return out[0] if len(out) == 1 else out


def _accept_rule_root(
    kit: Agora,  # noqa: F811
    community: int,
    epoch: int,
) -> None:
    """The owner (key 0) proposes the rule's own root for ``epoch``; it is accepted."""
    where = Contracts(kit.network.social, kit.network.contracts["communities"],
                      kit.network.contracts["points"], 0)  # fmt: skip
    info = read_info(kit.rpc, where.points, community)
    assert info is not None
    end = info.config.end(epoch)
    mine_to(kit, end)
    dist = compute(info.config, load_records(kit.rpc, where, community, end - 1), epoch)
    send(kit, 0, "Points", "proposeRoot", [community, epoch, dist.root, dist.total, TREE_CID])
    kit.rpc.call("anvil_mine", [hex(5)])
    send(kit, 0, "Points", "acceptRoot", [community])


def test_settings_vote_with_proof_veto_by_vote_and_membership(
    kit: Agora,  # noqa: F811
    passphrase_file: Path,  # noqa: F811
) -> None:
    pw = passphrase_file
    me = DEV_ADDRESSES[1]  # the CLI's account
    send(kit, 0, "Communities", "create", [META, RULES, False, 1])
    send(kit, 0, "Points", "enablePoints", [1, "Garden Points", "GRD", 20, 1000 * UNIT, 0])
    for key in (1, 2):
        send(kit, key, "Communities", "join", [1])
    # the owner (trusted) replies to my post: I earn the whole pool of epoch 0
    post(kit, 0, 1, post(kit, 1, 1))

    not_owner = run(pw, "settings", "1", "--vote-by-points", ok=False)
    assert not_owner.returncode != 0 and "not the owner" in not_owner.stdout + not_owner.stderr
    send(kit, 0, "Communities", "setPointsRules", [1, True, 0, 0])
    nothing = run(pw, "settings", "1", ok=False)
    assert nothing.returncode == 2 and "Nothing to change" in nothing.stdout + nothing.stderr

    # proposal 1 opens before any root: under unproven weight 0 my vote would weigh nothing
    send(kit, 2, "Communities", "propose", [1, 1, int(DEV_ADDRESSES[3], 16), CID])
    _accept_rule_root(kit, 1, 0)
    weightless = agora("community", "vote", "1", "yes", "--json", "--yes",
                       "--passphrase-file", str(pw))  # fmt: skip
    assert weightless.returncode == 2, weightless.stderr
    assert "would weigh 0" in weightless.stdout + weightless.stderr
    assert "Traceback" not in weightless.stderr

    # proposal 2 opens after epoch 0's root: my proof is built and attached
    send(kit, 2, "Communities", "propose", [1, 1, int(DEV_ADDRESSES[3], 16), CID])
    weight = read("weight", "2")
    assert weight["proven"] is True and weight["snapshot_epoch"] == 0
    assert weight["weight"] == 1000 and weight["earned"] == str(1000 * UNIT)
    assert read("weight", "2", DEV_ADDRESSES[2])["weight"] == 0
    dry = agora("community", "vote", "2", "yes", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    summary = json.loads(dry.stdout)["confirmation"]["summary"]
    assert "weight 1000" in summary and "earned by epoch 0" in summary
    voted = agora("community", "vote", "2", "yes", "--json", "--yes", "--passphrase-file", str(pw))
    assert voted.returncode == 0, voted.stderr
    assert _view(kit, "Communities", "proposals", [2])[6] == 1000  # type: ignore[index]

    # a veto by vote holds the pending root of epoch 1
    mine_to(kit, int(_view(kit, "Points", "epochEnd", [1, 1])))  # type: ignore[call-overload]
    send(kit, 0, "Points", "proposeRoot", [1, 1, b"\x02" * 32, 1000 * UNIT, TREE_CID])
    vetoing = run(pw, "veto", "1", "--vote", "--reason", "Root 2 pays nobody")
    assert vetoing["proposal"] == 3
    assert _view(kit, "Communities", "proposals", [3])[1] == 6  # type: ignore[index]
    kit.rpc.call("anvil_mine", [hex(5)])
    held = agora("points", "accept", "1", "--json", "--yes", "--passphrase-file", str(pw))
    assert held.returncode != 0 and "veto vote open" in held.stdout + held.stderr

    # the owner sells membership; I buy some with the points I claim
    run(pw, "claim", "1")
    none_for_sale = run(pw, "redeem", "1", "3", "--perk", "membership", ok=False)
    assert none_for_sale.returncode == 2
    assert "sells no membership" in none_for_sale.stdout + none_for_sale.stderr
    send(kit, 0, "Communities", "setPerk", [1, 1, 10])
    tiny = run(pw, "redeem", "1", "0.01", "--perk", "membership", ok=False)
    assert tiny.returncode == 2 and "buys no block" in tiny.stdout + tiny.stderr
    bought = run(pw, "redeem", "1", "3", "--perk", "membership")
    assert bought["transaction"]["status"] == "confirmed"
    status = read("membership", "1")
    assert status["membership_blocks_per_point"] == 10
    assert status["member_until"] == int(bought["transaction"]["block"]) + 30
    assert status["expired"] is False and status["unproven_weight"] == 0
    assert status["vote_by_points"] is True and status["account"] == me


def test_points_bought_from_an_earner_buy_a_membership_that_expires(
    kit: Agora,  # noqa: F811
    passphrase_file: Path,  # noqa: F811
) -> None:
    pw = passphrase_file
    me, earner = DEV_ADDRESSES[1], DEV_ADDRESSES[2]
    send(kit, 0, "Communities", "create", [META, RULES, True, 0])  # restricted, the owner's
    send(kit, 0, "Points", "enablePoints", [1, "Darkroom Points", "DRK", 20, 1000 * UNIT, 0])
    send(kit, 0, "Communities", "invite", [1, earner])
    send(kit, 2, "Communities", "join", [1])
    post(kit, 0, 1, post(kit, 2, 1))
    _accept_rule_root(kit, 1, 0)
    send(kit, 0, "Communities", "setPerk", [1, 1, 2])
    where = Contracts(kit.network.social, kit.network.contracts["communities"],
                      kit.network.contracts["points"], 0)  # fmt: skip
    info = read_info(kit.rpc, where.points, 1)
    assert info is not None
    dist = compute(info.config, load_records(kit.rpc, where, 1, info.config.end(0) - 1), 0)
    earned, proof = dist.proof(earner)  # type: ignore[misc]
    send(kit, 2, "Points", "claim", [1, earner, earned, proof])
    token = str(_view(kit, "Points", "tokenOf", [1]))
    from tests.conftest import DEV_KEYS
    from tui.core.chain.deploy import send_transaction

    send_transaction(kit.rpc, DEV_KEYS[2], token,
                     encode_call("PointsToken", "transfer", [me, 10 * UNIT]))  # fmt: skip
    refused = agora("community", "post", "1", "hello", "--json", "--yes",
                    "--passphrase-file", str(pw))  # fmt: skip
    assert refused.returncode != 0 and "not a member" in refused.stdout + refused.stderr
    # the points I hold were bought, not earned: they do not admit me by the threshold
    send(kit, 0, "Communities", "setPointsRules", [1, False, 1, UNIT])
    not_earned = run(pw, "join", "1", ok=False)
    assert not_earned.returncode == 2
    assert "You had earned 0 points by epoch 0" in not_earned.stdout + not_earned.stderr
    run(pw, "redeem", "1", "5", "--perk", "membership")  # 10 blocks
    posted = agora("community", "post", "1", "hello", "--json", "--yes",
                   "--passphrase-file", str(pw))  # fmt: skip
    assert posted.returncode == 0, posted.stderr
    status = read("membership", "1")
    mine_to(kit, status["member_until"])
    expired = read("membership", "1")
    assert expired["expired"] is True and expired["blocks_left"] == 0
    late = agora("community", "post", "1", "still here?", "--json", "--yes",
                 "--passphrase-file", str(pw))  # fmt: skip
    assert late.returncode != 0 and "membership expired" in late.stdout + late.stderr
    assert "Traceback" not in late.stderr
