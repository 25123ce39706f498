"""The exact decimal ETH text that JSON output and confirmations carry."""

from __future__ import annotations

from decimal import Decimal, localcontext

from hypothesis import given
from hypothesis import strategies as st

from tui.core.units import eth_decimal, parse_eth


def test_examples() -> None:
    assert eth_decimal(0) == "0"
    assert eth_decimal(1) == "0.000000000000000001"
    assert eth_decimal(5 * 10**15) == "0.005"
    assert eth_decimal(10**18) == "1"
    assert eth_decimal(1234 * 10**18) == "1234"  # no grouping: machines read this
    assert eth_decimal(-5 * 10**15) == "-0.005"


@given(st.integers(min_value=0, max_value=10**30))
def test_exact_and_round_trips(wei: int) -> None:
    text = eth_decimal(wei)
    with localcontext() as ctx:
        ctx.prec = 80  # Decimal's default 28 digits would round large amounts
        assert Decimal(text) * 10**18 == wei
    assert parse_eth(text) == wei
