"""The devnet starts with EAS at the OP Stack predeploys, Agora's schemas and demo endorsements."""

from __future__ import annotations

from pathlib import Path

from eth_account import Account

from tests.devnet.conftest import devnet  # noqa: F401  (a fixture, used by name)
from tui.core.attest.deploy import registered
from tui.core.attest.eas import OP_STACK_EAS, OP_STACK_REGISTRY
from tui.core.attest.extension import DEMO_ENDORSEMENTS
from tui.core.attest.schemas import ACKNOWLEDGEMENT_SCHEMA, ACKNOWLEDGEMENT_UID, skill_key
from tui.core.chain.devnet import Devnet
from tui.core.chain.networks import devnet_network
from tui.core.chain.rpc import RpcClient
from tui.core.chain.seed_data import DEV_KEYS
from tui.core.index import attestations
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex


def test_devnet_demo_has_endorsements(devnet: Devnet, tmp_path: Path) -> None:  # noqa: F811
    devnet.up()
    record = devnet.read_record()
    assert record is not None
    network = devnet_network(record)
    assert network.contracts["eas"] == OP_STACK_EAS
    assert network.contracts["schema_registry"] == OP_STACK_REGISTRY
    rpc = RpcClient(network.rpc_url)
    assert registered(rpc, OP_STACK_REGISTRY, ACKNOWLEDGEMENT_UID) == ACKNOWLEDGEMENT_SCHEMA
    index = AgoraIndex(connect(tmp_path / "i.sqlite"), network)
    try:
        index.sync(rpc=rpc)
        bram = Account.from_key(DEV_KEYS["bram"]).address
        items = attestations.about(index.conn, bram)
        assert {(i.skill_key, i.kind) for i in items} == {
            ("vyper", "endorsement"), ("smart contracts", "endorsement"),
        }  # fmt: skip
        assert all(i.evidence for i in items)  # each cites bram's first post
        eli = Account.from_key(DEV_KEYS["eli"]).address
        # "Terminal UIs" and "terminal-UIs" are one skill with two endorsers.
        keys = [i.skill_key for i in attestations.about(index.conn, eli)]
        assert keys == [skill_key("Terminal UIs")] * 2
        total = sum(
            len(attestations.about(index.conn, Account.from_key(k).address))
            for k in DEV_KEYS.values()
        )
        assert total == len(DEMO_ENDORSEMENTS)
    finally:
        index.close()
        rpc.close()
