"""Fixtures for token tips: Agora deployed with TokenTips, a demo token, and a pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tui.core.actions import PostIntent, TxPipeline, TxStatus
from tui.core.chain.abi import encode_signature
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import DEVNET, Network
from tui.core.content.store import LocalContentStore
from tui.core.tokens import DEMO_TOKEN
from tui.core.wallet import Secret, Signer
from tui.core.wallet.keystore import address_of


def make_signer(i: int) -> Signer:
    key = Secret.from_hex_key(DEV_KEYS[i])
    return Signer(address_of(key), key)


@pytest.fixture
def network(anvil: RpcClient) -> Network:
    """The devnet's contracts (TokenTips and the demo token), and DEMO for accounts 1-3."""
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    token = deployment.contracts[DEMO_TOKEN]
    for who in (1, 2, 3):
        mint = encode_signature("mint(address,uint256)", [DEV_ADDRESSES[who], 1000 * 10**18])
        send_transaction(anvil, DEV_KEYS[0], token, mint)
    return Network(
        name=DEVNET,
        rpc_url=anvil.url,
        chain_id=31337,
        social=deployment.social,
        articles=deployment.articles,
        deploy_block=deployment.block,
        contracts=dict(deployment.contracts),
    )


@pytest.fixture
def pipeline(anvil: RpcClient, network: Network, isolated_home: Path) -> TxPipeline:
    """A pipeline, with post #1 written by account 1."""
    pipe = TxPipeline(isolated_home, network, anvil, LocalContentStore(isolated_home / "c"))
    author = make_signer(1)
    done = pipe.wait(pipe.submit(pipe.prepare(PostIntent("tip me"), author.address), author).hash)
    assert done.status == TxStatus.CONFIRMED
    return pipe


def odd_token(anvil: RpcClient, name: str) -> str:
    """Deploy a test token from tests/contracts/helpers and mint it to account 2."""
    from tests.contracts.conftest import deploy_helper

    address = deploy_helper(anvil, name, [], [])
    mint = encode_signature("mint(address,uint256)", [DEV_ADDRESSES[2], 10**12])
    send_transaction(anvil, DEV_KEYS[0], address, mint)
    return address
