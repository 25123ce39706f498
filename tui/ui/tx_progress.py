"""A submitted transaction's progress, as the status line shows it (signing → sent → …).

Its own module because the transaction tray sits in every screen's bottom bars: importing the
whole write side (``tui.ui.writes``: requests, writers, the fake wallet) for two small types
would put it in front of the first paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TxStage(StrEnum):
    SIGNING = "signing"
    SENT = "sent"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    PENDING = "pending"
    """Still unconfirmed when the status line stopped following it (see the wallet)."""


@dataclass(frozen=True)
class TxUpdate:
    """One step of a submitted transaction's life."""

    stage: TxStage
    tx_hash: str = ""
    block: int = 0
    reason: str = ""
    """Why it failed, already sanitised."""

    @property
    def done(self) -> bool:
        return self.stage in (TxStage.CONFIRMED, TxStage.FAILED, TxStage.PENDING)
