"""What a timeline hides: replies, reposts, or neither, written into its kind string.

A timeline kind (``home``, ``global``, ``tag:rust``, an address) may carry modifiers after a
slash: ``global/noreplies``, ``home/noreplies/noreposts``. The kind string is what every layer
already passes from the screen to the index (the TUI's paged lists, the backends, the CLI), so
the index's views apply the hiding once for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.errors import UsageError

NO_REPLIES = "noreplies"
NO_REPOSTS = "noreposts"

MODES = ("all", "no-replies", "no-replies-reposts")
"""The cycle of the TUI's hide key, in order."""

MODE_LABELS = {"all": "", "no-replies": "no replies", "no-replies-reposts": "no replies or reposts"}


@dataclass(frozen=True)
class TimelineView:
    """A timeline kind with what it hides."""

    base: str
    no_replies: bool = False
    no_reposts: bool = False
    """Home only: posts that are there because someone reposted them. Elsewhere a repost
    never adds a row (a post appears once, by its author), so there is nothing to hide."""

    @property
    def kind(self) -> str:
        """The kind string the backends and the index read."""
        parts = [self.base]
        if self.no_replies:
            parts.append(NO_REPLIES)
        if self.no_reposts:
            parts.append(NO_REPOSTS)
        return "/".join(parts)


def parse_kind(kind: str) -> TimelineView:
    """Split ``global/noreplies`` into the base kind and its modifiers; UsageError on others."""
    base, *mods = kind.split("/")
    unknown = [m for m in mods if m not in (NO_REPLIES, NO_REPOSTS)]
    if unknown:
        raise UsageError(f"Unknown timeline modifier {unknown[0][:30]!r} in {kind[:80]!r}.")
    return TimelineView(base, NO_REPLIES in mods, NO_REPOSTS in mods)


def with_mode(kind: str, mode: str) -> str:
    """``kind`` hiding what ``mode`` (one of ``MODES``) says."""
    base = parse_kind(kind).base
    return TimelineView(
        base, mode in ("no-replies", "no-replies-reposts"), mode == "no-replies-reposts"
    ).kind


def next_mode(mode: str) -> str:
    """The mode after ``mode`` in the hide key's cycle (an unknown one starts it over)."""
    index = MODES.index(mode) if mode in MODES else -1
    return MODES[(index + 1) % len(MODES)]
