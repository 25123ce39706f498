"""Community documents: meta (name, goal), numbered rules, moderation reasons and notes.

Shapes (version 1, canonical JSON like every Agora document; PROTOCOL.md "Community
documents"). A moderation reason cites rule numbers and never quotes the content it acts on.
Parsers take bytes from strangers: they check types and caps and raise ContentError only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tui.core.content.documents import (
    VERSION,
    _check_len,
    _check_type,
    _encode,
    _load,
    _str,
)
from tui.core.errors import ContentError

MAX_NAME = 64
MAX_GOAL = 280
MAX_DESCRIPTION = 2000
MAX_RULES = 32
MAX_RULE_NUMBER = 99
MAX_RULE_TEXT = 500
MAX_CITED = 8
MAX_NOTE = 500
MAX_TEXT = 1000

META_TYPE = "agora.community"
RULES_TYPE = "agora.rules"
REASON_TYPE = "agora.moderation"
NOTE_TYPE = "agora.note"

KINDS = ("community", "rules", "moderation", "note")
"""Content kinds these documents are stored under in the index's content table."""


@dataclass(frozen=True)
class CommunityMeta:
    name: str
    goal: str
    description: str = ""


@dataclass(frozen=True)
class Rule:
    number: int
    text: str


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]

    def numbers(self) -> frozenset[int]:
        return frozenset(rule.number for rule in self.rules)

    def get(self, number: int) -> Rule | None:
        return next((rule for rule in self.rules if rule.number == number), None)


@dataclass(frozen=True)
class Reason:
    rules: tuple[int, ...]
    note: str = ""


# --- encoding ----------------------------------------------------------------------------------


def meta_document(name: str, goal: str, description: str = "") -> bytes:
    name = name.strip()
    if not name:
        raise ContentError("A community needs a name.")
    if not goal.strip():
        raise ContentError("A community needs a goal: say what it is for.")
    doc: dict[str, Any] = {
        "type": META_TYPE,
        "version": VERSION,
        "name": _check_len("name", name, MAX_NAME),
        "goal": _check_len("goal", goal.strip(), MAX_GOAL),
    }
    if description.strip():
        doc["description"] = _check_len("description", description.strip(), MAX_DESCRIPTION)
    return _encode(doc)


def _check_rules(rules: list[tuple[int, str]]) -> list[dict[str, Any]]:
    if not rules:
        raise ContentError("A community needs at least one rule.")
    if len(rules) > MAX_RULES:
        raise ContentError(f"At most {MAX_RULES} rules.")
    out = []
    last = 0
    for number, text in rules:
        if isinstance(number, bool) or not isinstance(number, int):
            raise ContentError("Rule numbers must be whole numbers.")
        if not 1 <= number <= MAX_RULE_NUMBER:
            raise ContentError(f"Rule numbers run from 1 to {MAX_RULE_NUMBER}; got {number}.")
        if number <= last:
            raise ContentError(f"Rule {number} is out of order or repeated.")
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"Rule {number} has no text.")
        last = number
        out.append({"n": number, "text": _check_len(f"rule {number}", text.strip(), MAX_RULE_TEXT)})
    return out


def rules_document(rules: list[tuple[int, str]]) -> bytes:
    """Encode numbered rules; numbers are unique, ascending, 1 to 99."""
    return _encode({"type": RULES_TYPE, "version": VERSION, "rules": _check_rules(rules)})


_RULE_LINE = re.compile(r"^\s*(\d{1,3})\s*[.):]\s*(.+?)\s*$")


def parse_rules_text(text: str) -> list[tuple[int, str]]:
    """Rules from a file a user wrote: one rule per line, ``1. Be kind`` (``1)``, ``1:``).

    Lines without a number are a continuation of the rule above; blank lines and ``#``
    comments are skipped. Raises ContentError naming the first line it cannot read.
    """
    rules: list[tuple[int, str]] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _RULE_LINE.match(line)
        if match:
            rules.append((int(match[1]), match[2]))
        elif rules:
            number, previous = rules[-1]
            rules[-1] = (number, f"{previous} {line}")
        else:
            raise ContentError(f"Line {lineno} of the rules is not numbered, like '1. Be kind'.")
    _check_rules(rules)
    return rules


def reason_document(
    rules: list[int] | tuple[int, ...], note: str = "", *, need_rule: bool = True
) -> bytes:
    """Encode a moderation reason: the cited rule numbers and an optional note (no quotes)."""
    cited = sorted(set(rules))
    if need_rule and not cited:
        raise ContentError("A moderation reason must cite at least one rule number.")
    if len(cited) > MAX_CITED:
        raise ContentError(f"Cite at most {MAX_CITED} rules.")
    if any(isinstance(n, bool) or not 1 <= n <= MAX_RULE_NUMBER for n in cited):
        raise ContentError(f"Rule numbers run from 1 to {MAX_RULE_NUMBER}.")
    doc: dict[str, Any] = {"type": REASON_TYPE, "version": VERSION, "rules": cited}
    if note.strip():
        doc["note"] = _check_len("note", note.strip(), MAX_NOTE)
    return _encode(doc)


def note_document(text: str) -> bytes:
    """Encode an appeal or a proposal's explanation."""
    if not text.strip():
        raise ContentError("Write a few words.")
    return _encode(
        {"type": NOTE_TYPE, "version": VERSION, "text": _check_len("text", text.strip(), MAX_TEXT)}
    )


# --- parsing -----------------------------------------------------------------------------------


def parse_meta(data: bytes) -> CommunityMeta:
    obj = _load(data)
    _check_type(obj, META_TYPE)
    return CommunityMeta(
        name=_str(obj, "name", MAX_NAME, required=True),
        goal=_str(obj, "goal", MAX_GOAL, required=True),
        description=_str(obj, "description", MAX_DESCRIPTION),
    )


def parse_rules(data: bytes) -> Rules:
    obj = _load(data)
    _check_type(obj, RULES_TYPE)
    raw = obj.get("rules")
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_RULES:
        raise ContentError(f"The rules must be a list of 1 to {MAX_RULES}.")
    pairs = []
    for item in raw:
        if not isinstance(item, dict):
            raise ContentError("Each rule must be an object with 'n' and 'text'.")
        pairs.append((item.get("n"), item.get("text")))
    checked = _check_rules(pairs)  # type: ignore[arg-type]
    return Rules(tuple(Rule(r["n"], r["text"]) for r in checked))


def parse_reason(data: bytes) -> Reason:
    obj = _load(data)
    _check_type(obj, REASON_TYPE)
    raw = obj.get("rules")
    if not isinstance(raw, list) or len(raw) > MAX_CITED:
        raise ContentError(f"A reason cites a list of at most {MAX_CITED} rule numbers.")
    if not all(
        isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= MAX_RULE_NUMBER for n in raw
    ):
        raise ContentError("A reason's rule numbers must be whole numbers from 1 to 99.")
    return Reason(rules=tuple(sorted(set(raw))), note=_str(obj, "note", MAX_NOTE))


def parse_note(data: bytes) -> str:
    obj = _load(data)
    _check_type(obj, NOTE_TYPE)
    return _str(obj, "text", MAX_TEXT, required=True)
