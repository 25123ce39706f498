"""Which widget classes a screen can hold, read from its code, for the keymap's clash check.

A widget's key beats its screen's only on a screen that holds that widget: ``list.down`` on a
key cannot silence a binding of the command line, which holds no list. Composing every screen
to find out would need a running app, so the check reads the names each screen's methods (and,
in turn, the widgets they name) refer to and keeps the widget classes among them. A screen
that builds its widgets some way this misses only gets fewer clash reports, never a crash.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from functools import cache
from types import CodeType, FunctionType
from typing import Any

from textual.dom import DOMNode


def _names(code: CodeType) -> Iterator[str]:
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, CodeType):  # nested functions, lambdas, generator bodies
            yield from _names(const)


def _functions(cls: type) -> Iterator[FunctionType]:
    for klass in cls.__mro__:
        if not klass.__module__.startswith("tui."):
            continue
        for value in vars(klass).values():
            func: Any = getattr(value, "__func__", value)  # static and class methods too
            if isinstance(func, FunctionType):
                yield func


def _referenced(owner: type | FunctionType) -> set[type[DOMNode] | FunctionType]:
    """Widget classes and Agora functions (helpers that build widgets) ``owner``'s code names."""
    found: set[type[DOMNode] | FunctionType] = set()
    functions = [owner] if isinstance(owner, FunctionType) else list(_functions(owner))
    for func in functions:
        module = sys.modules.get(func.__module__)
        scope = vars(module) if module else {}
        for name in _names(func.__code__):
            value = scope.get(name)
            if isinstance(value, type) and issubclass(value, DOMNode):
                found.add(value)
            if isinstance(value, FunctionType) and value.__module__.startswith("tui.ui"):
                found.add(value)
    return found


@cache
def hosted(cls: type[DOMNode]) -> frozenset[type[DOMNode]]:
    """Widget classes ``cls`` (a screen) names in its code, and those they name, transitively."""
    seen: set[type[DOMNode] | FunctionType] = set()
    todo: list[type[DOMNode] | FunctionType] = [cls]
    while todo:
        for item in _referenced(todo.pop()):
            if item not in seen:
                seen.add(item)
                todo.append(item)
    return frozenset(item for item in seen if isinstance(item, type))


def can_hold(screen: type[DOMNode], widget: type[DOMNode]) -> bool:
    """Whether ``screen`` can hold a ``widget`` (or a subclass of it) by its code."""
    return any(issubclass(held, widget) for held in hosted(screen))
