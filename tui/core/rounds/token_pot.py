"""Opening a round with an ERC-20 pot: approve exactly the pot, then open (each step a
``CallIntent``, confirmed in turn), reusing tui.core.tokens for the token and its allowance.

The contract counts the pot as what arrives, so a fee-on-transfer token funds less than was
approved: the confirmation says so. An allowance that is non-zero but too small is set to 0
first (USDT refuses to change one non-zero allowance to another); never unlimited.
"""

from __future__ import annotations

from typing import Any

from tui.core.actions.intents import CallIntent
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.errors import WalletError
from tui.core.rounds.documents import Scope
from tui.core.rounds.pot_unit import PotUnit


class TokenPotPlanner:
    """``planner(rpc, network, sender, content)`` -> the next ``(CallIntent, last)``."""

    def __init__(
        self,
        *,
        token: str,
        amount: str,
        typed_symbol: str,
        scope: Scope,
        evaluators: list[str],
        quorum: int,
        allocate_for: int,
        claim_for: int,
    ) -> None:
        self.token, self.amount, self.typed_symbol = token, amount, typed_symbol
        self.scope, self.evaluators, self.quorum = scope, evaluators, quorum
        self.allocate_for, self.claim_for = allocate_for, claim_for
        self.info: Any = None

    def __call__(
        self, rpc: RpcClient, network: Network, sender: str, content: Any
    ) -> tuple[CallIntent, bool]:
        from tui.core.rounds.prepare import open_intent, rounds_address
        from tui.core.tokens.erc20 import allowance, balance_of, resolve_token
        from tui.core.tokens.tips import _notes, check_typed_symbol
        from tui.core.units import format_units, parse_units

        if self.info is None:
            info = resolve_token(rpc, network, self.token)
            check_typed_symbol(info, self.typed_symbol)
            self.info = info
        info = self.info
        units = parse_units(self.amount, info.decimals, info.symbol, positive=True)
        shown = format_units(units, info.decimals, info.symbol)
        rounds = rounds_address(network)
        held = balance_of(rpc, info.address, sender)
        if held < units:
            raise WalletError(
                f"Insufficient funds: the pot needs {shown}; {sender} holds "
                f"{format_units(held, info.decimals, info.symbol)}."
            )
        notes = tuple(n.replace("TokenTips", "Rounds") for n in _notes(0, info))
        allowed = allowance(rpc, info.address, sender, rounds)
        if allowed >= units:
            intent = open_intent(
                rpc, content, pot=units, scope=self.scope, evaluators=self.evaluators,
                quorum=self.quorum, allocate_for=self.allocate_for, claim_for=self.claim_for,
                token=info.address, unit=PotUnit(info.symbol, info.decimals),
            )  # fmt: skip
            fee = "The pot is what arrives: a token that charges a transfer fee funds less."
            from dataclasses import replace

            return replace(intent, notes=(*notes[:1], fee)), True
        if allowed > 0:
            return CallIntent(
                "round.approve_reset", info.address, "approve(address,uint256)",
                ("spender", "amount"), (rounds, 0),
                f"Before the round: set your {info.symbol} allowance for Rounds to 0 (tokens "
                "such as USDT need this before a new amount); then approve, then open",
                notes=notes, units=(info.decimals, info.symbol),
            ), False  # fmt: skip
        return CallIntent(
            "round.approve", info.address, "approve(address,uint256)", ("spender", "amount"),
            (rounds, units),
            f"Before the round: allow Rounds to move exactly {shown}, not more; then open it",
            notes=notes, units=(info.decimals, info.symbol),
        ), False  # fmt: skip
