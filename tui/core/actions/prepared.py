"""What the pipeline's stages hand each other: a prepared transaction, and progress events.

Its own module so that the pipeline's parts (``pipeline``, ``following``, ``replacing``) share
these types without importing one another in a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tui.core.actions.calls import ContractCall
from tui.core.actions.confirmation import Confirmation
from tui.core.actions.outbox import OutboxEntry
from tui.core.actions.payee import PayeeLookup

Progress = Callable[[str, OutboxEntry | None], None]
"""``(stage, entry)``: stages are signing, persisted, sent, pending, confirmed, failed, …"""


@dataclass(frozen=True)
class Prepared:
    """A confirmation model plus the unsigned transaction it describes."""

    confirmation: Confirmation
    tx: dict[str, Any]
    """Unsigned EIP-1559 transaction (type 2, chainId, nonce, fees, gas, to, value, data)."""
    kind: str
    intent: dict[str, Any]
    """Outbox JSON of the intent (CIDs, never secrets)."""
    replaces: str | None = None
    """For a speed-up or cancel: the hash whose nonce is reused (the nonce is then fixed)."""
    payee_lookup: PayeeLookup | None = None
    """How the payee shown was read; read again just before signing (SECURITY.md §18)."""
    later: ContractCall | None = None
    """A call with arguments signed only after the confirmation (``CallIntent.signed_later``):
    ``submit`` fills them with the transaction's signer before it signs and records it."""
