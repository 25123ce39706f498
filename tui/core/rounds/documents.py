"""Round documents: the scope (hypercert fields, so funded work can be minted later) and reasons.

- **scope** (``RoundOpened.scopeCid``): ``{"type": "agora.round-scope", "version": 1,
  "name": str, "description": str, "hypercert": {field: {"name", "value", "excludes"?,
  "display_value"}}}`` with the six hypercert fields below; timeframes are ``[start, end]``
  unix seconds, 0 meaning indefinite.
- **reason** (``Allocated.reasonCid``): ``{"type": "agora.round-reason", "version": 1,
  "text": str}``.

A user writes a scope file as TOML or JSON with the plain fields (``name``, ``description``,
``work_scope`` [list], ``work_timeframe`` [start, end], ``impact_scope``, ``impact_timeframe``,
``contributors``, ``rights``); ``scope_document`` fills in the hypercert shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.core.content import documents as docs
from tui.core.errors import ContentError

SCOPE_TYPE = "agora.round-scope"
REASON_TYPE = "agora.round-reason"
MAX_REASON = 1000
MAX_ITEMS = 20
MAX_ITEM = 120

LIST_FIELDS = {
    "work_scope": "Work scope",
    "impact_scope": "Impact scope",
    "contributors": "Contributors",
    "rights": "Rights",
}
TIME_FIELDS = {"work_timeframe": "Work timeframe", "impact_timeframe": "Impact timeframe"}
HYPERCERT_FIELDS = (
    "work_scope",
    "work_timeframe",
    "impact_scope",
    "impact_timeframe",
    "contributors",
    "rights",
)


@dataclass(frozen=True)
class Scope:
    """A parsed scope: what the round funds, when, and with which rights."""

    name: str
    description: str = ""
    work_scope: tuple[str, ...] = ()
    work_timeframe: tuple[int, int] = (0, 0)
    impact_scope: tuple[str, ...] = ("all",)
    impact_timeframe: tuple[int, int] = (0, 0)
    contributors: tuple[str, ...] = ()
    rights: tuple[str, ...] = ("Public Display",)


def _when(value: int) -> str:
    if value == 0:
        return "indefinite"
    from datetime import UTC, datetime

    return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d")


def _list(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or len(value) > MAX_ITEMS:
        raise ContentError(f"The scope's {key!r} must be a list of at most {MAX_ITEMS} entries.")
    if not all(isinstance(v, str) and 0 < len(v) <= MAX_ITEM for v in value):
        raise ContentError(f"The scope's {key!r} has an empty or over-long entry.")
    return tuple(value)


def _timeframe(value: Any, key: str) -> tuple[int, int]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2**63 for v in value)
    ):
        raise ContentError(f"The scope's {key!r} must be [start, end] in unix seconds (0: open).")
    start, end = int(value[0]), int(value[1])
    if end and start > end:
        raise ContentError(f"The scope's {key!r} ends before it starts.")
    return start, end


def scope_from_fields(data: dict[str, Any]) -> Scope:
    """A Scope from the plain fields a user writes (a TOML or JSON file)."""
    if not isinstance(data, dict):
        raise ContentError("A scope file is a table of fields (name, work_scope, ...).")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ContentError("The scope needs a name.")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ContentError("The scope's description must be text.")
    lists = {k: _list(data[k], k) for k in LIST_FIELDS if k in data}
    times = {k: _timeframe(data[k], k) for k in TIME_FIELDS if k in data}
    unknown = set(data) - {"name", "description", *LIST_FIELDS, *TIME_FIELDS}
    if unknown:
        raise ContentError(f"Unknown scope field(s): {', '.join(sorted(unknown))[:120]}.")
    docs._check_len("scope name", name, docs.MAX_TITLE)
    docs._check_len("scope description", description, docs.MAX_SUMMARY)
    return Scope(name=name.strip(), description=description, **lists, **times)  # type: ignore[arg-type]


def scope_document(scope: Scope) -> bytes:
    """Canonical bytes of the scope document (its CID goes on chain)."""
    fields: dict[str, Any] = {}
    for key, title in LIST_FIELDS.items():
        values = list(getattr(scope, key))
        fields[key] = {"name": title, "value": values, "display_value": ", ".join(values)}
    for key, title in TIME_FIELDS.items():
        start, end = getattr(scope, key)
        fields[key] = {
            "name": title,
            "value": [start, end],
            "display_value": f"{_when(start)} → {_when(end)}",
        }
    return docs._encode(
        {
            "type": SCOPE_TYPE,
            "version": docs.VERSION,
            "name": scope.name,
            "description": scope.description,
            "hypercert": fields,
        }
    )


def parse_scope(data: bytes) -> Scope:
    """Parse a scope document fetched by CID (untrusted: types and sizes checked)."""
    obj = docs._load(data)
    docs._check_type(obj, SCOPE_TYPE)
    name = docs._str(obj, "name", docs.MAX_TITLE, required=True)
    description = docs._str(obj, "description", docs.MAX_SUMMARY)
    cert = obj.get("hypercert")
    if not isinstance(cert, dict):
        raise ContentError("The scope has no hypercert fields.")
    values: dict[str, Any] = {}
    for key in HYPERCERT_FIELDS:
        entry = cert.get(key)
        if not isinstance(entry, dict) or "value" not in entry:
            raise ContentError(f"The scope's hypercert field {key!r} is missing.")
        values[key] = (
            _timeframe(entry["value"], key) if key in TIME_FIELDS else _list(entry["value"], key)
        )
    return Scope(name=name, description=description, **values)


def reason_document(text: str) -> bytes:
    if not text.strip():
        raise ContentError("A reason needs some text.")
    docs._check_len("reason", text, MAX_REASON)
    return docs._encode({"type": REASON_TYPE, "version": docs.VERSION, "text": text})


def parse_reason(data: bytes) -> str:
    obj = docs._load(data)
    docs._check_type(obj, REASON_TYPE)
    return docs._str(obj, "text", MAX_REASON, required=True)
