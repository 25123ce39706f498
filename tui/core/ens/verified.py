"""The verified primary names this process knows, for every place an account is drawn.

Front ends resolve names in the background (batched, cached) and ``remember`` the verified ones
here; drawing code asks ``verified_name(address)`` without any I/O, so a timeline paints at once
and gains names as they arrive. Only names verified both ways are ever stored.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_names: dict[str, str] = {}
_version = 0


def remember(names: dict[str, str | None]) -> bool:
    """Record verified names by checksum address (None forgets one); True when anything changed."""
    global _version
    changed = False
    with _lock:
        for address, name in names.items():
            key = address.lower()
            if name is None:
                changed |= _names.pop(key, None) is not None
            elif _names.get(key) != name:
                _names[key] = name
                changed = True
        if changed:
            _version += 1
    return changed


def verified_name(address: str) -> str:
    """The verified ENS name of ``address``, or "" (no I/O)."""
    return _names.get(address.lower(), "")


def known() -> set[str]:
    """Lowercase addresses with a remembered answer."""
    with _lock:
        return set(_names)


def version() -> int:
    """Bumped on every change: screens redraw when it moved."""
    return _version


def forget_all() -> None:
    """Drop every name (another network, a reset devnet, tests)."""
    global _version
    with _lock:
        _names.clear()
        _version += 1
