"""The real write side: the UI's requests over the core wallet and transaction pipeline.

Wired to ``tui.core.actions`` and ``tui.core.wallet`` as they land; everything heavy is
imported inside methods so building it costs nothing before the first paint.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.errors import ChainError
from tui.core.wallet.secret import Secret
from tui.ui.writes import AccountView, Prepared, TxRecord, TxUpdate, WriteRequest

if TYPE_CHECKING:
    from tui.core.context import AgoraContext

_NOT_YET = "Writing from the TUI is not available in this build yet."


class CoreWriter:
    """Adapts ``tui.core.actions`` / ``tui.core.wallet`` to the ``Writer`` protocol."""

    def __init__(self, ctx: AgoraContext, backend: Any = None) -> None:
        self.ctx = ctx
        self.backend = backend

    def prepare(self, request: WriteRequest) -> Prepared:
        raise ChainError(_NOT_YET)

    def submit(self, prepared: Prepared) -> Iterator[TxUpdate]:
        raise ChainError(_NOT_YET)

    def accounts(self) -> list[AccountView]:
        return []

    def balance(self) -> int:
        return 0

    def switch_account(self, address: str) -> None:
        raise ChainError(_NOT_YET)

    def export_account(self, address: str, path: Path, passphrase: Secret) -> Path:
        raise ChainError(_NOT_YET)

    def transactions(self) -> list[TxRecord]:
        return []

    def speed_up(self, tx_hash: str) -> Prepared:
        raise ChainError(_NOT_YET)

    def cancel(self, tx_hash: str) -> Prepared:
        raise ChainError(_NOT_YET)
