"""The CLI side of token tips: resolving the token once, then planning each step from chain."""

from __future__ import annotations

from collections.abc import Callable

from tui.core.actions import Intent, TxPipeline
from tui.core.context import AgoraContext
from tui.core.errors import UsageError
from tui.core.text import clean_line
from tui.core.tokens.erc20 import TokenInfo, resolve_token
from tui.core.tokens.tips import next_step
from tui.core.units import parse_units


def check_typed_symbol(token: TokenInfo, typed: str) -> None:
    """A token Agora does not know must be confirmed by typing its symbol back."""
    if token.known:
        return
    if typed != token.symbol:
        raise UsageError(
            f"Agora does not know the token at {token.address}; it calls itself "
            f"{clean_line(token.symbol, 12)!r} ({token.decimals} decimals), which proves "
            "nothing. It may charge fees, block transfers, pause or change its code.",
            hint=f"If you trust it, repeat its symbol: --symbol {token.symbol}",
        )


def token_tip_steps(
    post_id: int, amount: str, token: str, typed_symbol: str
) -> Callable[[AgoraContext, TxPipeline, str], tuple[Intent, bool]]:
    """The step function of ``run_write_steps`` for a token tip."""
    resolved: list[TokenInfo] = []

    def step(_actx: AgoraContext, pipeline: TxPipeline, sender: str) -> tuple[Intent, bool]:
        if not resolved:
            info = resolve_token(pipeline.rpc, pipeline.network, token)
            check_typed_symbol(info, typed_symbol)
            resolved.append(info)
        info = resolved[0]
        units = parse_units(amount, info.decimals, info.symbol, positive=True)
        planned = next_step(pipeline.rpc, pipeline.network, sender, post_id, info, units)
        return planned.intent, planned.last

    return step
