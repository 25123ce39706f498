"""Fixed texts reach the screen whole: no ``[word]`` read as markup, no path left out."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.widgets import Static

import tui.ui
from tests.ui.conftest import build, settle

pytestmark = pytest.mark.anyio

UI = Path(tui.ui.__file__).parent
STYLE_WORDS = frozenset({"b", "bold", "i", "italic", "dim", "reverse", "u", "underline", "on"})
MARKUP_ARGS = frozenset({"Static", "Label", "Button", "RadioButton", "Tab", "TabPane", "notify"})


def _calls() -> list[tuple[str, int, str, ast.Call]]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                found.append((path.name, node.lineno, name, node))
    return found


def _is_style(tag: str) -> bool:
    """``b``, ``/b``, ``/``, ``$warning b``: what a template may hold in brackets."""
    words = tag.lstrip("/").split()
    return all(w in STYLE_WORDS or w.startswith("$") for w in words)


def test_markup_templates_hold_only_style_tags() -> None:
    """Any other ``[...]`` in a template is eaten as a tag (the settings' ``[keymap]`` was)."""
    eaten = []
    for name, line, call, node in _calls():
        if call != "from_markup" or not node.args or not isinstance(node.args[0], ast.Constant):
            continue
        template = str(node.args[0].value)
        eaten += [f"{name}:{line} [{t}]" for t in re.findall(r"\[([^\]]*)\]", template)]
        eaten = [e for e in eaten if not _is_style(e.split("[", 1)[1][:-1])]
    assert eaten == []


def test_plain_strings_given_to_markup_widgets_hold_no_brackets() -> None:
    """A plain str given to Static, Label, Button or notify (markup on) is parsed as markup."""
    risky = []
    for name, line, call, node in _calls():
        if call not in MARKUP_ARGS or not node.args:
            continue
        markup_off = any(
            k.arg == "markup" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in node.keywords
        )
        first = node.args[0]
        if not markup_off and isinstance(first, ast.Constant) and "[" in str(first.value):
            risky.append(f"{name}:{line}")
    assert risky == []


def plain(widget: Static) -> str:
    visual: Any = widget.render()
    return visual.plain if isinstance(visual, Content) else str(visual)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_settings_names_the_keymap_table_and_the_real_settings_path(
    size: tuple[int, int],
) -> None:
    app = build()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        note = plain(app.screen.query_one("#keymap-location", Static))
        assert note == (
            f'Keys: the [keymap] table in {app.config_path} (from $AGORA_CONFIG) (binding.id = "key").'
        )
