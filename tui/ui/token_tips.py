"""A tip in an ERC-20 from the TUI: the TipModal's choice as a planned, multi-step write."""

from __future__ import annotations

from typing import Any

from tui.core.actions.intents import CallIntent
from tui.core.tokens.tips import TokenTipPlanner
from tui.core.units import parse_units
from tui.ui.screens.tip import TokenTipChoice
from tui.ui.writes import PlannedRequest


def token_tip_request(post_id: int, choice: TokenTipChoice, permit: bool = False) -> PlannedRequest:
    """Each step planned from the chain in the writer's thread (``tui.core.tokens.tips``);
    with ``permit``, a token that takes permits is tipped in one transaction, its permit signed
    by the writer's signer only after the confirmation."""
    planner = TokenTipPlanner(post_id, choice.token, choice.amount, choice.symbol, permit)
    steps = iter((True, False))

    def fake() -> tuple[CallIntent, bool]:
        """The in-memory writer's steps: approve, then the tip (tests and snapshots)."""
        approve = next(steps, False)
        token = "0x" + "de" * 20
        base = parse_units(choice.amount, 18, choice.token)  # the fake token has 18 decimals
        if approve:
            intent = CallIntent(
                kind="tokens.approve", contract=token, function="approve(address,uint256)",
                arg_names=("spender", "amount"), args=("0x" + "7e" * 20, base),
                summary=f"Before the tip: allow TokenTips to move exactly {choice.amount} "
                f"{choice.token} for post #{post_id}, not more; then the tip itself",
                notes=(f"Token: {choice.token} (18 decimals) at {token}",),
                units=(18, choice.token),
            )  # fmt: skip
            return intent, False
        intent = CallIntent(
            kind="tokens.tip", contract="token_tips",
            function="tipToken(uint256,address,uint256)",
            arg_names=("id", "token", "amount"), args=(post_id, token, base),
            summary=f"Tip {choice.amount} {choice.token} to the author of post #{post_id}",
            money=True, payee=("Social", "authorOf", post_id, f"author of post #{post_id}"),
            units=(18, choice.token),
        )  # fmt: skip
        return intent, True

    return PlannedRequest(f"Tip {choice.amount} {choice.token} on post #{post_id}", planner, fake)


def offered_tokens(writer: Any, post_id: int) -> tuple[str, ...]:
    """Symbols the tip dialog offers besides ETH: the post's community points first (read on
    chain through the real writer), then the tokens this network knows. Best effort."""
    pipeline_of = getattr(writer, "pipeline", None)
    if pipeline_of is None:
        return ()
    try:
        from tui.core.tokens.community import post_points_token
        from tui.core.tokens.known import known_tokens

        pipeline = pipeline_of()
        points = post_points_token(pipeline.rpc, pipeline.network, post_id)
        known = known_tokens(pipeline.network)
    except Exception:  # an offer only: a node that is down leaves the field as it was
        return ()
    symbols = [f"{sym} (community points)" for sym, _d in points.values()]
    return (*symbols, *sorted({sym for sym, _d in known.values()}))
