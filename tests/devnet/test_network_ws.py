"""The devnet network subscribes to new blocks over anvil's WebSocket."""

from __future__ import annotations

from tui.core.chain.devnet import DevnetRecord
from tui.core.chain.foundry import AnvilProcess
from tui.core.chain.networks import devnet_network
from tui.core.chain.rpc import RpcClient
from tui.core.chain.ws import HeadSubscription


def test_devnet_network_has_a_working_ws_url(anvil_node: AnvilProcess, anvil: RpcClient) -> None:
    network = devnet_network(DevnetRecord(rpc_url=anvil_node.url, port=anvil_node.port))
    assert network.ws_url == f"ws://127.0.0.1:{anvil_node.port}"
    with HeadSubscription(network.ws_url) as heads:
        anvil.call("evm_mine")
        head = heads.next_head(timeout=20)
    assert head is not None and head.number == anvil.block_number()


def test_stopped_devnet_has_no_ws_url() -> None:
    assert devnet_network(DevnetRecord()).ws_url == ""
