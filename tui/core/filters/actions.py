"""The reading operations every door shares: the CLI, ``:`` commands and TUI keys.

Each takes the open index (for names, posts and the network) and the context (for the settings
file the keyword rules live in), changes local state only, and returns what a front end reports.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.core.errors import NotFoundError, UsageError
from tui.core.filters.model import FilterAction, FilterKind, FilterRule
from tui.core.filters.rules import parse_duration
from tui.core.filters.store import BLOCK, MUTE, Bookmark, ReadingStore
from tui.core.text import is_digits

if TYPE_CHECKING:
    from tui.core.context import AgoraContext
    from tui.core.index.service import AgoraIndex

LEVELS = {"mute": MUTE, "block": BLOCK, "unmute": None, "unblock": None}
"""Command name -> level it sets (None clears a mute or a block)."""


def _store(index: AgoraIndex) -> ReadingStore:
    if index.reading is None or index.reading.store is None:
        raise UsageError("Reading filters are not available for this index.")
    return index.reading.store


def network_key(index: AgoraIndex) -> str:
    """Bookmarks are per network: ``name-chainid``."""
    return f"{index.network.name}-{index.network.chain_id}"


def resolve_person(index: AgoraIndex, ref: str) -> str:
    """A checksummed address from ``0x…`` or a profile name (exactly one must match)."""
    from tui.core.index.views import checksum

    ref = ref.strip()
    if ref.lower().startswith("0x"):
        return checksum(ref)
    if not ref or len(ref) > 100:
        raise UsageError("Give a 0x address or a profile name.")
    rows = index.conn.execute(
        """SELECT pr.account FROM profiles pr JOIN content c ON c.cid = pr.cid
           WHERE c.status = 'verified' AND lower(c.title) = lower(?) LIMIT 6""",
        (ref.lstrip("@"),),
    ).fetchall()
    if not rows:
        raise NotFoundError(f"No profile named {ref[:60]!r} in the index.", hint="Use the address.")
    if len(rows) > 1:
        raise UsageError(
            f"{len(rows)} profiles are named {ref[:60]!r}.",
            hint="Use one of the addresses: " + ", ".join(r[0] for r in rows[:5]),
        )
    return str(rows[0][0])


@dataclass(frozen=True)
class PersonChange:
    """The result of mute/unmute/block/unblock."""

    address: str
    level: str | None
    changed: bool

    def to_json(self) -> dict[str, Any]:
        return {"address": self.address, "level": self.level, "changed": self.changed}

    def describe(self) -> str:
        state = {MUTE: "muted", BLOCK: "blocked", None: "neither muted nor blocked"}[self.level]
        return f"{self.address} is {state}" + ("." if self.changed else " (no change).")


def set_person(index: AgoraIndex, ref: str, command: str) -> PersonChange:
    """Mute, unmute, block or unblock ``ref`` (address or profile name).

    ``unmute`` leaves a block alone and ``unblock`` a mute, so neither undoes more than it says.
    """
    if command not in LEVELS:
        raise UsageError(f"Unknown action {command!r}.")
    address = resolve_person(index, ref)
    store = _store(index)
    current = store.level(address)
    level = LEVELS[command]
    if level is None and current != (MUTE if command == "unmute" else BLOCK):
        return PersonChange(address, current, False)
    if index.me and address == index.me and level is not None:
        raise UsageError("You cannot mute or block yourself.")
    changed = store.set_level(address, level)
    assert index.reading is not None
    index.reading.reload()
    return PersonChange(address, level, changed)


def _refresh_rules(ctx: AgoraContext) -> None:
    """Start from the rules in the file: another process may have added some since we read it."""
    from tui.core.config.settings import load_settings

    if ctx.config_path.exists():
        ctx.settings.filters = load_settings(ctx.config_path).filters


def _save_rules(ctx: AgoraContext, rules: list[FilterRule]) -> None:
    """Write only the ``[[filters.rules]]`` blocks: the user's comments and layout stay."""
    from tui.core.config.edit import update_settings

    ctx.settings.filters = update_settings(ctx.config_path, filters=rules).filters


def _forget_slow(ctx: AgoraContext, index: AgoraIndex | None, rule: FilterRule) -> None:
    """A regex added again or removed gets a fresh try (its timeout is forgotten)."""
    if rule.kind != FilterKind.REGEX:
        return
    if index is not None and index.reading is not None and index.reading.store is not None:
        index.reading.store.forget_slow(rule.text)
        return
    from pathlib import Path

    store = ReadingStore(Path(ctx.home))
    try:
        store.forget_slow(rule.text)
    finally:
        store.close()


def add_filter(
    ctx: AgoraContext,
    index: AgoraIndex | None,
    text: str,
    *,
    tag: bool = False,
    is_regex: bool = False,
    expires: str | None = None,
    hide: bool = False,
    now: float | None = None,
) -> FilterRule:
    """Add a keyword rule to the settings file (its block only, written atomically); apply it."""
    if tag and is_regex:
        raise UsageError("A filter is either --tag or --regex, not both.")
    _refresh_rules(ctx)
    kind = FilterKind.TAG if tag else FilterKind.REGEX if is_regex else FilterKind.WORD
    text = text.strip().lstrip("#") if tag else text.strip()
    when = int(time.time() if now is None else now)
    rules = ctx.settings.filters.rules
    rule = FilterRule(
        id=ctx.settings.filters.next_id(),
        text=text,
        kind=kind.value,
        action=(FilterAction.HIDE if hide else FilterAction.COLLAPSE).value,
        expires=when + parse_duration(expires) if expires else 0,
    )
    rule.validate()
    rules.append(rule)
    _save_rules(ctx, rules)
    _forget_slow(ctx, index, rule)
    if index is not None and index.reading is not None:
        index.reading.reload(rules)
    return rule


def remove_filter(ctx: AgoraContext, index: AgoraIndex | None, rule_id: int) -> FilterRule:
    """Remove a keyword rule by id (its block only); NotFoundError when there is none."""
    _refresh_rules(ctx)
    rules = ctx.settings.filters.rules
    rule = next((r for r in rules if r.id == rule_id), None)
    if rule is None:
        raise NotFoundError(f"No filter #{rule_id}.", hint="`agora filter list` shows them.")
    rules.remove(rule)
    _save_rules(ctx, rules)
    _forget_slow(ctx, index, rule)
    if index is not None and index.reading is not None:
        index.reading.reload(rules)
    return rule


def rule_json(
    rule: FilterRule, now: float | None = None, disabled: set[str] | None = None
) -> dict[str, Any]:
    """A rule as the CLI's ``--json`` and the Settings form show it.

    ``disabled`` is true for a regex switched off after it ran past its timeout.
    """
    when = time.time() if now is None else now
    return {
        "id": rule.id,
        "text": rule.text,
        "kind": rule.kind,
        "action": rule.action,
        "expires": rule.expires,
        "expired": not rule.active(when),
        "disabled": rule.kind == FilterKind.REGEX and rule.text in (disabled or set()),
    }


def listing(ctx: AgoraContext, index: AgoraIndex) -> dict[str, Any]:
    """What is muted, blocked and filtered (``agora filter list``, the Settings section)."""
    _refresh_rules(ctx)
    people = _store(index).people()
    names = index._names(set(people))
    assert index.reading is not None
    slow = index.reading.disabled_texts()
    return {
        "people": [
            {"address": a, "name": names.get(a, ""), "level": level} for a, level in people.items()
        ],
        "filters": [rule_json(r, disabled=slow) for r in ctx.settings.filters.rules],
    }


def parse_item(ref: str) -> tuple[str, int]:
    """``12`` or ``post:12`` -> ("post", 12); ``article:3`` or ``a:3`` -> ("article", 3)."""
    kind, _, number = ref.strip().lower().rpartition(":")
    kind = {"": "post", "post": "post", "p": "post", "article": "article", "a": "article"}.get(
        kind, ""
    )
    if not kind or not is_digits(number) or len(number) > 30:
        raise UsageError(f"{ref[:40]!r} is not a post or article id.", hint="12 or article:3")
    return kind, int(number)


def set_bookmark(index: AgoraIndex, ref: str, on: bool = True) -> dict[str, Any]:
    """Bookmark (or forget) a post or article that is in the index."""
    kind, item_id = parse_item(ref)
    if on:  # only what exists can be bookmarked; forgetting works for anything saved
        if kind == "post":
            index.get_post(item_id)
        else:
            index.article(item_id)
    changed = _store(index).bookmark(network_key(index), kind, item_id, on)
    return {"kind": kind, "id": item_id, "bookmarked": on, "changed": changed}


def bookmarks(index: AgoraIndex, limit: int = 1000) -> list[Bookmark]:
    return _store(index).bookmarks(network_key(index), limit)


def bookmarked_items(index: AgoraIndex, limit: int = 1000) -> list[Any]:
    """The bookmarked posts and articles still in the index, newest bookmark first."""
    marks = bookmarks(index, limit)
    posts = {p.id: p for p in index.posts_by_ids([b.item_id for b in marks if b.kind == "post"])}
    items: list[Any] = []
    for mark in marks:
        if mark.kind == "post" and mark.item_id in posts:
            items.append(posts[mark.item_id])
        elif mark.kind == "article":
            try:
                items.append(index.article(mark.item_id))
            except NotFoundError:
                continue
    return items
