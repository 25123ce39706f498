"""A live line per submitted transaction: signing → sent → confirmed in block N / failed: reason.

The flow that submitted the transaction feeds it ``TxUpdate`` objects from a worker; the widget
only renders, so the UI never waits on the chain.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from tui.ui.tx_progress import TxStage, TxUpdate


def short_hash(tx_hash: str) -> str:
    return f"{tx_hash[:10]}…{tx_hash[-6:]}" if len(tx_hash) > 20 else tx_hash


def describe_update(summary: str, update: TxUpdate | None) -> Content:
    """One line for the state of a transaction (plain Content: reasons come from nodes)."""
    if update is None:
        return Content.assemble(("◌ ", "dim"), summary, (" — preparing…", "dim"))
    match update.stage:
        case TxStage.SIGNING:
            return Content.assemble(("◌ ", "bold"), summary, " — signing…")
        case TxStage.SENT:
            return Content.assemble(
                ("◔ ", "bold"), summary, f" — sent {short_hash(update.tx_hash)}, waiting…"
            )
        case TxStage.CONFIRMED:
            return Content.assemble(
                ("✓ ", "bold $success"), summary, f" — confirmed in block {update.block:,}"
            )
        case TxStage.PENDING:
            return Content.assemble(("◔ ", "bold $warning"), summary, " — ", update.reason)
        case TxStage.FAILED:
            return Content.assemble(
                ("✗ ", "bold $error"), summary, " — failed: ", update.reason or "unknown reason"
            )
    return Content(summary)


class TxStatus(Static):
    """Shows one transaction's progress; call ``advance`` with each update."""

    DEFAULT_CSS = """
    TxStatus {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    TxStatus.-confirmed { color: $text-success; }
    TxStatus.-failed { color: $text-error; }
    """

    update_state: reactive[TxUpdate | None] = reactive(None, layout=True)

    def __init__(self, summary: str, *, id: str | None = None) -> None:
        super().__init__(describe_update(summary, None), id=id, classes="tx-status")
        self.summary = summary

    def on_mount(self) -> None:
        if isinstance(self.parent, TxTray):
            self.parent.sync_shown()

    def advance(self, update: TxUpdate) -> None:
        """Show the next stage."""
        self.update_state = update

    def watch_update_state(self, update: TxUpdate | None) -> None:
        self.update(describe_update(self.summary, update))
        self.set_class(update is not None and update.stage is TxStage.CONFIRMED, "-confirmed")
        self.set_class(update is not None and update.stage is TxStage.FAILED, "-failed")

    @property
    def done(self) -> bool:
        return self.update_state is not None and self.update_state.done


class TxTray(Vertical):
    """The TxStatus lines of recent transactions, above a screen's status bar and footer.

    Screens built with ``bottom_bars()`` hold an empty one inside their bottom bars: it is
    hidden while empty and, when lines arrive, grows the bars upwards so the key hints stay
    visible. On a screen without those bars the flow mounts one docked at the bottom.
    """

    DEFAULT_CSS = """
    TxTray {
        dock: bottom;
        height: auto;
        max-height: 6;
        border-top: solid $primary;
    }
    TxTray.-empty { display: none; }
    TxTray.-in-bars { dock: none; }
    """

    RETIRE_AFTER = 12.0
    """Seconds a finished transaction stays on screen."""

    def __init__(self, *, in_bars: bool = False) -> None:
        """``in_bars``: laid out inside ``bottom_bars()`` (above the status bar), not docked."""
        super().__init__(id="tx-tray", classes="-in-bars" if in_bars else None)

    def on_mount(self) -> None:
        self.sync_shown()

    def sync_shown(self) -> None:
        """Hide the tray while it holds no line (CSS ``:empty`` is not re-checked on mount)."""
        self.set_class(not self.query(TxStatus), "-empty")

    def retire(self, status: TxStatus) -> None:
        """Remove a finished line after a while (and a docked tray with its last line)."""
        self.set_timer(self.RETIRE_AFTER, lambda: self._drop(status))

    async def _drop(self, status: TxStatus) -> None:
        await status.remove()
        if not self.has_class("-in-bars") and not self.query(TxStatus):
            await self.remove()
        else:
            self.sync_shown()
