"""Notifications counted by type, for the line at the top of the Alerts tab and the CLI."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from tui.core.models import NotificationView

ALERT_KINDS = ("reply", "tip", "follow", "repost", "collect")
"""Every kind of notification, in the order the counts are shown."""

_PLURALS = {"reply": "replies"}


def count_by_kind(items: Iterable[NotificationView]) -> dict[str, int]:
    """How many notifications of each kind (every kind present, zeros included)."""
    counts = Counter(n.kind for n in items)
    return {kind: counts.get(kind, 0) for kind in ALERT_KINDS}


def counts_line(counts: dict[str, int]) -> str:
    """``2 replies · 1 tip · 0 follows · 1 repost · 0 collects``."""
    parts = []
    for kind in ALERT_KINDS:
        n = counts.get(kind, 0)
        parts.append(f"{n} {kind if n == 1 else _PLURALS.get(kind, kind + 's')}")
    return " · ".join(parts)
