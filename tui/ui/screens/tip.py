"""Choose how much to tip a post's author: presets, a custom amount, and the balance beside them.

Returns the amount in wei for ETH, a ``TokenTipChoice`` for a tip in an ERC-20 (typed in the
token field: a symbol Agora knows, or an address), or None. The transactions themselves still
go through ConfirmModal, one per step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tui.core.errors import UsageError
from tui.core.models import PostView
from tui.core.units import format_eth, parse_eth
from tui.ui.accounts import who

PRESETS_WEI = (10**15, 5 * 10**15, 10**16)
"""0.001, 0.005 and 0.01 ETH."""


@dataclass(frozen=True)
class TokenTipChoice:
    """A tip in a token: the amount stays text until the token's decimals are read on chain."""

    token: str
    amount: str
    symbol: str = ""
    """The symbol typed back, for a token Agora does not know."""


class TipModal(ModalScreen["int | TokenTipChoice | None"]):
    """Pick a preset (``1``/``2``/``3``) or type an amount; ``escape`` cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "preset(0)", "0.001 ETH", id="tip.preset1", tooltip="Tip 0.001 ETH"),
        Binding("2", "preset(1)", "0.005 ETH", id="tip.preset2", tooltip="Tip 0.005 ETH"),
        Binding("3", "preset(2)", "0.01 ETH", id="tip.preset3", tooltip="Tip 0.01 ETH"),
        Binding("escape", "cancel", "Cancel", id="tip.cancel", tooltip="Close without tipping"),
    ]

    def __init__(
        self, post: PostView, balance_wei: int | None, offered: tuple[str, ...] = ()
    ) -> None:
        super().__init__(classes="agora-modal")
        self.post = post
        self.balance_wei = balance_wei
        self.offered = offered
        """Token symbols to suggest (the post's community points first), already sanitised."""

    def compose(self) -> ComposeResult:
        post = self.post
        with Vertical(id="tip-dialog", classes="write-dialog"):
            yield Static(Content("Tip"), classes="dialog-title")
            yield Static(
                Content(f"Post #{post.id} by ")
                + who(post.author_name, post.author, post.name_clash)
                + Content("\n" + post.author),
                id="tip-target",
            )
            yield Static(Content(balance_line(self.balance_wei)), id="tip-balance")
            with Horizontal(id="tip-presets"):
                for index, amount in enumerate(PRESETS_WEI):
                    yield Button(
                        Content(f"{index + 1}: {format_eth(amount)}"),
                        id=f"tip-preset-{index}",
                        classes="tip-preset",
                    )
            yield Input(placeholder="Custom amount in ETH, e.g. 0.02", id="tip-custom")
            with Horizontal(id="tip-token-row"):
                yield Input(placeholder=token_placeholder(self.offered), id="tip-token")
                yield Input(placeholder="Its symbol, if unknown", id="tip-symbol")
            yield Static(Content(""), id="tip-error", classes="error")
            yield Static(
                Content("1/2/3 preset · type an amount + enter · escape cancel"),
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#tip-preset-0", Button).focus()

    def _choose(self, amount: int) -> None:
        error = self.query_one("#tip-error", Static)
        if amount <= 0:
            error.update(Content("A tip must be more than 0 ETH."))
            return
        if self.balance_wei is not None and amount > self.balance_wei:
            error.update(
                Content(f"Insufficient funds: the balance is {format_eth(self.balance_wei)}.")
            )
            return
        self.dismiss(amount)

    def _token(self) -> str:
        return self.query_one("#tip-token", Input).value.strip()

    def action_preset(self, index: int) -> None:
        if self._token():
            self.query_one("#tip-error", Static).update(
                Content("Presets are in ETH: type an amount of the token instead.")
            )
            return
        self._choose(PRESETS_WEI[index])

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, ".tip-preset")
    def _preset_pressed(self, event: Button.Pressed) -> None:
        index = int((event.button.id or "tip-preset-0").rsplit("-", 1)[1])
        self.action_preset(index)

    @on(Input.Changed, "#tip-token")
    def _token_changed(self, event: Input.Changed) -> None:
        token = event.value.strip()[:12] or "ETH"
        self.query_one("#tip-custom", Input).placeholder = f"Amount in {token}, e.g. 0.02"

    @on(Input.Submitted, "#tip-custom, #tip-token, #tip-symbol")
    def _custom(self, event: Input.Submitted) -> None:
        value = self.query_one("#tip-custom", Input).value
        token = self._token()
        if token:
            if not value.strip():
                self.query_one("#tip-error", Static).update(Content("Type an amount of the token."))
                return
            symbol = self.query_one("#tip-symbol", Input).value.strip()
            self.dismiss(TokenTipChoice(token, value.strip(), symbol))
            return
        try:
            amount = parse_eth(value)
        except UsageError as exc:
            self.query_one("#tip-error", Static).update(Content(str(exc)))
            return
        self._choose(amount)


def balance_line(balance_wei: int | None) -> str:
    """The balance, or "unknown" when it could not be read (never a false 0 ETH)."""
    if balance_wei is None:
        return "Balance: unknown (the node cannot be reached)"
    return f"Balance: {format_eth(balance_wei)}"


def token_placeholder(offered: tuple[str, ...]) -> str:
    """The token field's hint: the symbols on offer (community points first), or the demo's."""
    names = ", ".join(offered[:3]) if offered else "DEMO"
    return f"Token: blank = ETH; {names} or 0x…"
