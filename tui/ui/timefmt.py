"""Relative times ("5m", "3h", "2d") computed from an injectable clock, so snapshots are stable."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], float]
"""Returns "now" as a Unix timestamp; tests inject a fixed one."""


def system_clock() -> float:
    return time.time()


def relative_time(timestamp: int, now: float) -> str:
    """A short age: ``now``, ``45s``, ``12m``, ``5h``, ``3d``, then the date."""
    age = int(now - timestamp)
    if age < 5:
        return "now"
    if age < 60:
        return f"{age}s"
    if age < 3600:
        return f"{age // 60}m"
    if age < 86_400:
        return f"{age // 3600}h"
    if age < 30 * 86_400:
        return f"{age // 86_400}d"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def short_address(address: str) -> str:
    """``0xf39F…2266``: enough to tell accounts apart at a glance (the full one is a key away)."""
    if len(address) < 12:
        return address
    return f"{address[:6]}…{address[-4:]}"
