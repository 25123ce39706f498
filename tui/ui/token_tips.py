"""A tip in an ERC-20 from the TUI: the TipModal's choice as a planned, multi-step write."""

from __future__ import annotations

from tui.core.actions.intents import CallIntent
from tui.core.tokens.tips import TokenTipPlanner
from tui.ui.screens.tip import TokenTipChoice
from tui.ui.writes import PlannedRequest


def token_tip_request(post_id: int, choice: TokenTipChoice) -> PlannedRequest:
    """Each step planned from the chain in the writer's thread (``tui.core.tokens.tips``)."""
    planner = TokenTipPlanner(post_id, choice.token, choice.amount, choice.symbol)
    steps = iter((True, False))

    def fake() -> tuple[CallIntent, bool]:
        """The in-memory writer's steps: approve, then the tip (tests and snapshots)."""
        approve = next(steps, False)
        token = "0x" + "de" * 20
        if approve:
            intent = CallIntent(
                kind="tokens.approve", contract=token, function="approve(address,uint256)",
                arg_names=("spender", "amount"), args=("0x" + "7e" * 20, choice.amount),
                summary=f"Before the tip: allow TokenTips to move exactly {choice.amount} "
                f"{choice.token} for post #{post_id}, not more; then the tip itself",
                notes=(f"Token: {choice.token} (18 decimals) at {token}",),
            )  # fmt: skip
            return intent, False
        intent = CallIntent(
            kind="tokens.tip", contract="token_tips",
            function="tipToken(uint256,address,uint256)",
            arg_names=("id", "token", "amount"), args=(post_id, token, choice.amount),
            summary=f"Tip {choice.amount} {choice.token} to the author of post #{post_id}",
            money=True, payee=("Social", "authorOf", post_id, f"author of post #{post_id}"),
        )  # fmt: skip
        return intent, True

    return PlannedRequest(f"Tip {choice.amount} {choice.token} on post #{post_id}", planner, fake)
