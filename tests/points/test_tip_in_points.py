"""A post's community points offered by symbol in a token tip: known by the address Points
created, so no symbol typed back; the same symbol on a post outside the community is refused."""

from __future__ import annotations

import pytest

from tests.conftest import DEV_ADDRESSES
from tests.points.conftest import PointsChain
from tui.core.config.settings import Network
from tui.core.errors import UsageError
from tui.core.tokens.erc20 import resolve_token
from tui.core.tokens.tips import TokenTipPlanner


def _network(pc: PointsChain) -> Network:
    d = pc.deployment
    return Network(name="lab", rpc_url=pc.rpc.url, chain_id=31337, social=d.social,
                   articles=d.articles, deploy_block=d.block, contracts=dict(d.contracts))  # fmt: skip


def test_the_community_points_symbol_names_its_token(pc: PointsChain) -> None:
    c = pc.create()
    pc.send("Communities", "join", [c], key=1)
    token = pc.enable(c)  # symbol AGP
    in_community = pc.post(c, key=1)
    outside = pc.post(pc.create(key=2), key=2)
    net = _network(pc)
    info = resolve_token(pc.rpc, net, "agp", in_community)
    assert (info.address, info.symbol, info.decimals, info.known) == (token, "AGP", 18, True)
    # by address too, and known (no symbol to type back)
    assert resolve_token(pc.rpc, net, token, in_community).known
    assert not resolve_token(pc.rpc, net, token, outside).known
    with pytest.raises(UsageError, match="No known token called 'AGP'"):
        resolve_token(pc.rpc, net, "AGP", outside)
    # the planner resolves it from the post: an approval of exactly the amount (no points held
    # by account 0, so the balance check speaks first)
    planner = TokenTipPlanner(in_community, "AGP", "1")
    with pytest.raises(Exception, match="Insufficient funds"):
        planner(pc.rpc, net, DEV_ADDRESSES[0])
    assert planner.info is not None and planner.info.address == token
