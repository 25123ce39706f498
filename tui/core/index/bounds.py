"""What users hand the index's views, made safe (page sizes and ids bounded, addresses
checked), and stored values read back safely (a content status, a JSON object)."""

from __future__ import annotations

import json
from typing import Any

from tui.core.chain.address import to_checksum
from tui.core.errors import UsageError
from tui.core.models import ContentStatus

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


MAX_ID = 2**63 - 1
"""Ids are uint256 on chain; the index stores them as SQLite integers, which stop here."""


def bounded(value: int | None) -> int | None:
    """A page bound clamped into SQLite's range (every stored id is below it anyway)."""
    return None if value is None else max(min(value, MAX_ID), -1)


def row_status(value: str) -> ContentStatus:
    """A stored content status; an unknown one reads as pending."""
    try:
        return ContentStatus(value)
    except ValueError:
        return ContentStatus.PENDING


def row_extra(raw: str) -> dict[str, Any]:
    """A stored JSON object; anything else reads as empty."""
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
