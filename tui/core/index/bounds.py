"""What users hand the index's views, made safe: page sizes bounded, addresses checked."""

from __future__ import annotations

from tui.core.chain.address import to_checksum
from tui.core.errors import UsageError

MAX_LIMIT = 1000
"""The most rows one page of a view returns, whatever was asked."""


def page_limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def checksum(address: str) -> str:
    """Checksum a user-supplied address, or raise UsageError."""
    try:
        return to_checksum(address.strip())
    except Exception:
        raise UsageError(f"{address[:60]!r} is not a 0x address.") from None
