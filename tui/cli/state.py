"""The global options every command shares, as plain data (no click: the bare TUI uses it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.context import AgoraContext


@dataclass
class CliState:
    """Global options, collected from the group and from each sub-command."""

    network: str | None = None
    account: str | None = None
    rpc_url: str | None = None

    def context(self) -> AgoraContext:
        from tui.core.context import AgoraContext, Overrides

        return AgoraContext.load(
            Overrides(network=self.network, account=self.account, rpc_url=self.rpc_url)
        )
