"""A round's amounts in its pot's unit: ETH, a known token by address, an unknown token read on
chain (its symbol marked as its own claim), or base units when the token cannot be read."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui.core.config.settings import Network
from tui.core.errors import UsageError
from tui.core.rounds.model import ETH_TOKEN, Phase, Round
from tui.core.rounds.pot_unit import PotUnit, pot_unit, with_units
from tui.core.rounds.present import money, show_lines
from tui.core.rounds.results import fold
from tui.core.rounds.views import RoundView

USDC = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
STRANGER = "0x" + "ab" * 20


def _view(token: str, pot: int) -> RoundView:
    r = Round(1, "0x" + "11" * 20, token, pot, 1, 10, 20, 3, 0, "", ("0x" + "22" * 20,))
    return RoundView(r, fold(r, []), Phase.ALLOCATING, "Docs")


def test_a_known_token_is_labelled_by_address_without_the_node() -> None:
    mainnet = Network(name="mainnet", rpc_url="http://127.0.0.1:1", chain_id=1)
    (view,) = with_units([_view(USDC, 1_234_500_000)], mainnet)
    assert money(view, view.round.pot) == "1,234.5 USDC"
    assert "  pot          1,234.5 USDC from" in "\n".join(show_lines(view, 0))
    assert "units" not in "\n".join(show_lines(view, 0))


def test_an_unknown_token_is_marked_and_an_unread_one_shows_base_units() -> None:
    view = replace(_view(STRANGER, 5 * 10**18), unit=PotUnit("XYZ", 18, known=False))
    assert money(view, 5 * 10**18) == "5 XYZ?"
    assert any("the symbol is its own claim" in line for line in show_lines(view, 0))
    unread = _view(STRANGER, 5 * 10**18)
    assert money(unread, 7) == "7 base units of 0xabab…abab"
    assert money(_view(ETH_TOKEN, 10**17), 10**17) == "0.1 ETH"


def test_typed_amounts_are_read_in_the_tokens_decimals() -> None:
    usdc = PotUnit("USDC", 6)
    assert usdc.parse("12.5") == 12_500_000
    with pytest.raises(UsageError, match="at most 6 decimals"):
        usdc.parse("0.0000001")
    assert pot_unit(STRANGER) is None  # no network, no node: not made up
