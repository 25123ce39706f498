"""ETH amounts for the writing screens: parse what a user types, format what they see.

Amounts are integers of wei everywhere; only these two functions touch decimals, so a typo can
never become a float rounding error in a transaction's value.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from tui.core.errors import UsageError

WEI_PER_ETH = 10**18


def parse_eth(text: str) -> int:
    """Turn ``"0.005"`` into wei; raises UsageError for anything that is not a plain amount."""
    cleaned = text.strip().removesuffix("ETH").removesuffix("eth").strip()
    if not cleaned or len(cleaned) > 40 or not all(c.isdigit() or c == "." for c in cleaned):
        raise UsageError(f"{text.strip()[:40]!r} is not an amount of ETH (example: 0.005).")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise UsageError(f"{cleaned[:40]!r} is not an amount of ETH (example: 0.005).") from None
    wei = value * WEI_PER_ETH
    if wei != wei.to_integral_value():
        raise UsageError("ETH has at most 18 decimals.")
    return int(wei)


def format_eth(wei: int, *, unit: bool = True) -> str:
    """``5000000000000000`` → ``"0.005 ETH"``: exact, trailing zeros trimmed."""
    sign = "-" if wei < 0 else ""
    whole, frac = divmod(abs(wei), WEI_PER_ETH)
    text = f"{sign}{whole:,}"
    if frac:
        text += "." + f"{frac:018d}".rstrip("0")
    return f"{text} ETH" if unit else text


def format_gwei(wei: int) -> str:
    """Fees read best in gwei: ``1500000000`` → ``"1.5 gwei"``."""
    whole, frac = divmod(wei, 10**9)
    text = f"{whole:,}"
    if frac:
        text += "." + f"{frac:09d}".rstrip("0")
    return f"{text} gwei"
