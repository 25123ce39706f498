"""The one confirmation every transaction goes through before it is signed (SECURITY.md §11).

It shows the network and chain id, the full checksummed sender and recipient, who is paid and
why (SECURITY.md §18), the value in ETH and wei, the decoded call (amounts in ETH beside wei),
gas, fees, the worst case, the nonce and the balance. Only the keyboard confirms
(``enter``/``y``): nothing on screen is clickable, so a click that lands on the dialog as it
opens can never sign anything. The details scroll; the key line always stays on screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.css.scalar import Scalar
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.actions.confirmation import NAME_CLAIM, Payee
from tui.core.units import format_eth, format_gwei
from tui.ui.writes import Confirmation

LABEL_WIDTH = 12
ROWS_MAX = 16
"""Tallest the scrolling details get; on a short terminal they shrink to what is left."""
ROWS_MIN = 3


def _row(label: str, value: str | Content, style: str = "") -> Content:
    body = value if isinstance(value, Content) else Content.styled(value, style)
    return Content.assemble((label.ljust(LABEL_WIDTH), "bold"), body)


def payee_rows(payee: Payee) -> list[Content]:
    """The name as a claim (quoted, labelled), the full address, why they are paid: one line
    each, so the address is never broken across lines."""
    lines: list[Content] = []
    if payee.name:
        lines.append(
            Content.assemble(
                ("\u201c", "dim"), (payee.name, "bold"), (f"\u201d ({NAME_CLAIM})", "dim")
            )
        )
    lines += [Content(payee.address), Content.styled(payee.reason, "italic")]
    indent = " " * LABEL_WIDTH
    return [_row("Pays", lines[0]), *(Content.assemble(indent, line) for line in lines[1:])]


def confirmation_rows(conf: Confirmation) -> list[Content]:
    """The dialog's lines, as plain Content (every value is shown as text, never markup)."""
    rows = [
        _row("Network", f"{conf.network} (chain id {conf.chain_id})"),
        _row("From", conf.sender),
        _row("To", conf.to),
    ]
    if conf.payee is not None:
        rows += payee_rows(conf.payee)
    rows += [
        _row("Value", f"{format_eth(conf.value_wei)} ({conf.value_wei:,} wei)"),
        _row("Call", conf.function or "(plain transfer)"),
    ]
    rows += [Content.assemble("  ", (f"{name}: ", "dim"), value) for name, value in conf.shown_args]
    rows += [
        _row("Gas limit", f"{conf.gas_limit:,}"),
        _row(
            "Max fee",
            f"{format_gwei(conf.max_fee_per_gas)} per gas "
            f"(priority {format_gwei(conf.max_priority_fee_per_gas)})",
        ),
        _row(
            "Worst case",
            f"{format_eth(conf.worst_case_wei)} (value + {format_eth(conf.max_fee_wei)} fees)",
            "bold",
        ),
        _row("Nonce", str(conf.nonce)),
        _row("Balance", format_eth(conf.balance_wei)),
    ]
    return rows


class ConfirmModal(ModalScreen[bool]):
    """Asks the user to confirm one transaction; dismisses with True only from the keyboard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter,y",
            "confirm",
            "Confirm and sign",
            id="confirm.accept",
            tooltip="Sign and send this transaction",
        ),
        Binding(
            "escape,n",
            "cancel",
            "Cancel",
            id="confirm.cancel",
            tooltip="Do not sign; nothing is sent",
        ),
    ]

    def __init__(self, confirmation: Confirmation, *, title: str = "Confirm transaction") -> None:
        super().__init__(classes="agora-modal")
        self.confirmation = confirmation
        self.title_text = title

    def compose(self) -> ComposeResult:
        conf = self.confirmation
        with Vertical(id="confirm-dialog", classes="write-dialog"):
            yield Static(Content(self.title_text), id="confirm-title", classes="dialog-title")
            if conf.summary:
                yield Static(Content(conf.summary), id="confirm-summary")
            for note in conf.notes:  # outside the scroll: never hidden below the fold
                yield Static(Content(note), classes="confirm-note")
            with VerticalScroll(id="confirm-rows"):
                yield Static(Content("\n").join(confirmation_rows(conf)), id="confirm-details")
            if not conf.sufficient:
                yield Static(
                    Content(
                        f"Insufficient funds: this needs up to {format_eth(conf.worst_case_wei)}."
                    ),
                    id="confirm-insufficient",
                    classes="error",
                )
            yield Static(Content(conf.notice), id="confirm-notice")
            keys = "enter/y confirm · escape/n cancel"
            if not conf.sufficient:
                keys = "escape/n close"
            yield Static(Content(keys), id="confirm-keys", classes="dialog-keys")

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Give the details only the rows the other lines leave, so the key line stays visible.

        Measured after layout, because the summary and the notice wrap with the width.
        """
        if not self.is_mounted:
            return
        dialog = self.query_one("#confirm-dialog", Vertical)
        rows = self.query_one("#confirm-rows", VerticalScroll)
        others = sum(w.outer_size.height for w in dialog.children if w is not rows)
        frame = dialog.outer_size.height - dialog.content_region.height
        room = max(self.size.height - frame - others, ROWS_MIN)
        if rows.styles.max_height != Scalar.from_number(min(ROWS_MAX, room)):
            rows.styles.max_height = min(ROWS_MAX, room)

    def action_confirm(self) -> None:
        if not self.confirmation.sufficient:
            self.app.bell()
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
