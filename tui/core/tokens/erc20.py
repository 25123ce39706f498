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
from tui.core.config.settings import DEVNET, Network
from tui.core.errors import AgoraError, ChainError, UsageError
from tui.core.text import clean_line
from tui.core.tokens import DEMO_TOKEN

MAX_DECIMALS = 36
MAX_SYMBOL = 11

KNOWN: dict[int, dict[str, tuple[str, int]]] = {
    1: {
        "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48": ("USDC", 6),
        "0xdAC17F958D2ee523a2206206994597C13D831ec7": ("USDT", 6),
        "0x6B175474E89094C44Da98b954EedeAC495271d0F": ("DAI", 18),
        "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2": ("WETH", 18),
    },
    8453: {
        "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913": ("USDC", 6),
        "0x4200000000000000000000000000000000000006": ("WETH", 18),
    },
}
"""Well-known tokens by chain id and checksummed address: (symbol, decimals). Only these, and
the devnet's demo token, are "known"; the address decides, never the symbol a contract claims."""


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


def known_tokens(network: Network) -> dict[str, tuple[str, int]]:
    """The tokens this network knows by address (the devnet adds its demo token)."""
    tokens = dict(KNOWN.get(network.chain_id, {}))
    demo = network.contracts.get(DEMO_TOKEN)
    if demo and network.name == DEVNET:
        tokens[to_checksum(demo)] = ("DEMO", 18)
    return tokens


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


def read_token(rpc: RpcClient, network: Network, address: str) -> TokenInfo:
    """Read ``address`` as an ERC-20.

    Raises:
        UsageError: not an address.
        ChainError: no contract there, or it does not answer ``decimals``/``symbol`` like a
            token; the node is unreachable.
    """
    try:
        token = to_checksum(address)
    except (AgoraError, ValueError):
        raise UsageError(f"Not a token address: {clean_line(address, 60)!r}") from None
    known = known_tokens(network).get(token)
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


def resolve_token(rpc: RpcClient, network: Network, text: str) -> TokenInfo:
    """A token given as an address, or as the symbol of a token this network knows.

    A symbol is looked up only among known tokens: a stranger's contract cannot take a name.
    """
    wanted = text.strip()
    if wanted.startswith("0x"):
        return read_token(rpc, network, wanted)
    matches = [a for a, (sym, _d) in known_tokens(network).items() if sym.lower() == wanted.lower()]
    if not matches:
        known = ", ".join(sorted({s for s, _d in known_tokens(network).values()})) or "none"
        raise UsageError(
            f"No known token called {clean_line(wanted, 20)!r} on {network.name}.",
            hint=f"Give the token's address instead. Known here: {known}.",
        )
    return read_token(rpc, network, matches[0])


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
