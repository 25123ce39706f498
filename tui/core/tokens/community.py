"""A post's community points token, offered by symbol in a tip: the address comes from the
Points contract (``tokenOf`` of the post's ``communityOf``), so the token is known by address,
like the demo token, and its symbol is only a label for it within this post's tip."""

from __future__ import annotations

from tui.core.chain.abi import decode_result, encode_call, to_checksum
from tui.core.chain.rpc import RpcClient, RpcUnavailable
from tui.core.config.settings import Network
from tui.core.errors import AgoraError
from tui.core.text import clean_line

POINTS_DECIMALS = 18
"""Every points token has 18 decimals (PROTOCOL.md "Community points")."""


def _view(rpc: RpcClient, address: str, contract: str, fn: str, args: list[object]) -> object:
    out = rpc.eth_call(address, encode_call(contract, fn, list(args)))
    return decode_result(contract, fn, out)[0]


def post_points_token(rpc: RpcClient, network: Network, post_id: int) -> dict[str, tuple[str, int]]:
    """{address: (symbol, 18)} for the points of post ``post_id``'s community; empty when the
    post is in no community, the community has no points, or this network has neither."""
    from tui.core.points import KEY

    communities = network.contracts.get("communities")
    points = network.contracts.get(KEY)
    if not communities or not points or post_id <= 0:
        return {}
    try:
        community = int(str(_view(rpc, communities, "Communities", "communityOf", [post_id])))
        if not community:
            return {}
        token = str(_view(rpc, points, "Points", "tokenOf", [community]))
        if int(token, 16) == 0:
            return {}
        symbol = clean_line(str(_view(rpc, token, "PointsToken", "symbol", [])), 5)
    except RpcUnavailable:
        raise
    except (AgoraError, ValueError, TypeError):
        return {}
    return {to_checksum(token): (symbol or "?", POINTS_DECIMALS)}
