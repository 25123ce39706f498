"""ENS on a devnet-style deployment: the extension deploys ENS, the indexer reads its events,
and those events invalidate exactly the cached answers they change."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.store import LocalContentStore
from tui.core.ens import contracts as c
from tui.core.ens.cache import EnsCache
from tui.core.ens.client import EnsClient
from tui.core.ens.deploy import EnsDeployment
from tui.core.ens.normalize import namehash
from tui.core.ens.records import register_steps
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex


def test_extension_deploys_ens_at_stable_addresses(anvil: RpcClient) -> None:
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    ens = EnsDeployment.from_contracts(deployment.contracts)
    assert ens is not None
    assert ens.registry == "0x700b6A60ce7EaaEA56F065753d8dcB9653dbAD35"  # key 9, nonce 0
    elsewhere = deploy_contracts(anvil, DEV_KEYS[0], devnet=False).contracts
    assert not any(key.startswith("ens_") for key in elsewhere)  # found at ENS's own address


def test_indexed_events_invalidate_the_cache(anvil: RpcClient, tmp_path: Path) -> None:
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    ens = EnsDeployment.from_contracts(deployment.contracts)
    assert ens is not None
    network = Network(
        name="devnet", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
        contracts=deployment.contracts,
    )  # fmt: skip
    index = AgoraIndex(
        connect(tmp_path / "index.sqlite"), network, me=DEV_ADDRESSES[0],
        store=LocalContentStore(tmp_path / "content"),
    )  # fmt: skip
    try:
        cache = EnsCache(index.conn)
        client = EnsClient.direct(anvil, ens.registry, cache=cache)
        for step in register_steps(ens, "ada", DEV_ADDRESSES[1]):
            send_transaction(anvil, DEV_KEYS[1], step.to, step.data)
        index.sync(rpc=anvil)
        assert client.primary_name(DEV_ADDRESSES[1]).name == "ada.eth"
        assert client.address("ada.eth") == DEV_ADDRESSES[1]
        assert client.address("grace.eth") is None  # cached "none"
        # Ada points her name elsewhere: until the index sees it, the cache answers ...
        data = c.encode("setAddr", namehash("ada.eth"), DEV_ADDRESSES[2])
        send_transaction(anvil, DEV_KEYS[1], ens.resolver, data)
        assert cache.get("addr", "ada.eth") == DEV_ADDRESSES[1]
        for step in register_steps(ens, "grace", DEV_ADDRESSES[3]):
            send_transaction(anvil, DEV_KEYS[3], step.to, step.data)
        # ... and once it has, the changed answers are gone and the fresh ones come back.
        index.sync(rpc=anvil)
        assert cache.get("addr", "ada.eth") is None
        assert cache.get("primary", DEV_ADDRESSES[1]) is None
        assert cache.get("addr", "grace.eth") is None
        assert client.address("ada.eth") == DEV_ADDRESSES[2]
        assert client.primary_name(DEV_ADDRESSES[1]).name is None  # no longer verifies
        assert client.address("grace.eth") == DEV_ADDRESSES[3]
        # A transfer never trusts the cache.
        send_transaction(
            anvil, DEV_KEYS[1], ens.resolver,
            c.encode("setAddr", namehash("ada.eth"), DEV_ADDRESSES[1]),
        )  # fmt: skip
        assert client.address("ada.eth") == DEV_ADDRESSES[2]
        assert client.address("ada.eth", fresh=True) == DEV_ADDRESSES[1]
    finally:
        index.close()
