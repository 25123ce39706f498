"""ETH amounts: parsing what people type, formatting what they read.

Amounts are integers of wei everywhere else; only these functions touch decimals, so a typo can
never become a float rounding error in a transaction's value. The CLI, the command line and the
TUI all use them, so `0.001` means the same thing behind every door.
"""

from __future__ import annotations

from tui.core.errors import UsageError
from tui.core.text import clean_line

WEI_PER_ETH = 10**18
GWEI = 10**9


def parse_eth(text: str, *, positive: bool = False) -> int:
    """Turn ``"0.005"`` (or ``"0.005 ETH"``) into wei, exactly.

    Only plain decimals are accepted: no sign, exponent, ``nan`` or more than 18 decimals.
    ``positive=True`` also refuses zero (a tip of nothing is a mistake, an edition price of 0 is not).
    """
    return parse_units(text, 18, "ETH", positive=positive, example="0.001")


def parse_units(
    text: str, decimals: int, symbol: str, *, positive: bool = False, example: str = "1.5"
) -> int:
    """Turn ``"1.5"`` (or ``"1.5 SYMBOL"``) into base units of a token with ``decimals``, exactly.

    The same rules as ETH: plain decimals only, no more decimals than the token has.
    """
    shown = clean_line(text.strip(), 40)
    cleaned = text.strip()
    if symbol and cleaned[-len(symbol) :].lower() == symbol.lower():
        cleaned = cleaned[: -len(symbol)].strip()
    bad = f"{shown!r} is not an amount of {symbol} (example: {example})."
    if not cleaned or len(cleaned) > 40 or not all(c in "0123456789." for c in cleaned):
        raise UsageError(bad)
    whole, _, frac = cleaned.partition(".")
    if "." in frac or not (whole or frac):
        raise UsageError(bad)
    if len(frac) > decimals:
        raise UsageError(f"{symbol} has at most {decimals} decimals.")
    # Integer arithmetic: Decimal's default 28-digit context would round large amounts.
    units = int(whole or "0") * 10**decimals + int(frac.ljust(decimals, "0") or "0")
    if positive and units <= 0:
        raise UsageError(f"The amount must be more than 0 {symbol}.")
    return units


def format_units(units: int, decimals: int, symbol: str = "") -> str:
    """Base units of a token as an exact decimal with grouping: ``1,234.5 DEMO``."""
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(units), 10**decimals)
    text = f"{sign}{whole:,}"
    if frac:
        text += "." + f"{frac:0{decimals}d}".rstrip("0")
    return f"{text} {symbol}" if symbol else text


def units_decimal(units: int, decimals: int) -> str:
    """Base units as a plain exact decimal for machines (JSON), no grouping."""
    return format_units(units, decimals).replace(",", "")


def format_eth(wei: int, *, unit: bool = True) -> str:
    """``5000000000000000`` → ``"0.005 ETH"``: exact, trailing zeros trimmed."""
    sign = "-" if wei < 0 else ""
    whole, frac = divmod(abs(wei), WEI_PER_ETH)
    text = f"{sign}{whole:,}"
    if frac:
        text += "." + f"{frac:018d}".rstrip("0")
    return f"{text} ETH" if unit else text


def eth_decimal(wei: int) -> str:
    """Wei as a plain exact decimal ETH string for machines (JSON): ``"0.005"``, no grouping."""
    sign = "-" if wei < 0 else ""
    whole, frac = divmod(abs(wei), WEI_PER_ETH)
    return f"{sign}{whole}." + f"{frac:018d}".rstrip("0") if frac else f"{sign}{whole}"


def format_eth_compact(wei: int, *, decimals: int = 4, unit: bool = True) -> str:
    """A balance that fits a status bar: ``99999876543210987654`` → ``"99.9998 ETH"``.

    Rounded *down* to ``decimals`` places, so it never shows more than the account holds;
    a non-zero amount below the last place reads ``"<0.0001 ETH"`` rather than a misleading 0.
    Negative amounts are truncated toward zero. Use ``format_eth`` where the exact value matters.
    """
    if decimals < 0:
        raise ValueError("decimals must be 0 or more")
    sign = "-" if wei < 0 else ""
    magnitude = abs(wei)
    step = WEI_PER_ETH // 10**decimals if decimals <= 18 else 1
    suffix = " ETH" if unit else ""
    if 0 < magnitude < step:
        smallest = "1" if decimals == 0 else "0." + "0" * (min(decimals, 18) - 1) + "1"
        return f"{sign}<{smallest}{suffix}"
    return sign + format_eth(magnitude - magnitude % step, unit=unit)


def format_gwei(wei: int) -> str:
    """Fees read best in gwei: ``1500000000`` → ``"1.5 gwei"``."""
    whole, frac = divmod(wei, GWEI)
    text = f"{whole:,}"
    if frac:
        text += "." + f"{frac:09d}".rstrip("0")
    return f"{text} gwei"
