"""Package names that load their module on first use (PEP 562), for packages on the start-up path.

Importing ``tui.core.wallet.secret`` runs ``tui/core/wallet/__init__.py`` first; if that file
imported every submodule, the TUI's first paint would pay for the keyring, the signer and the
pipeline. Such packages list where each public name lives and let this load it when asked.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``package.<where[name]>`` the first time ``name``
    is read, and keeps the value on the package so later reads are plain attribute reads."""

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


def load_listed(paths: tuple[str, ...], kind: type[Any]) -> list[Any]:
    """Import each ``"module:ATTR"`` of a registry and check it is a ``kind``: registries list
    capabilities by path so that listing one costs nothing until it is used."""
    found = []
    for path in paths:
        module, _, attr = path.partition(":")
        value = getattr(importlib.import_module(module), attr)
        if not isinstance(value, kind):
            raise TypeError(f"{path} is not a {kind.__name__}")
        found.append(value)
    return found
