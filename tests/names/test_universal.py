"""The Universal Resolver strategy (ENSIP-19/23) against a small compatible contract over the
real ENS registry on anvil: the same answers as the direct path, spoofs still rejected."""

from __future__ import annotations

import pytest

from tests.names.conftest import ADDRESSES, EnsChain, deploy_helper
from tui.core.config.settings import Network
from tui.core.ens import contracts as c
from tui.core.ens.client import UNIVERSAL_RESOLVER, EnsClient, UniversalStrategy
from tui.core.ens.deploy import registry_for, universal_for
from tui.core.ens.normalize import namehash
from tui.core.ens.records import primary_step
from tui.core.ens.service import client_for


@pytest.fixture
def universal(ens_chain: EnsChain) -> EnsClient:
    shim = deploy_helper(ens_chain.rpc, "UniversalShim", ["address"], [ens_chain.ens.registry])
    return EnsClient.universal(ens_chain.rpc, shim)


def test_universal_matches_direct(ens_chain: EnsChain, universal: EnsClient) -> None:
    ens_chain.register(1, "ada", avatar="ipfs://bafkreiexample")
    ens_chain.register(2, "grace")
    step = primary_step(ens_chain.ens, "ada.eth")
    ens_chain.send(3, step.to, step.data)  # a spoof
    direct = ens_chain.client()
    assert universal.address("Ada.eth") == ADDRESSES[1] == direct.address("ada.eth")
    assert universal.text("ada.eth", "avatar") == "ipfs://bafkreiexample"
    assert universal.address("nobody.eth") is None
    names = {a: p.name for a, p in universal.primary_names(ADDRESSES).items()}
    assert names == {a: p.name for a, p in direct.primary_names(ADDRESSES).items()}
    assert names == dict(zip(ADDRESSES, [None, "ada.eth", "grace.eth", None], strict=True))
    spoof = universal.primary_name(ADDRESSES[3])
    assert spoof.claimed == "ada.eth" and not spoof.verified


def test_universal_with_a_hostile_resolver(ens_chain: EnsChain, universal: EnsClient) -> None:
    ens_chain.register(1, "ada")
    junk = deploy_helper(ens_chain.rpc, "Junk", [], [])
    ens_chain.send(1, ens_chain.ens.registry, c.encode("setResolver", namehash("ada.eth"), junk))
    assert universal.address("ada.eth") is None
    assert not universal.primary_name(ADDRESSES[1]).verified


def test_which_strategy_a_network_gets(ens_chain: EnsChain) -> None:
    def net(chain_id: int, contracts: dict[str, str]) -> Network:
        return Network(
            name="n", rpc_url="http://127.0.0.1:1", chain_id=chain_id, contracts=contracts
        )

    mainnet = client_for(net(1, {}), ens_chain.rpc, cache_home=None)
    assert mainnet is not None and isinstance(mainnet.strategy, UniversalStrategy)
    assert mainnet.strategy.universal == UNIVERSAL_RESOLVER
    assert client_for(net(10, {}), ens_chain.rpc, cache_home=None) is None
    devnet = client_for(net(31337, ens_chain.ens.to_contracts()), ens_chain.rpc, cache_home=None)
    assert devnet is not None and not isinstance(devnet.strategy, UniversalStrategy)
    assert universal_for(31337, {"ens_universal_resolver": ADDRESSES[0]}) == ADDRESSES[0]
    assert registry_for(11155111, {}) == "0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e"
