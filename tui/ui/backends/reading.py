"""Mutes, blocks, keyword filters and bookmarks as the screens use them.

``CoreReading`` works on the real backend's open index (so the same ``ReadingFilter`` the views
apply is the one changed); ``FakeReading`` keeps the same state in memory for fast tests over
the ``FakeBackend``. Methods block: call them from thread workers.
"""

from __future__ import annotations

from typing import Any, Protocol

from tui.core.errors import UsageError
from tui.core.filters.store import BLOCK, MUTE


class Reading(Protocol):
    """What the reading keys, ``:`` commands and the Bookmarks screen need."""

    def person(self, ref: str, command: str) -> dict[str, Any]: ...
    def level(self, address: str) -> str | None: ...
    def bookmark(self, ref: str, on: bool) -> dict[str, Any]: ...
    def is_bookmarked(self, kind: str, item_id: int) -> bool: ...
    def bookmarked(self) -> list[Any]: ...
    def add_filter(self, text: str, **options: Any) -> dict[str, Any]: ...
    def remove_filter(self, rule_id: int) -> dict[str, Any]: ...
    def listing(self) -> dict[str, Any]: ...


class CoreReading:
    """Reading choices over ``CoreBackend``'s index (``AGORA_HOME/reading.sqlite`` + settings)."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def _index(self) -> Any:
        index = self.backend._store()
        if index is None:
            raise UsageError("The local index is not open yet: the network is starting.")
        return index

    def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        index = self._index()
        with self.backend._read_lock:
            self.backend._sync_me(index)
            return fn(index, *args, **kwargs)

    def person(self, ref: str, command: str) -> dict[str, Any]:
        from tui.core.filters import actions

        result: dict[str, Any] = self._run(actions.set_person, ref, command).to_json()
        return result

    def level(self, address: str) -> str | None:
        from tui.core.filters.actions import _store

        return self._run(lambda index: _store(index).level(address))

    def bookmark(self, ref: str, on: bool) -> dict[str, Any]:
        from tui.core.filters import actions

        return self._run(actions.set_bookmark, ref, on)

    def is_bookmarked(self, kind: str, item_id: int) -> bool:
        from tui.core.filters.actions import _store, network_key

        return bool(
            self._run(lambda index: _store(index).is_bookmarked(network_key(index), kind, item_id))
        )

    def bookmarked(self) -> list[Any]:
        from tui.core.filters import actions

        return list(self._run(actions.bookmarked_items))

    def add_filter(self, text: str, **options: Any) -> dict[str, Any]:
        from tui.core.filters import actions

        rule = self._run(lambda index: actions.add_filter(self.backend.ctx, index, text, **options))
        return actions.rule_json(rule)

    def remove_filter(self, rule_id: int) -> dict[str, Any]:
        from tui.core.filters import actions

        rule = self._run(lambda index: actions.remove_filter(self.backend.ctx, index, rule_id))
        return actions.rule_json(rule)

    def listing(self) -> dict[str, Any]:
        from tui.core.filters import actions

        return self._run(lambda index: actions.listing(self.backend.ctx, index))


class FakeReading:
    """In-memory reading choices for tests over the FakeBackend (nothing is filtered there)."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.people: dict[str, str] = {}
        self.marks: list[tuple[str, int]] = []
        self.rules: list[dict[str, Any]] = []

    def person(self, ref: str, command: str) -> dict[str, Any]:
        level = {"mute": MUTE, "block": BLOCK}.get(command)
        before = self.people.get(ref)
        if level is None:
            self.people.pop(ref, None)
        else:
            self.people[ref] = level
        return {"address": ref, "level": level, "changed": before != level}

    def level(self, address: str) -> str | None:
        return self.people.get(address)

    def bookmark(self, ref: str, on: bool) -> dict[str, Any]:
        from tui.core.filters.actions import parse_item

        item = parse_item(ref)
        changed = (item in self.marks) != on
        if on and changed:
            self.marks.insert(0, item)
        elif changed:
            self.marks.remove(item)
        return {"kind": item[0], "id": item[1], "bookmarked": on, "changed": changed}

    def is_bookmarked(self, kind: str, item_id: int) -> bool:
        return (kind, item_id) in self.marks

    def bookmarked(self) -> list[Any]:
        posts = {p.id: p for p in self.backend.timeline("global", None, 1000)}
        articles = {a.id: a for a in self.backend.articles()}
        table = {"post": posts, "article": articles}
        return [table[k][i] for k, i in self.marks if i in table[k]]

    def add_filter(self, text: str, **options: Any) -> dict[str, Any]:
        rule = {"id": len(self.rules) + 1, "text": text, **options}
        self.rules.append(rule)
        return rule

    def remove_filter(self, rule_id: int) -> dict[str, Any]:
        for rule in self.rules:
            if rule["id"] == rule_id:
                self.rules.remove(rule)
                return rule
        raise UsageError(f"No filter #{rule_id}.")

    def listing(self) -> dict[str, Any]:
        people = [{"address": a, "name": "", "level": lv} for a, lv in self.people.items()]
        return {"people": people, "filters": list(self.rules)}


def reading_of(backend: Any) -> Reading:
    """The reading side of ``backend``: one per backend, made on first use."""
    reading = getattr(backend, "_reading_side", None)
    if reading is None:
        from tui.ui.backend import CoreBackend

        reading = CoreReading(backend) if isinstance(backend, CoreBackend) else FakeReading(backend)
        backend._reading_side = reading
    return reading
