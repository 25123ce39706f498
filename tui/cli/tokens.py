"""The CLI side of token tips: the core planner as a ``run_write_steps`` step function."""

from __future__ import annotations

from collections.abc import Callable

from tui.core.actions import Intent, TxPipeline
from tui.core.context import AgoraContext
from tui.core.tokens.tips import TokenTipPlanner


def token_tip_steps(
    post_id: int, amount: str, token: str, typed_symbol: str, *, permit: bool = True
) -> Callable[[AgoraContext, TxPipeline, str], tuple[Intent, bool]]:
    """Each step planned from the chain as it is when the previous one confirmed.

    With ``permit``, a token that takes EIP-2612 permits is tipped in one transaction. Planning
    signs nothing: the permit is signed after the confirmation, by the signer that signs the
    transaction (one passphrase for a protected account; none at all for ``--dry-run``).
    """
    planner = TokenTipPlanner(post_id, token, amount, typed_symbol, permit)

    def step(_actx: AgoraContext, pipeline: TxPipeline, sender: str) -> tuple[Intent, bool]:
        return planner(pipeline.rpc, pipeline.network, sender)

    return step
