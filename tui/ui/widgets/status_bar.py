"""The status bar: network and chain id, block and sync state, account and balance, outbox."""

from __future__ import annotations

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tui.core.ens.verified import verified_name
from tui.core.units import format_eth_compact
from tui.ui.backend import StatusView, SyncState
from tui.ui.timefmt import short_address
from tui.ui.widgets.footer import AgoraFooter
from tui.ui.widgets.tx_status import TxTray

_SYNC = {
    SyncState.SYNCED: "[$success]● synced[/]",
    SyncState.SYNCING: "[$warning]◐ syncing[/]",
    SyncState.OFFLINE: "[$error]○ offline[/]",
    SyncState.UNKNOWN: "[$text-muted]◌ connecting…[/]",
}


def status_content(status: StatusView | None) -> Content:
    """One line of status; every dynamic value is a template variable, never markup."""
    if status is None:
        return Content.from_markup("[$text-muted]◌ starting…  (showing the cached timeline)[/]")
    parts = [
        Content.from_markup(
            "[b]$network[/b] [dim]#$chain[/dim]  block $block  ",
            network=status.network,
            chain=str(status.chain_id or "?"),
            block=f"{status.block:,}" if status.block else "?",
        )
        + Content.from_markup(_SYNC[status.sync])
    ]
    if status.account:
        # Compact and rounded down: the wallet screen shows the exact wei-precise value.
        balance = "?" if status.balance_wei is None else format_eth_compact(status.balance_wei)
        ens = verified_name(status.account)
        parts.append(
            Content.from_markup(
                "$label [$success]$ens[/][dim]$addr[/dim] $balance",
                label=status.account_label or "account",
                ens=f"{ens} ✓ " if ens else "",
                addr=short_address(status.account),
                balance=balance,
            )
        )
    else:
        parts.append(Content.from_markup("[dim]no account[/dim]"))
    outbox = Content.from_markup("outbox $n", n=str(status.outbox))
    if status.outbox:
        outbox = outbox.stylize("$warning")
    parts.append(outbox)
    if status.sync is SyncState.OFFLINE and status.error:
        parts.append(Content.from_markup("[$error]$error[/]", error=status.error))
    return Content(" │ ").join(parts)


class StatusBar(Static):
    """Docked at the bottom of every main screen; follows ``AgoraApp.status``."""

    DEFAULT_CSS = """
    StatusBar { dock: bottom; height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "status", self._show, init=True)

    def _show(self, status: StatusView | None) -> None:
        self.update(status_content(status))


def bottom_bars() -> Vertical:
    """The status bar above the footer, docked together at the bottom of a screen.

    An empty (hidden) transaction tray sits above them: the flows find it and fill it, so
    its lines push the bars' top edge up instead of covering the key hints (two widgets
    docked to the same edge would overlap).
    """
    return Vertical(TxTray(in_bars=True), StatusBar(), AgoraFooter(), classes="bottom-bars")
