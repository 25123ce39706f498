"""Saved lists of people, read as timelines (``list:NAME``): kept in AGORA_HOME/lists.json.

A list is the user's own writing, so it lives beside their other local data and not in the
index (``agora sync --rebuild`` throws the index away and rebuilds it from the chain) nor in the
settings file (which holds preferences, edited by hand). One small JSON file, written
atomically; a file that cannot be read is reported and never overwritten, so a list is not
lost to a typo made while editing it by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.config.paths import data_dir
from tui.core.errors import ConfigError, NotFoundError, UsageError
from tui.core.files import write_atomic

FILE_NAME = "lists.json"
MAX_LISTS = 200
MAX_MEMBERS = 2000
LIST_NAME = re.compile(r"[a-z0-9_-]{1,40}")
"""List names: short, lower case, and free of the ``/`` and ``:`` that timeline kinds use."""


def list_name(raw: str) -> str:
    """The canonical name of a list a user typed (``Friends`` -> ``friends``), or UsageError."""
    name = raw.strip().lower()
    if not LIST_NAME.fullmatch(name):
        raise UsageError(
            f"{raw[:60]!r} is not a list name.",
            hint="List names are 1-40 letters a-z, digits, '_' or '-'.",
        )
    return name


_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")


def _is_address(raw: object) -> bool:
    """Only well-formed addresses are read back: the file may have been edited by hand."""
    return isinstance(raw, str) and _ADDRESS.fullmatch(raw) is not None


def _address(raw: str) -> str:
    from tui.core.index.views import checksum

    return checksum(raw)


@dataclass
class PeopleLists:
    """Every saved list: name -> member addresses (checksummed, in the order added)."""

    lists: dict[str, list[str]] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def file(cls, home: Path | None = None) -> Path:
        return (home or data_dir()) / FILE_NAME

    @classmethod
    def load(cls, home: Path | None = None) -> PeopleLists:
        """The saved lists (none when the file does not exist); ConfigError when unreadable."""
        path = cls.file(home)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path=path)
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"Cannot read the saved lists in {path}: {exc}",
                hint="Fix or move the file; Agora does not overwrite it while it is unreadable.",
            ) from None
        lists = raw.get("lists") if isinstance(raw, dict) else None
        if not isinstance(lists, dict):
            raise ConfigError(f'{path} holds no "lists" table.', hint="Fix or move the file.")
        clean: dict[str, list[str]] = {}
        for name, members in lists.items():
            if isinstance(name, str) and LIST_NAME.fullmatch(name) and isinstance(members, list):
                clean[name] = [_address(m) for m in members if _is_address(m)][:MAX_MEMBERS]
        return cls(clean, path)

    def save(self) -> None:
        data = {"version": 1, "lists": self.lists}
        write_atomic(self.path or self.file(), json.dumps(data, indent=2).encode())

    def members(self, name: str) -> list[str]:
        """A list's members; NotFoundError when there is no such list."""
        key = list_name(name)
        if key not in self.lists:
            raise NotFoundError(
                f"No list named {key!r}.", hint="Create it with `agora list create NAME`."
            )
        return list(self.lists[key])

    def create(self, name: str) -> str:
        key = list_name(name)
        if key in self.lists:
            raise UsageError(f"A list named {key!r} already exists.")
        if len(self.lists) >= MAX_LISTS:
            raise UsageError(f"At most {MAX_LISTS} lists.")
        self.lists[key] = []
        return key

    def delete(self, name: str) -> None:
        self.members(name)
        del self.lists[list_name(name)]

    def add(self, name: str, address: str, *, create: bool = False) -> str:
        """Add a member (creating the list when ``create``): their checksummed address, or ""
        when they were there already."""
        key = list_name(name)
        if create and key not in self.lists:
            self.create(key)
        members = self.members(key)
        account = _address(address)
        if account in members:
            return ""
        if len(members) >= MAX_MEMBERS:
            raise UsageError(f"A list holds at most {MAX_MEMBERS} people.")
        self.lists[key].append(account)
        return account

    def remove(self, name: str, address: str) -> str:
        """Remove a member: their checksummed address, or "" when they were not in the list."""
        key = list_name(name)
        members = self.members(key)
        account = _address(address)
        if account not in members:
            return ""
        self.lists[key].remove(account)
        return account
