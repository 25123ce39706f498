"""ETH amounts: one parser behind the CLI, the command line and the TUI."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.errors import UsageError
from tui.core.units import format_eth, format_eth_compact, format_gwei, parse_eth


def test_parse_plain_amounts() -> None:
    assert parse_eth("0.001") == 10**15
    assert parse_eth(" 1 ETH ") == 10**18
    assert parse_eth("0.005eth") == 5 * 10**15
    assert parse_eth("0") == 0
    assert parse_eth("0.000000000000000001") == 1


@pytest.mark.parametrize(
    "bad", ["", "-1", "1e3", "nan", "inf", "abc", "0x10", "1,5", "0.0000000000000000001", "1" * 41]
)
def test_parse_refuses(bad: str) -> None:
    with pytest.raises(UsageError):
        parse_eth(bad)


def test_positive_refuses_zero() -> None:
    with pytest.raises(UsageError, match="more than 0"):
        parse_eth("0.0", positive=True)


def test_error_text_is_sanitised() -> None:
    with pytest.raises(UsageError) as info:
        parse_eth("\x1b]0;pwned\x07")
    assert "\x1b" not in str(info.value)


def test_format() -> None:
    assert format_eth(5 * 10**15) == "0.005 ETH"
    assert format_eth(1234 * 10**18, unit=False) == "1,234"
    assert format_gwei(1_500_000_000) == "1.5 gwei"


@given(st.integers(min_value=0, max_value=10**30))
def test_format_then_parse_round_trips(wei: int) -> None:
    assert parse_eth(format_eth(wei).replace(",", "")) == wei


@pytest.mark.parametrize(
    ("wei", "shown"),
    [
        (99_999_876_543_210_987_654, "99.9998 ETH"),  # after gas: rounded down, never up
        (99_999_999_999_999_999_999, "99.9999 ETH"),
        (10**18, "1 ETH"),
        (5 * 10**15, "0.005 ETH"),
        (10**14, "0.0001 ETH"),
        (10**14 - 1, "<0.0001 ETH"),
        (1, "<0.0001 ETH"),
        (0, "0 ETH"),
        (1_234_567 * 10**18 + 891 * 10**14, "1,234,567.0891 ETH"),
        (-(10**18 + 1), "-1 ETH"),
    ],
)
def test_compact(wei: int, shown: str) -> None:
    assert format_eth_compact(wei) == shown


def test_compact_options() -> None:
    assert format_eth_compact(1_234_567_890_000_000_000, decimals=2, unit=False) == "1.23"
    assert format_eth_compact(10**15, decimals=2) == "<0.01 ETH"
    assert format_eth_compact(10**17, decimals=0) == "<1 ETH"
    with pytest.raises(ValueError):
        format_eth_compact(1, decimals=-1)


@given(st.integers(min_value=0, max_value=10**30))
def test_compact_never_shows_more_than_held(wei: int) -> None:
    shown = format_eth_compact(wei, unit=False)
    if shown.startswith("<"):
        assert 0 < wei < 10**14
    else:
        value = parse_eth(shown.replace(",", ""))
        assert value <= wei < value + 10**14
