"""Reading ERC-20 tokens over JSON-RPC: symbol, decimals, balances, allowances.

Every value comes from a stranger's contract: the symbol is cleaned and bounded, decimals above
36 are refused (no real token has them, and they would make amounts unreadable), and a token
whose calls revert or return garbage is "not a token", never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.core.chain.abi import encode_signature, to_checksum
from tui.core.chain.rpc import RpcClient, RpcUnavailable
from tui.core.config.settings import Network
from tui.core.errors import AgoraError, ChainError, UsageError
from tui.core.text import clean_line
from tui.core.tokens.known import known_tokens

MAX_DECIMALS = 36
MAX_SYMBOL = 11


@dataclass(frozen=True)
class TokenInfo:
    """What a token says about itself, cleaned, and whether Agora knows it by address."""

    address: str
    symbol: str
    decimals: int
    name: str = ""
    known: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "symbol": self.symbol,
            "decimals": self.decimals,
            "name": self.name,
            "known": self.known,
        }


def _call(rpc: RpcClient, token: str, signature: str, args: list[Any]) -> bytes:
    out = rpc.eth_call(token, encode_signature(signature, args))
    return bytes.fromhex(str(out).removeprefix("0x"))


def _uint(raw: bytes) -> int:
    if len(raw) < 32:
        raise ValueError("short answer")
    return int.from_bytes(raw[:32], "big")


def _text(raw: bytes) -> str:
    """A ``string`` answer, or a ``bytes32`` one (early tokens such as MKR)."""
    from eth_abi import decode

    if len(raw) == 32:
        return raw.rstrip(b"\0").decode("utf-8", "replace")
    (value,) = decode(["bytes"], raw, strict=False)  # a string, read as bytes: bad UTF-8 is ours
    return bytes(value).decode("utf-8", "replace")


def read_token(
    rpc: RpcClient,
    network: Network,
    address: str,
    extra: dict[str, tuple[str, int]] | None = None,
) -> TokenInfo:
    """Read ``address`` as an ERC-20; ``extra`` adds tokens known by address here (a post's
    community points).

    Raises:
        UsageError: not an address.
        ChainError: no contract there, or it does not answer ``decimals``/``symbol`` like a
            token; the node is unreachable.
    """
    try:
        token = to_checksum(address)
    except (AgoraError, ValueError):
        raise UsageError(f"Not a token address: {clean_line(address, 60)!r}") from None
    known = {**known_tokens(network), **(extra or {})}.get(token)
    if not rpc.get_code(token):
        raise ChainError(f"{token} is not a token contract (no code there).")
    try:
        decimals = _uint(_call(rpc, token, "decimals()", []))
        symbol = clean_line(_text(_call(rpc, token, "symbol()", [])), MAX_SYMBOL)
    except RpcUnavailable:
        raise
    except (AgoraError, ValueError, TypeError, OverflowError):
        raise ChainError(f"{token} does not answer like an ERC-20 token.") from None
    try:
        name = clean_line(_text(_call(rpc, token, "name()", [])), 40)
    except RpcUnavailable:
        raise
    except (AgoraError, ValueError, TypeError, OverflowError):
        name = ""  # optional in ERC-20
    if decimals > MAX_DECIMALS:
        raise ChainError(f"{token} claims {decimals} decimals; Agora refuses tokens above 36.")
    if known is not None:  # the address is known: its real symbol and decimals win
        symbol, decimals = known
    return TokenInfo(token, symbol or "?", decimals, name, known is not None)


def resolve_token(rpc: RpcClient, network: Network, text: str, post_id: int = 0) -> TokenInfo:
    """A token given as an address, or as the symbol of a token this network knows.

    A symbol is looked up only among known tokens: a stranger's contract cannot take a name.
    With ``post_id``, the points of the post's community count as known (Points created that
    token, so its address is vouched for), and their symbol comes first.
    """
    from tui.core.tokens.community import post_points_token

    wanted = text.strip()
    extra = post_points_token(rpc, network, post_id) if post_id else {}
    if wanted.startswith("0x"):
        return read_token(rpc, network, wanted, extra)
    tokens = {**known_tokens(network), **extra}
    matches = [a for a, (sym, _d) in extra.items() if sym.lower() == wanted.lower()]
    matches += [a for a, (sym, _d) in tokens.items() if sym.lower() == wanted.lower()]
    if not matches:
        known = ", ".join(sorted({s for s, _d in tokens.values()})) or "none"
        raise UsageError(
            f"No known token called {clean_line(wanted, 20)!r} on {network.name}.",
            hint=f"Give the token's address instead. Known here: {known}.",
        )
    return read_token(rpc, network, matches[0], extra)


def balance_of(rpc: RpcClient, token: str, owner: str) -> int:
    try:
        return _uint(_call(rpc, token, "balanceOf(address)", [owner]))
    except RpcUnavailable:
        raise
    except (AgoraError, ValueError):
        raise ChainError(f"Could not read the balance of {owner} in {token}.") from None


def allowance(rpc: RpcClient, token: str, owner: str, spender: str) -> int:
    try:
        return _uint(_call(rpc, token, "allowance(address,address)", [owner, spender]))
    except RpcUnavailable:
        raise
    except (AgoraError, ValueError):
        raise ChainError(f"Could not read the allowance in {token}.") from None
