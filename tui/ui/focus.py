"""Tab and Shift+Tab move the focus before the next key is delivered.

Textual binds Tab on each screen, so it runs only once the focused widget has worked through
the keys queued before it; keys typed right after Tab (one terminal read holds several when
typing fast) were already on their way to the old field, and text landed in the Summary while
the focus showed the body. As priority app bindings the move happens while the app dispatches
the Tab, so every later key reaches the newly focused field. A widget that uses Tab itself
(an indenting text area, the command line's completion) still gets it.
"""

from __future__ import annotations

from typing import Any

from textual.actions import SkipAction
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

FOCUS_ACTIONS = frozenset({"app.focus_next", "app.focus_previous", "focus_next", "focus_previous"})
"""Textual's own Tab bindings (on every screen): not a reason to leave Tab to a widget."""

FOCUS_BINDINGS = [
    Binding("tab", "focus_field(1)", "Next field", id="app.focus_next", tooltip="Move to the next field", show=False, priority=True),
    Binding("shift+tab", "focus_field(-1)", "Previous field", id="app.focus_previous", tooltip="Move to the previous field", show=False, priority=True),
]  # fmt: skip
"""Remapped elsewhere, Tab still moves the focus through Textual's own screen binding."""

FOCUS_BINDING_IDS = frozenset(b.id for b in FOCUS_BINDINGS)
"""The footer shows a screen's own Tab binding (the thread's "Read post") in their place."""


def takes_key(focused: Widget | None, key: str) -> bool:
    """Whether the focused widget, or a container up to its screen, does its own thing on ``key``."""
    if focused is None:
        return False
    character = "\t" if key == "tab" else None
    if focused.check_consume_key(key, character):
        return True
    for node in focused.ancestors_with_self:
        bindings = node._bindings.key_to_bindings.get(key, ())
        if any(b.action not in FOCUS_ACTIONS and not b.priority for b in bindings):
            return True
        if isinstance(node, Screen):
            break
    return False


def move_focus(app: Any, direction: int) -> None:
    """Focus the next (1) or previous (-1) field now; SkipAction leaves the key to its widget."""
    key = "tab" if direction > 0 else "shift+tab"
    if takes_key(app.focused, key):
        raise SkipAction()
    screen = app.screen
    if direction > 0:
        screen.focus_next()
    else:
        screen.focus_previous()
