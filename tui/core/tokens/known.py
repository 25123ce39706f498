"""Tokens Agora knows by address: cheap to import, since every timeline page labels its tips.

The address decides, never the symbol a contract claims.
"""

from __future__ import annotations

from tui.core.chain.address import to_checksum
from tui.core.config.settings import DEVNET, Network
from tui.core.tokens import DEMO_TOKEN

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


def known_tokens(network: Network) -> dict[str, tuple[str, int]]:
    """The tokens this network knows by address (the devnet adds its demo token)."""
    tokens = dict(KNOWN.get(network.chain_id, {}))
    demo = network.contracts.get(DEMO_TOKEN)
    if demo and network.name == DEVNET:
        tokens[to_checksum(demo)] = ("DEMO", 18)
    return tokens
