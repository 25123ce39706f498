"""Modals of the Rounds screens: an allocation (amount and reason) and the open-a-round wizard.

Both only collect and check what was typed; the transaction still goes through ConfirmModal.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.errors import AgoraError, UsageError
from tui.core.filters.rules import parse_duration
from tui.core.rounds.documents import scope_from_fields
from tui.core.rounds.pot_unit import ETH, PotUnit
from tui.core.text import clean_line
from tui.core.units import parse_eth, parse_units
from tui.ui.backends.rounds import OpenRequest


class AllocateModal(ModalScreen[tuple[int, str] | None]):
    """How much of the budget to give a target, and why; ``0`` withdraws."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="rounds.allocate_cancel", tooltip="Allocate nothing"),
    ]  # fmt: skip

    def __init__(self, target: str, budget_left: int, current: int, unit: PotUnit = ETH) -> None:
        super().__init__(classes="agora-modal")
        self.target = target
        self.budget_left = budget_left
        self.current = current
        self.unit = unit
        """The round's pot unit: amounts are shown and typed in it (ETH, or the token's)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="allocate-dialog", classes="write-dialog"):
            yield Static(Content(f"Allocate to {self.target}"), classes="dialog-title")
            yield Static(
                Content(
                    f"Budget left: {self.unit.label(self.budget_left)} · now given: "
                    f"{self.unit.label(self.current)}"
                ),
                id="allocate-budget",
            )
            yield Input(
                placeholder=f"Amount in {self.unit.shown_symbol} (0 withdraws)",
                id="allocate-amount",
            )
            yield Input(placeholder="Reason (public)", id="allocate-reason")
            yield Static(Content(""), id="allocate-error", classes="error")
            yield Static(Content("enter next/confirm · escape cancel"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#allocate-amount", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "allocate-amount":
            self.query_one("#allocate-reason", Input).focus()
            return
        error = self.query_one("#allocate-error", Static)
        try:
            amount = self.unit.parse(self.query_one("#allocate-amount", Input).value)
        except UsageError as exc:
            error.update(Content(clean_line(str(exc), 200)))
            self.query_one("#allocate-amount", Input).focus()
            return
        if amount - self.current > self.budget_left:
            error.update(
                Content(f"Over budget: {self.unit.label(self.budget_left + self.current)} at most.")
            )
            return
        self.dismiss((amount, self.query_one("#allocate-reason", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


MAX_DECIMALS = 36
"""Only the form of a token pot is checked here; its decimals are read with the token."""

_FIELDS = (
    ("name", "Name of the round (what it rewards)", ""),
    ("description", "Description", ""),
    ("work_scope", "Work scope, comma separated (e.g. docs, tutorials)", ""),
    ("pot", "Pot, in ETH or in the token's units (e.g. 1.5)", ""),
    ("token", "Pot token: empty for ETH, or a known symbol (DEMO) or a token address", ""),
    ("symbol", "Only for a token Agora does not know: its symbol, typed again", ""),
    ("evaluators", "Evaluator addresses, comma separated (at most 32)", ""),
    ("quorum", "Quorum: evaluators that must back a target", "2"),
    ("allocate_for", "Allocation lasts (e.g. 3d)", "3d"),
    ("claim_for", "Claims last after that (at least 7d)", "7d"),
)


class OpenRoundModal(ModalScreen[OpenRequest | None]):
    """The open-a-round wizard: scope (hypercert fields), pot in ETH or an ERC-20, evaluators,
    quorum, deadlines. A token pot is approved for exactly its amount, then the round opens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="rounds.open_cancel", tooltip="Open no round"),
        Binding("ctrl+s", "submit", "Review", id="rounds.open_submit", tooltip="Check and review the round"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="open-round-dialog", classes="write-dialog"):
            yield Static(Content("Open a funding round"), classes="dialog-title")
            yield Static(
                Content("Evaluators share the pot among posts and articles that already exist."),
                classes="dim",
            )
            for key, label, value in _FIELDS:
                yield Static(Content(label), classes="dim")
                yield Input(
                    placeholder=f"{value} (default)" if value else "",
                    id=f"open-{key.replace('_', '-')}",
                )
            yield Static(Content(""), id="open-error", classes="error")
            yield Static(Content("enter next field · ctrl+s review · escape cancel"),
                         classes="dialog-keys")  # fmt: skip

    def __init__(self) -> None:
        super().__init__(classes="agora-modal")

    def on_mount(self) -> None:
        self.query_one("#open-name", Input).focus()

    def _value(self, key: str) -> str:
        """What was typed, or the field's default when left empty."""
        typed = self.query_one(f"#open-{key.replace('_', '-')}", Input).value.strip()
        return typed or next(v for k, _label, v in _FIELDS if k == key)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        ids = [f"open-{k.replace('_', '-')}" for k, _l, _v in _FIELDS]
        position = ids.index(event.input.id or ids[0])
        if position + 1 < len(ids):
            self.query_one(f"#{ids[position + 1]}", Input).focus()
        else:
            self.action_submit()

    def request(self) -> OpenRequest:
        """The typed round, checked (raises AgoraError with what to fix)."""
        scope = scope_from_fields(
            {
                "name": self._value("name"),
                "description": self._value("description"),
                "work_scope": [
                    s.strip() for s in self._value("work_scope").split(",") if s.strip()
                ],
            }
        )
        evaluators = tuple(e.strip() for e in self._value("evaluators").split(",") if e.strip())
        try:
            quorum = int(self._value("quorum"))
        except ValueError:
            raise UsageError("The quorum is a whole number of evaluators.") from None
        token = clean_line(self._value("token"), 60)
        pot = self._value("pot")
        if token:  # read in the token's decimals once the token is read on chain
            parse_units(pot, MAX_DECIMALS, token, positive=True)
        return OpenRequest(
            pot_wei=0 if token else parse_eth(pot),
            scope=scope,
            evaluators=evaluators,
            quorum=quorum,
            allocate_for=parse_duration(self._value("allocate_for")),
            claim_for=parse_duration(self._value("claim_for")),
            token=token,
            pot_text=pot if token else "",
            typed_symbol=clean_line(self._value("symbol"), 20) if token else "",
        )

    def action_submit(self) -> None:
        try:
            request = self.request()
        except AgoraError as exc:
            self.query_one("#open-error", Static).update(Content(clean_line(str(exc), 300)))
            return
        self.dismiss(request)

    def action_cancel(self) -> None:
        self.dismiss(None)
