"""The user's ``[keymap]``: binding overrides, keys bound to commands/macros, and their problems.

The ``[keymap]`` table mixes two kinds of entries:

* ``"timeline.tip" = "T"``: a binding id on the left overrides that binding's key(s). Overriding
  REPLACES the default key (Textual's keymap semantics): the old key no longer does it.
* ``"ctrl+t" = "tip 0.001"``: a key on the left runs a command, or a macro (commands separated
  by ``;``). Such keys work on every screen and win over the screen's own binding for that key,
  except while typing in a text field.

Nothing is silently dropped: unknown ids, bad keys, commands that do not parse and clashes are
listed by :func:`keymap_problems` (``agora config check`` prints them and the TUI notifies them).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import Keys, _normalize_key_list

from tui.core.errors import UsageError
from tui.core.text import clean_text

if TYPE_CHECKING:
    from textual.app import App

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(k.value.rpartition("+")[2] for k in Keys) | {"tab", "space", "enter"}
_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")


@dataclass(frozen=True)
class BindingInfo:
    """One user-facing binding: where it lives, its keys, and what it does."""

    id: str
    default: str
    """Default key(s), comma-separated Textual key names."""
    description: str
    tooltip: str
    owner: str
    """Class that declares it (``TimelineScreen``)."""
    key: str = ""
    """Key(s) in effect once the user's keymap is applied."""

    def to_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "key": self.key or self.default,
            "default": self.default,
            "description": self.description,
            "tooltip": self.tooltip,
            "owner": self.owner,
        }


# --- collecting bindings --------------------------------------------------------------------------


def _import_ui_modules() -> None:
    """Import every tui.ui module so every screen/widget class is defined (bindings live on them)."""
    import tui.ui

    for module in pkgutil.walk_packages(tui.ui.__path__, "tui.ui."):
        if module.name.endswith(("__main__", ".screenshots")):
            continue
        try:
            importlib.import_module(module.name)
        except ImportError:  # a module another engineer has not finished must not hide the rest
            continue


def _ui_classes() -> Iterator[type[DOMNode]]:
    """Every DOMNode subclass defined in tui.ui, parents before children, each once."""
    seen: set[type[DOMNode]] = set()
    stack: list[type[DOMNode]] = [DOMNode]
    ordered: list[type[DOMNode]] = []
    while stack:
        cls = stack.pop(0)
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
                if sub.__module__.startswith("tui.ui"):
                    ordered.append(sub)
    yield from sorted(ordered, key=lambda c: (c.__module__, c.__qualname__))


def ui_binding_classes() -> list[type[DOMNode]]:
    """The tui.ui classes whose own BINDINGS declare at least one binding."""
    _import_ui_modules()
    return [cls for cls in _ui_classes() if cls.__dict__.get("BINDINGS")]


def collect_bindings(keymap: dict[str, str] | None = None) -> list[BindingInfo]:
    """Every binding with an id declared in tui.ui, sorted by id, with the keymap applied."""
    keymap = keymap or {}
    found: dict[str, BindingInfo] = {}
    for cls in ui_binding_classes():
        grouped: dict[str, list[Binding]] = {}
        for binding in Binding.make_bindings(cls.__dict__["BINDINGS"]):
            if binding.id:
                grouped.setdefault(binding.id, []).append(binding)
        for binding_id, bindings in grouped.items():
            if binding_id in found:
                continue
            first = bindings[0]
            default = ",".join(dict.fromkeys(b.key for b in bindings))
            override = keymap.get(binding_id)
            found[binding_id] = BindingInfo(
                id=binding_id,
                default=default,
                description=first.description,
                tooltip=first.tooltip,
                owner=cls.__name__,
                key=_normalize_key_list(override) if override else default,
            )
    return sorted(found.values(), key=lambda b: b.id)


# --- keys -----------------------------------------------------------------------------------------


def is_key(text: str) -> bool:
    """Whether ``text`` is one key Textual can bind (``ctrl+t``, ``f5``, ``?``, ``question_mark``)."""
    if not text or text != text.strip():
        return False
    if len(text) == 1:
        return text.isprintable()
    *mods, base = text.split("+")
    if any(m not in MODIFIERS for m in mods) or not base:
        return False
    if len(base) == 1 or base in _NAMED_KEYS or re.fullmatch(r"f\d{1,2}", base):
        return True
    try:
        unicodedata.lookup(base.replace("_", " ").upper())
    except KeyError:
        return False
    return True


def key_list_problem(keys: str) -> str | None:
    """Why a comma-separated key list is invalid (None when valid)."""
    parts = [k.strip() for k in keys.split(",")]
    bad = [p for p in parts if not is_key(p)]
    if not keys.strip() or bad:
        return f"{', '.join(repr(b) for b in bad) or repr(keys)} is not a key Textual knows"
    return None


@dataclass
class SplitKeymap:
    """A ``[keymap]`` table sorted into what applies to what, plus what is wrong with it."""

    bindings: dict[str, str]
    """Binding id → key(s), normalised (for ``App.set_keymap``)."""
    commands: dict[str, str]
    """Key (normalised) → command or macro text."""
    problems: list[str]


def split_keymap(keymap: dict[str, str], known_ids: Iterable[str] | None = None) -> SplitKeymap:
    """Sort entries into binding overrides and command keys; explain every entry that cannot work."""
    from tui.core.commands import parse_macro

    ids = set(known_ids) if known_ids is not None else {b.id for b in collect_bindings()}
    result = SplitKeymap({}, {}, [])
    for left, right in keymap.items():
        if left in ids:
            problem = key_list_problem(right)
            if problem:
                result.problems.append(f"[keymap] {left}: {problem}.")
            else:
                result.bindings[left] = _normalize_key_list(right)
        elif is_key(left):
            try:
                parse_macro(right)
            except UsageError as exc:
                result.problems.append(f"[keymap] key {left!r}: {exc.message}")
            else:
                result.commands[_normalize_key_list(left)] = right.strip()
        elif _ID.fullmatch(left):
            import difflib

            close = difflib.get_close_matches(left, sorted(ids), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            result.problems.append(
                f"[keymap] unknown binding id {left!r}{hint}; `agora keys` lists them."
            )
        else:
            result.problems.append(
                f"[keymap] {left!r} is neither a binding id (like timeline.tip) nor a key "
                "(like ctrl+t)."
            )
    return result


def _clashes(split: SplitKeymap) -> list[str]:
    """Bindings that lose their key to an override or a command key, per screen/widget.

    Computed here rather than trusted to Textual: its ``apply_keymap`` treats a binding that has
    an id but no override as "being rebound" and drops its key without reporting a clash.
    """
    problems: list[str] = []
    reported: set[tuple[str, str]] = set()

    def report(name: str, key: str, message: str) -> None:
        if (name, key) not in reported:
            reported.add((name, key))
            problems.append(message)

    for cls in ui_binding_classes():
        merged = cls._merged_bindings or BindingsMap()
        bindings = [b for group in merged.key_to_bindings.values() for b in group]
        takers: dict[str, list[str]] = {}
        for binding_id in dict.fromkeys(b.id for b in bindings if b.id in split.bindings):
            assert binding_id is not None
            for key in split.bindings[binding_id].split(","):
                takers.setdefault(key, []).append(binding_id)
        for key, ids in takers.items():
            if len(ids) > 1:
                report(
                    ",".join(ids),
                    key,
                    f"[keymap] clash in {cls.__name__}: {' and '.join(ids)} "
                    f"are all bound to {key!r}; only one can have it.",
                )
        for binding in bindings:
            if binding.id in split.bindings:
                continue
            name = binding.id or binding.action
            if binding.key in takers:
                report(
                    name,
                    binding.key,
                    f"[keymap] clash in {cls.__name__}: {name} loses key {binding.key!r} "
                    f"to {', '.join(takers[binding.key])}.",
                )
            if binding.key in split.commands:
                report(
                    name,
                    binding.key,
                    f"[keymap] clash: key {binding.key!r} runs {split.commands[binding.key]!r}, "
                    f"so {name} ({cls.__name__}) no longer gets it; give {name} another key.",
                )
    _shadows(split, report)
    _widget_shadows(split, report)
    return problems


def _final_keys(cls: type[DOMNode], split: SplitKeymap) -> dict[str, list[tuple[str, bool]]]:
    """Key → (binding name, moved onto it by the keymap) for a class once overrides apply.

    A key an override keeps from the binding's defaults (``"list.down" = "j,down,ctrl+n"``
    keeps ``down``) is not moved: the defaults are laid out not to clash, so only the keys the
    keymap adds can take a key from another binding.
    """
    merged = cls._merged_bindings or BindingsMap()
    bindings = [b for group in merged.key_to_bindings.values() for b in group]
    defaults: dict[str, set[str]] = {}
    for binding in bindings:
        if binding.id:
            defaults.setdefault(binding.id, set()).add(binding.key)
    final: dict[str, list[tuple[str, bool]]] = {}
    for binding in bindings:
        name = binding.id or binding.action
        if binding.id and binding.id in split.bindings:
            had = defaults[binding.id]
            keys = [(key, key not in had) for key in split.bindings[binding.id].split(",")]
        else:
            keys = [(binding.key, False)]
        for key, moved in keys:
            if (name, moved) not in final.setdefault(key, []):
                final[key].append((name, moved))
    return final


def _moved_collisions(
    inner: dict[str, list[tuple[str, bool]]], outer: dict[str, list[tuple[str, bool]]]
) -> Iterator[tuple[str, str, str]]:
    """(key, inner name, outer name) for each key two classes share once the keymap applies,
    where the keymap moved one of the two (the defaults are laid out not to clash)."""
    for key, inner_names in inner.items():
        for outer_name, outer_moved in outer.get(key, []):
            for inner_name, inner_moved in inner_names:
                if outer_moved or inner_moved:
                    yield key, inner_name, outer_name


def _widget_shadows(split: SplitKeymap, report: Callable[[str, str, str], None]) -> None:
    """A widget's key beats its screen's and the app's while the widget has focus.

    The lists have focus nearly all the time, so moving ``timeline.tip`` onto ``j`` (or
    ``list.down`` onto ``t``) would leave the screen's binding dead. Only screens whose code
    holds the widget (``tui.ui.keymap_hosts``) can lose a key to it: ``list.down`` on ``x``
    costs the wallet's ``x`` nothing. Only clashes the keymap causes are reported: the
    defaults are laid out not to clash.
    """
    if not split.bindings:
        return
    from textual.app import App
    from textual.screen import Screen

    from tui.ui.keymap_hosts import can_hold

    classes = ui_binding_classes()
    outer = {c: _final_keys(c, split) for c in classes if issubclass(c, App | Screen)}
    for widget in classes:
        if issubclass(widget, App | Screen):
            continue
        widget_keys = _final_keys(widget, split)
        for cls, keys in outer.items():
            if issubclass(cls, Screen) and not can_hold(cls, widget):
                continue
            for key, widget_name, outer_name in _moved_collisions(widget_keys, keys):
                report(
                    f"{widget_name}|{outer_name}",
                    key,
                    f"[keymap] key {key!r}: {widget_name} ({widget.__name__}) takes it first "
                    f"wherever that widget has focus, so {outer_name} ({cls.__name__}) "
                    "does not fire there.",
                )


def _shadows(split: SplitKeymap, report: Callable[[str, str, str], None]) -> None:
    """A screen binding moved onto an app key (or the reverse) hides the app's on that screen."""
    if not split.bindings:
        return
    from textual.app import App
    from textual.screen import Screen

    classes = ui_binding_classes()
    apps = [c for c in classes if issubclass(c, App)]
    if not apps:
        return
    app_cls = max(apps, key=lambda c: len(c.__mro__))
    app_keys = _final_keys(app_cls, split)
    for cls in classes:
        if not issubclass(cls, Screen):
            continue
        for key, screen_name, app_name in _moved_collisions(_final_keys(cls, split), app_keys):
            report(
                f"{screen_name}|{app_name}",
                key,
                f"[keymap] on {cls.__name__}, {screen_name} and {app_name} share "
                f"key {key!r}: the screen's wins, so {app_name} does nothing there.",
            )


def keymap_problems(keymap: dict[str, str]) -> Iterable[str]:
    """Everything wrong with a ``[keymap]`` table: unknown ids, bad keys or commands, clashes."""
    if not keymap:
        return []
    split = split_keymap(keymap)
    return [*split.problems, *_clashes(split)]


# --- applying it to the running app ---------------------------------------------------------------


def apply_keymap(app: App[Any], keymap: dict[str, str]) -> SplitKeymap:
    """Apply overrides with ``set_keymap`` and bind command keys; notify the user of problems.

    Call after mount (Textual crashed when a keymap was set before). Command keys become
    priority app bindings to ``app.run_macro(index)``; the macros live in ``app.key_macros``.
    """
    split = split_keymap(keymap)
    if split.bindings:
        app.set_keymap(split.bindings)
    macros: list[str] = []
    for key, text in split.commands.items():
        macros.append(text)
        app._bindings.bind(  # the public App.bind cannot make priority bindings
            key, f"run_macro({len(macros) - 1})", text[:30], show=False, priority=True
        )
    app.key_macros = macros  # type: ignore[attr-defined]
    problems = [*split.problems, *_clashes(split)]
    if problems:
        app.notify(
            clean_text("\n".join(problems[:6]) + ("\n…" if len(problems) > 6 else "")),
            title="Keymap problems (agora config check)",
            severity="warning",
            timeout=12,
            markup=False,
        )
    app.refresh_bindings()
    return split


# --- documentation --------------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def keys_markdown() -> str:
    """The README's table of every binding id, its default key(s) and what it does."""
    lines = [
        "| Binding id | Default key | Where | Description |",
        "|---|---|---|---|",
    ]
    for info in collect_bindings():
        keys = ", ".join(f"`{k}`" for k in info.default.split(","))
        what = info.tooltip or info.description
        lines.append(f"| `{info.id}` | {keys} | {info.owner} | {_md(what)} |")
    return "\n".join(lines) + "\n"


KEYS_START = "<!-- keys:start -->"
KEYS_END = "<!-- keys:end -->"
COMMANDS_START = "<!-- commands:start -->"
COMMANDS_END = "<!-- commands:end -->"


def replace_section(text: str, body: str, start: str = KEYS_START, end: str = KEYS_END) -> str:
    """``text`` with what lies between the markers replaced by ``body``."""
    head, found, rest = text.partition(start)
    if not found or end not in rest:
        raise UsageError(f"The markers {start} and {end} are missing.")
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{body}{end}{tail}"


def main(argv: list[str] | None = None) -> int:
    """``python -m tui.ui.keymap [--write README.md]``: print the keys table, or rewrite README's
    keys (and commands) tables in place."""
    import sys
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    table = keys_markdown()
    if len(args) == 2 and args[0] == "--write":
        from tui.core.commands.registry import commands_markdown

        path = Path(args[1])
        text = replace_section(path.read_text(encoding="utf-8"), table)
        if COMMANDS_START in text:
            text = replace_section(text, commands_markdown(), COMMANDS_START, COMMANDS_END)
        path.write_text(text, encoding="utf-8")
        return 0
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
