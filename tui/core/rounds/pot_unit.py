"""The unit a round's amounts are counted in: ETH, or its ERC-20 token's symbol and decimals.

The index stores every amount in base units. A token Agora knows by address (tui.core.tokens.
known) labels itself with no call to the node; any other is read once on chain (symbol and
decimals, cleaned and bounded by tui.core.tokens.erc20) and its symbol is marked with ``?``,
since a stranger's contract chooses its own symbol. A token that cannot be read (the node is
down) shows base units with its address, never a made-up unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.core.rounds.model import ETH_TOKEN
from tui.core.units import format_units, parse_units


@dataclass(frozen=True)
class PotUnit:
    """How one round's amounts read and are typed."""

    symbol: str
    decimals: int
    known: bool = True
    """False for a token Agora does not know by address: its symbol is its own claim."""

    @property
    def shown_symbol(self) -> str:
        return self.symbol if self.known else f"{self.symbol}?"

    def label(self, amount: int) -> str:
        """``1,234.5 DEMO``: exact, in the token's units."""
        return format_units(amount, self.decimals, self.shown_symbol)

    def parse(self, text: str) -> int:
        """What was typed (``12.5``) as base units; raises UsageError with what to fix."""
        return parse_units(text, self.decimals, self.shown_symbol)


ETH = PotUnit("ETH", 18)


def is_eth(token: str) -> bool:
    return token.lower() == ETH_TOKEN


def unread_label(token: str, amount: int) -> str:
    """A token whose decimals could not be read: base units, and whose they are."""
    return f"{amount:,} base units of {token[:6]}…{token[-4:]}"


def pot_unit(token: str, network: Any = None, rpc: Any = None) -> PotUnit | None:
    """The unit of a round paid in ``token``; None when it cannot be known now.

    Known tokens need no ``rpc``; others are read with it (one ``eth_call`` each for
    ``decimals``, ``symbol`` and ``name``).
    """
    if is_eth(token):
        return ETH
    if network is not None:
        from tui.core.chain.abi import to_checksum
        from tui.core.tokens.known import known_tokens

        try:
            known = known_tokens(network).get(to_checksum(token))
        except Exception:
            return None
        if known is not None:
            return PotUnit(known[0], known[1])
    if rpc is None or network is None:
        return None
    from tui.core.errors import AgoraError
    from tui.core.tokens.erc20 import read_token

    try:
        info = read_token(rpc, network, token)
    except AgoraError:
        return None
    return PotUnit(info.symbol, info.decimals, info.known)


def with_units(
    views: list[Any], network: Any = None, rpc: Any = None, cache: dict[str, Any] | None = None
) -> list[Any]:
    """``RoundView``s with their pot's unit; ``cache`` (token -> unit) spares the node repeated
    reads of the same token. A token that cannot be read now is tried again next time."""
    from dataclasses import replace

    cache = {} if cache is None else cache
    out = []
    for view in views:
        token = view.round.token
        if is_eth(token):
            out.append(view)
            continue
        key = token.lower()
        if key not in cache:
            unit = pot_unit(token, network, rpc)
            if unit is None:
                out.append(view)
                continue
            cache[key] = unit
        out.append(replace(view, unit=cache[key]))
    return out
