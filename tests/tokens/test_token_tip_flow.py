"""A token tip end to end on anvil: the token read honestly, approve exactly then tip, the
USDT reset step, the confirmation's warnings, and the tip indexed beside ETH tips."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.tokens.conftest import make_signer, odd_token
from tui.core.actions import TxPipeline, TxStatus
from tui.core.chain.abi import encode_signature
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.errors import ChainError, UsageError, WalletError
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex
from tui.core.tokens import DEMO_TOKEN, TOKEN_TIPS
from tui.core.tokens.erc20 import allowance, read_token, resolve_token
from tui.core.tokens.tips import APPROVE, RESET, TIP, next_step
from tui.core.tokens.views import post_token_tips


def _tip_all_the_way(pipeline: TxPipeline, token_address: str, amount: int) -> list[str]:
    """Confirm each step as a user would, until the tip itself lands; the kinds sent."""
    net = pipeline.network
    token = read_token(pipeline.rpc, net, token_address)
    signer = make_signer(2)
    kinds = []
    for _ in range(4):
        step = next_step(pipeline.rpc, net, signer.address, 1, token, amount)
        prepared = pipeline.prepare(step.intent, signer.address)
        done = pipeline.wait(pipeline.submit(prepared, signer).hash, timeout=30)
        assert done.status == TxStatus.CONFIRMED
        kinds.append(step.intent.kind)
        if step.last:
            return kinds
    raise AssertionError(f"the tip never came: {kinds}")


def test_the_demo_token_is_known_by_address(pipeline: TxPipeline) -> None:
    net = pipeline.network
    demo = resolve_token(pipeline.rpc, net, "demo")
    assert demo.address == net.contracts[DEMO_TOKEN]
    assert (demo.symbol, demo.decimals, demo.known) == ("DEMO", 18, True)


def test_approve_exactly_then_tip(pipeline: TxPipeline, network: Network) -> None:
    token = network.contracts[DEMO_TOKEN]
    assert _tip_all_the_way(pipeline, token, 5 * 10**18) == [APPROVE, TIP]
    tips = network.contracts[TOKEN_TIPS]
    assert allowance(pipeline.rpc, token, DEV_ADDRESSES[2], tips) == 0  # nothing left over


def test_a_usdt_like_allowance_is_reset_first(
    pipeline: TxPipeline, anvil: RpcClient, network: Network
) -> None:
    token = odd_token(anvil, "NoReturnToken")
    tips = network.contracts[TOKEN_TIPS]
    approve = encode_signature("approve(address,uint256)", [tips, 7])
    send_transaction(anvil, DEV_KEYS[2], token, approve)  # a stale, smaller allowance
    assert _tip_all_the_way(pipeline, token, 2_000_000) == [RESET, APPROVE, TIP]


def test_the_confirmation_names_the_author_and_warns_of_unknown_tokens(
    pipeline: TxPipeline, anvil: RpcClient, network: Network
) -> None:
    token = read_token(anvil, network, odd_token(anvil, "FeeToken"))
    assert not token.known
    step = next_step(anvil, network, DEV_ADDRESSES[2], 1, token, 10**9)
    notes = step.intent.notes
    assert any("Unknown token" in n for n in notes)
    assert any(token.address in n for n in notes)
    send_transaction(
        anvil, DEV_KEYS[2], token.address,
        encode_signature("approve(address,uint256)", [network.contracts[TOKEN_TIPS], 10**9]),
    )  # fmt: skip
    tip = next_step(anvil, network, DEV_ADDRESSES[2], 1, token, 10**9)
    conf = pipeline.prepare(tip.intent, DEV_ADDRESSES[2]).confirmation
    assert conf.payee is not None and conf.payee.address == DEV_ADDRESSES[1]
    assert conf.summary == "Tip 0.000000001 FEE to the author of post #1"
    assert any("Unknown token" in n for n in conf.notes)


def test_bad_token_tips_are_clear_errors(pipeline: TxPipeline, network: Network) -> None:
    rpc = pipeline.rpc
    demo = read_token(rpc, network, network.contracts[DEMO_TOKEN])
    with pytest.raises(UsageError, match="own post"):
        next_step(rpc, network, DEV_ADDRESSES[1], 1, demo, 1)
    with pytest.raises(UsageError, match="no post #9"):
        next_step(rpc, network, DEV_ADDRESSES[2], 9, demo, 1)
    with pytest.raises(WalletError, match="Insufficient funds"):
        next_step(rpc, network, DEV_ADDRESSES[2], 1, demo, 10**30)
    with pytest.raises(ChainError, match="not a token contract"):
        read_token(rpc, network, "0x" + "5e" * 20)
    with pytest.raises(ChainError, match="does not answer like an ERC-20"):
        read_token(rpc, network, network.social)
    with pytest.raises(UsageError, match="No known token called 'USDC'"):
        resolve_token(rpc, network, "USDC")


def test_token_tips_are_indexed_beside_eth_tips(
    pipeline: TxPipeline, network: Network, isolated_home: Path
) -> None:
    token = network.contracts[DEMO_TOKEN]
    _tip_all_the_way(pipeline, token, 5 * 10**18)
    _tip_all_the_way(pipeline, token, 10**18)
    index = AgoraIndex(connect(isolated_home / "index.sqlite"), network, me=DEV_ADDRESSES[1])
    try:
        index.sync(rpc=pipeline.rpc)
        totals = post_token_tips(index.conn, [1])
        assert totals == {1: [(token, 6 * 10**18, 2)]}
        (post,) = [p for p in index.timeline("global") if p.id == 1]
        assert post.token_tips == ((token, 6 * 10**18, "6 DEMO"),)
        tips = [n for n in index.notifications() if n.kind == "tip"]
        assert [(n.actor, n.post_id, n.amount_label, n.token) for n in tips] == [
            (DEV_ADDRESSES[2], 1, "1 DEMO", token),
            (DEV_ADDRESSES[2], 1, "5 DEMO", token),
        ]
    finally:
        index.close()
