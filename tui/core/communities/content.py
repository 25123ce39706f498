"""How the index stores community documents once verified: sanitised title, text and extra.

Registered with the hydrator (``tui.core.index.hydrate.CONTENT_PARSERS``); every string passes
the same sanitiser as posts before it reaches the database, so views never see raw text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.core.communities import documents as docs
from tui.core.text import clean_line, clean_text

Stored = tuple[str, str, dict[str, Any]]


def _community(data: bytes) -> Stored:
    meta = docs.parse_meta(data)
    return (
        clean_line(meta.name, docs.MAX_NAME),
        clean_line(meta.goal, docs.MAX_GOAL),
        {"description": clean_text(meta.description, docs.MAX_DESCRIPTION)},
    )


def _rules(data: bytes) -> Stored:
    rules = docs.parse_rules(data)
    return (
        "",
        "",
        {"rules": [[r.number, clean_text(r.text, docs.MAX_RULE_TEXT)] for r in rules.rules]},
    )


def _moderation(data: bytes) -> Stored:
    reason = docs.parse_reason(data)
    return "", clean_text(reason.note, docs.MAX_NOTE), {"rules": list(reason.rules)}


def _note(data: bytes) -> Stored:
    return "", clean_text(docs.parse_note(data), docs.MAX_TEXT), {}


PARSERS: dict[str, Callable[[bytes], Stored]] = {
    "community": _community,
    "rules": _rules,
    "moderation": _moderation,
    "note": _note,
}
