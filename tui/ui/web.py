"""The app in a browser page (``agora serve``): the keys the browser keeps, and no terminal.

In a page, Textual's ``App.is_web`` is true. Two things differ from a terminal:

* The browser never lets a page have ctrl+w (close the tab), ctrl+t (new tab) or ctrl+n (new
  window). A binding on one of them gets alt+w, alt+t or alt+n beside it, through the same
  keymap mechanism as the user's ``[keymap]`` (so the footer and the help show the key that
  works); a key the user bound to a command gets the same alternative.
* There is no terminal to lend an outside program: no suspend, no ``$EDITOR`` (the compose
  area is enough). ``tui.ui.editor`` refuses, and the screens hide the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

BROWSER_KEYS: dict[str, str] = {"ctrl+w": "alt+w", "ctrl+t": "alt+t", "ctrl+n": "alt+n"}
"""Keys the browser keeps for itself -> the key Agora adds in a page."""

BROWSER_KEYED_BINDINGS: dict[str, str] = {"article.preview": "ctrl+t"}
"""Every binding whose default key is in ``BROWSER_KEYS``, with that default (a test checks
this against the bindings themselves, so a new one cannot be forgotten)."""

NO_EDITOR = "There is no $EDITOR in the browser page: write in the text area."


def with_alternatives(keys: str) -> str:
    """``"ctrl+t"`` -> ``"ctrl+t,alt+t"``: each browser-kept key followed by its alternative."""
    out: list[str] = []
    for key in (k.strip() for k in keys.split(",")):
        out.append(key)
        alternative = BROWSER_KEYS.get(key)
        if alternative:
            out.append(alternative)
    return ",".join(dict.fromkeys(k for k in out if k))


def web_keymap(keymap: Mapping[str, str]) -> dict[str, str]:
    """The ``[keymap]`` table to apply in a page: ``keymap`` with alternatives added.

    Binding overrides (``"article.preview" = "ctrl+n"``) and the defaults in
    ``BROWSER_KEYED_BINDINGS`` get each browser-kept key's alternative; a browser-kept key
    bound to a command (``"ctrl+t" = "tip 0.001"``) is also bound on its alternative, unless
    the user bound that key to something else.
    """
    from tui.ui.keymap import is_key

    out = dict(keymap)
    for binding_id, default in BROWSER_KEYED_BINDINGS.items():
        out[binding_id] = with_alternatives(keymap.get(binding_id, default))
    for left, right in keymap.items():
        if not is_key(left):
            out[left] = with_alternatives(right)
        elif left in BROWSER_KEYS and BROWSER_KEYS[left] not in keymap:
            out[BROWSER_KEYS[left]] = right
    return out


def keys_hint(app: Any, hint: str) -> str:
    """A screen's ``"ctrl+s send · ctrl+g $EDITOR · …"`` line as it holds in ``app``: in a page,
    without the $EDITOR item and with the alternative of each browser-kept key."""
    if not app.is_web:
        return hint
    items = [item for item in hint.split(" · ") if "$EDITOR" not in item]
    for kept, alternative in BROWSER_KEYS.items():
        items = [
            alternative + item[len(kept) :] if item.startswith(kept) else item for item in items
        ]
    return " · ".join(items)
