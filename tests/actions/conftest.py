"""Fixtures for pipeline tests: contracts deployed on the test anvil and a pipeline over them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DEV_KEYS
from tests.deployed import deploy_contracts
from tui.core.actions import TxPipeline
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.store import LocalContentStore
from tui.core.wallet import Secret, Signer
from tui.core.wallet.keystore import address_of


@pytest.fixture
def network(anvil: RpcClient) -> Network:
    """Social and Articles deployed (inside the test's snapshot, so reverted afterwards)."""
    deployment = deploy_contracts(anvil, DEV_KEYS[0])
    return Network(
        name="testnet",
        rpc_url=anvil.url,
        chain_id=31337,
        social=deployment.social,
        articles=deployment.articles,
        deploy_block=deployment.block,
        contracts=dict(deployment.contracts),
    )


def make_signer(i: int) -> Signer:
    key = Secret.from_hex_key(DEV_KEYS[i])
    return Signer(address_of(key), key)


@pytest.fixture
def pipeline(anvil: RpcClient, network: Network, isolated_home: Path) -> TxPipeline:
    return TxPipeline(isolated_home, network, anvil, LocalContentStore(isolated_home / "content"))
