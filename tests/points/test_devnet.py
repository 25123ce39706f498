"""The points demo on a real anvil: after the base, communities and points seeds, community 1
has two accepted epochs whose roots match the rule, claims made, and Ada's points claimable."""

from __future__ import annotations

from eth_account import Account

from tests.deployed import deploy_contracts
from tests.devnet.conftest import Agora, agora, devnet, run_agora, run_json  # noqa: F401
from tui.core.chain.devnet import DEPLOYER_KEY, Devnet
from tui.core.chain.extensions import SeedContext, seed_extensions
from tui.core.chain.rpc import RpcClient
from tui.core.chain.seed_data import DEV_KEYS
from tui.core.content.store import FakeContentStore
from tui.core.points import KEY
from tui.core.points.distribution import check, compute
from tui.core.points.history import Contracts, call, load_records, points_events, read_info


def test_the_demo_has_two_claimed_epochs_that_match_the_rule(anvil: RpcClient) -> None:
    from tui.core.chain.seed import seed_demo

    deployment = deploy_contracts(anvil, DEPLOYER_KEY, devnet=True)
    store = FakeContentStore()
    seed_demo(anvil, social=deployment.social, articles=deployment.articles, content=store)
    seed_extensions(SeedContext(anvil, deployment, store))
    points = deployment.contracts[KEY]
    info = read_info(anvil, points, 1)
    assert info is not None and info.next_epoch == 2 and info.pending_block == 0
    where = Contracts(
        deployment.social, deployment.contracts["communities"], points, deployment.block,
        deployment.articles,
    )  # fmt: skip

    def fetch(cid: str) -> bytes:
        data = store.get(cid)
        assert data is not None
        return data

    records = load_records(anvil, where, 1, anvil.block_number(), fetch)
    assert [r[0] for r in records].count("collect") == 1  # Bram collects Ada's linked article
    accepted = [
        e for e in points_events(anvil, where, 1, anvil.block_number()) if e.name == "RootProposed"
    ]
    assert [e.args["epoch"] for e in accepted] == [0, 1]
    for event in accepted:
        dist = compute(info.config, records, event.args["epoch"])
        doc = store.get(event.args["treeCid"])
        assert doc is not None
        import json

        verdict = check(
            dist, bytes(event.args["root"]), event.args["cumulativeTotal"], json.loads(doc)
        )
        assert verdict.matches and verdict.tree_read
    ada = Account.from_key(DEV_KEYS["ada"]).address
    devi = Account.from_key(DEV_KEYS["devi"]).address
    final = compute(info.config, records, 1)
    claimed_ada = call(anvil, points, "Points", "claimed", [1, ada])
    assert 0 < claimed_ada < final.result.cumulative[ada]
    assert call(anvil, points, "Points", "claimed", [1, devi]) == final.result.cumulative[devi]
    assert call(anvil, points, "Points", "burned", [1]) == 5 * 10**18
    bram = Account.from_key(DEV_KEYS["bram"]).address
    ((_post, weight),) = [
        (p, w)
        for p, w in compute(info.config, records, 0).result.contributions[bram, ada]
        if any(r[0] == "link" and r[3] == p for r in records)
    ]
    assert weight == 3
    # Terminal Commons: votes weighed by earned points, a membership bought with points
    communities = deployment.contracts["communities"]
    assert call(anvil, communities, "Communities", "voteByPoints", [3]) is True
    assert call(anvil, communities, "Communities", "perkBlocks", [3, 1]) == 600
    proposal = call(anvil, communities, "Communities", "proposalCount", [])
    p = call(anvil, communities, "Communities", "proposals", [proposal])
    commons = read_info(anvil, points, 3)
    assert commons is not None and commons.next_epoch == 1
    devi_earned = compute(
        commons.config, load_records(anvil, where, 3, anvil.block_number(), fetch), 0
    )
    weight = devi_earned.result.cumulative[devi] // 10**18
    assert p[0] == 3 and (p[6], p[7]) == (weight, 1) and weight > 1
    assert call(anvil, communities, "Communities", "proposalWeighting", [proposal]) == (True, 1, 1)
    until = call(anvil, communities, "Communities", "memberUntil", [3, devi])
    assert until > anvil.block_number()


def test_agora_points_on_the_devnet_verifies_and_shows_ada_claimable(
    devnet: Devnet,  # noqa: F811
    agora: Agora,  # noqa: F811
) -> None:
    import json

    up = run_json("devnet", "up")
    assert "points" in up["contracts"]
    for epoch in ("0", "1"):
        done = run_agora("points", "verify", "1", epoch, "--json")
        assert done.returncode == 0, done.stderr + done.stdout
        assert json.loads(done.stdout)["matches"] is True
    ada = Account.from_key(DEV_KEYS["ada"]).address
    done = run_agora("points", "balance", "1", ada, "--json")
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(done.stdout)["communities"]
    assert row["symbol"] == "WSP" and int(row["claimable"]) > 0 and int(row["balance"]) > 0
    # Terminal Commons' governance, from the index: who changed what
    done = run_agora("points", "history", "3", "--json")
    assert done.returncode == 0, done.stderr
    changes = json.loads(done.stdout)
    assert [c["kind"] for c in changes] == ["rules", "perk", "membership"]
    eli = Account.from_key(DEV_KEYS["eli"]).address
    assert [c["by"] for c in changes] == [eli, eli, Account.from_key(DEV_KEYS["devi"]).address]
    assert changes[1]["text"] == "perk 1: 0 → 600 blocks of membership per point"
