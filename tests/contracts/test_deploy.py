"""deploy_contracts and friends against a real anvil."""

from __future__ import annotations

import pytest

from tests.conftest import DEV_KEYS
from tests.contracts.conftest import ADDRESSES, Chain
from tui.core.chain.deploy import Deployment, deploy_contracts, is_deployed, send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.errors import ChainError


def test_deploy_contracts(anvil: RpcClient) -> None:
    start = anvil.block_number()
    deployment = deploy_contracts(anvil, DEV_KEYS[1])
    assert deployment.chain_id == 31337
    assert deployment.block == start + 1
    assert is_deployed(anvil, deployment.social)
    assert is_deployed(anvil, deployment.articles)
    assert not is_deployed(anvil, ADDRESSES[1])
    assert deployment.social != deployment.articles
    assert Deployment.from_dict(deployment.to_dict()) == deployment


def test_deployments_are_independent(chain: Chain) -> None:
    second = deploy_contracts(chain.rpc, DEV_KEYS[0])
    assert second.social != chain.deployment.social


def test_deployment_from_dict_validates() -> None:
    with pytest.raises(ChainError, match="incomplete"):
        Deployment.from_dict({"social": "0x" + "11" * 20})
    with pytest.raises(ChainError, match="not an address"):
        Deployment.from_dict({"social": "0x12", "articles": "0x12", "block": 1, "chain_id": 1})


def test_a_bad_key_never_appears_in_the_error(anvil: RpcClient) -> None:
    with pytest.raises(ChainError) as info:
        deploy_contracts(anvil, "0xnot-a-key-secret")
    assert "secret" not in str(info.value)


def test_failed_transactions_raise_with_the_reason(chain: Chain) -> None:
    from tui.core.chain.abi import encode_call

    data = encode_call("Social", "tip", [1])
    with pytest.raises(ChainError, match="would fail: unknown post"):
        send_transaction(chain.rpc, DEV_KEYS[0], chain.deployment.social, data, value=1)
    with pytest.raises(ChainError, match="failed on chain: unknown post"):
        send_transaction(
            chain.rpc, DEV_KEYS[0], chain.deployment.social, data, value=1, gas=100_000
        )


def test_unreachable_node_is_a_chain_error() -> None:
    with RpcClient("http://127.0.0.1:9") as rpc, pytest.raises(ChainError):
        deploy_contracts(rpc, DEV_KEYS[0])
