"""Agora core: actions (intents → confirmation → write-ahead outbox → chain)."""

from __future__ import annotations

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
