"""A keyword filter rule as the settings file stores it (no matching here: see ``rules``).

Kept free of the regex engine so reading the settings file stays cheap at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tui.core.errors import UsageError

MAX_PATTERN = 200
"""Longest filter text or regex accepted."""


class FilterKind(StrEnum):
    """What a rule's text means."""

    WORD = "word"
    """A whole word or phrase, case-insensitive."""
    TAG = "tag"
    """A tag (``#name`` in the text, or in the post's tags), case-insensitive."""
    REGEX = "regex"
    """A regular expression (case-insensitive), bounded by a timeout."""


class FilterAction(StrEnum):
    """What happens to a matching item."""

    COLLAPSE = "collapse"
    """Shown as one line ("filtered: word 'x' — v to view")."""
    HIDE = "hide"
    """Left out of timelines, threads, search and notifications."""


@dataclass
class FilterRule:
    """One keyword filter, as stored under ``[[filters.rules]]``."""

    id: int
    """Stable number used by ``agora filter remove ID``."""
    text: str
    """The word, tag (without ``#``) or regex."""
    kind: str = FilterKind.WORD.value
    """``word``, ``tag`` or ``regex``."""
    action: str = FilterAction.COLLAPSE.value
    """``collapse`` (one line, ``v`` to view) or ``hide``."""
    expires: int = 0
    """Unix time after which the rule no longer applies; 0 = never."""

    def validate(self) -> None:
        """Raise UsageError when the rule cannot work (bad kind, empty text, invalid regex)."""
        if self.kind not in {k.value for k in FilterKind}:
            raise UsageError(f"Filter #{self.id}: kind must be word, tag or regex.")
        if self.action not in {a.value for a in FilterAction}:
            raise UsageError(f"Filter #{self.id}: action must be collapse or hide.")
        if not self.text.strip() or len(self.text) > MAX_PATTERN:
            raise UsageError(f"Filter text must be 1 to {MAX_PATTERN} characters.")
        if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in self.text):
            raise UsageError("Filter text cannot contain control characters.")
        if self.kind == FilterKind.REGEX:
            import regex  # the engine loads only when a regex rule is checked

            try:
                regex.compile(self.text, regex.IGNORECASE)
            except (regex.error, ValueError, OverflowError) as exc:
                raise UsageError(f"Not a valid regular expression: {exc}") from None

    def active(self, now: float) -> bool:
        return not self.expires or now < self.expires

    def describe(self) -> str:
        """How the filter names itself in a collapsed line: ``word 'x'``."""
        shown = self.text if len(self.text) <= 40 else self.text[:39] + "…"
        return f"{self.kind} '{shown}'"


@dataclass(frozen=True)
class Verdict:
    """Why an item is filtered: ``by`` names the rule kind, ``reason`` is shown to the user."""

    by: str
    reason: str
    hide: bool = False

    def to_json(self) -> dict[str, str]:
        return {"by": self.by, "reason": self.reason}
