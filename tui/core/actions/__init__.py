"""Agora core: actions (intents → confirmation → write-ahead outbox → chain).

The names below load on first use (PEP 562): the TUI imports the confirmation model and the
outbox before its first paint, and importing a submodule runs this file, which must not pull
in the pipeline (and with it the ABI, the signer and eth_abi).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.lazy import lazy_exports

if TYPE_CHECKING:
    from tui.core.actions.confirmation import Confirmation
    from tui.core.actions.intents import (
        CollectIntent,
        FollowIntent,
        Intent,
        PostIntent,
        ProfileIntent,
        PublishIntent,
        RepostIntent,
        TipIntent,
        UnfollowIntent,
    )
    from tui.core.actions.outbox import Outbox, OutboxEntry, TxStatus
    from tui.core.actions.pipeline import Prepared, TxPipeline, parse_eth

_WHERE = {
    "Confirmation": "confirmation",
    "CollectIntent": "intents",
    "FollowIntent": "intents",
    "Intent": "intents",
    "PostIntent": "intents",
    "ProfileIntent": "intents",
    "PublishIntent": "intents",
    "RepostIntent": "intents",
    "TipIntent": "intents",
    "UnfollowIntent": "intents",
    "Outbox": "outbox",
    "OutboxEntry": "outbox",
    "TxStatus": "outbox",
    "Prepared": "pipeline",
    "TxPipeline": "pipeline",
    "parse_eth": "pipeline",
}

__all__ = [
    "CollectIntent",
    "Confirmation",
    "FollowIntent",
    "Intent",
    "Outbox",
    "OutboxEntry",
    "PostIntent",
    "Prepared",
    "ProfileIntent",
    "PublishIntent",
    "RepostIntent",
    "TipIntent",
    "TxPipeline",
    "TxStatus",
    "UnfollowIntent",
    "parse_eth",
]


__getattr__ = lazy_exports(__name__, _WHERE)
