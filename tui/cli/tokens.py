"""The CLI side of token tips: the core planner as a ``run_write_steps`` step function."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.core.actions import Intent, TxPipeline
from tui.core.context import AgoraContext
from tui.core.tokens.tips import TokenTipPlanner


def token_tip_steps(
    post_id: int,
    amount: str,
    token: str,
    typed_symbol: str,
    *,
    permit: bool = True,
    passphrase_file: Path | None = None,
) -> Callable[[AgoraContext, TxPipeline, str], tuple[Intent, bool]]:
    """Each step planned from the chain as it is when the previous one confirmed.

    With ``permit``, a token that takes EIP-2612 permits is tipped in one transaction, the
    permit signed with the account's key (``--passphrase-file`` for a protected account).
    """
    planner = TokenTipPlanner(post_id, token, amount, typed_symbol)

    def step(actx: AgoraContext, pipeline: TxPipeline, sender: str) -> tuple[Intent, bool]:
        if permit and planner.signers is None:
            planner.signers = _signers(actx, passphrase_file)
        return planner(pipeline.rpc, pipeline.network, sender)

    return step


def _signers(actx: AgoraContext, passphrase_file: Path | None) -> Callable[[str], Any]:
    """The account's signer, opened only when a permit is to be signed (and once)."""
    opened: list[Any] = []

    def signer(_address: str) -> Any:
        from tui.cli.account import open_wallet, signer_for

        if not opened:
            opened.append(signer_for(actx, open_wallet(actx), passphrase_file))
        return opened[0]

    return signer
