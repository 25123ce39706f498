"""Every active key of the screen underneath, with its binding id, and where the keymap lives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.ui.paths_display import settings_location


def bindings_content(screen: Screen[Any]) -> Content:
    """A table of key, binding id and description for the bindings active on ``screen``."""
    rows: list[tuple[int, str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or (binding.action, key) in seen:
            continue
        seen.add((binding.action, key))
        display = screen.app.get_key_display(binding)
        rank = 0 if active.node is screen else 2 if active.node is screen.app else 1
        rows.append((rank, display, binding.id or "", binding.description or binding.action))
    # The screen's own keys first, then its widgets' (list moves), then the app-wide ones:
    # on a small terminal what this screen adds is what shows without scrolling.
    rows.sort(key=lambda row: (row[2] == "", row[0], row[2], row[1]))
    lines = [Content.from_markup("[b]Key          Binding id               Action[/b]")]
    for _rank, display, ident, description in rows:
        lines.append(
            Content.from_markup(
                "[b]$key[/b]$pad1[dim]$id[/dim]$pad2$desc",
                key=display,
                pad1=" " * max(13 - len(display), 1),
                id=ident,
                pad2=" " * max(25 - len(ident), 1),
                desc=description,
            )
        )
    return Content("\n").join(lines)


def all_bindings_content(keymap: dict[str, str], display: Callable[[str], str] = str) -> Content:
    """Every screen's keys (the full keymap, with the user's ``[keymap]`` applied), by screen.

    The same table ``agora keys`` prints and the README lists; keys changed by the user are
    marked with ``*``; ``display`` turns a key name into what the footer shows (``?`` for
    ``question_mark``). Descriptions come from our own code, but go in as values, not markup.
    """
    from tui.ui.keymap import collect_bindings, split_keymap

    infos = collect_bindings(split_keymap(keymap).bindings)
    lines: list[Content] = []
    for owner in sorted({info.owner for info in infos}):
        if lines:
            lines.append(Content(""))
        lines.append(Content.from_markup("[b]$owner[/b]", owner=owner))
        for info in (i for i in infos if i.owner == owner):
            changed = bool(info.key) and info.key != info.default
            keys = " ".join(display(key) for key in (info.key or info.default).split(","))
            lines.append(
                Content.from_markup(
                    "  $keys$mark$pad1[dim]$id[/dim]$pad2$desc",
                    keys=keys,
                    mark="*" if changed else "",
                    pad1=" " * max(12 - len(keys) - changed, 1),
                    id=info.id,
                    pad2=" " * max(25 - len(info.id), 1),
                    desc=info.description,
                )
            )
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Opened with ? on any screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close help"
        ),
        Binding(
            "a", "toggle_all", "All keys", id="help.all",
            tooltip="Switch between this screen's keys and every screen's (the full keymap)",
        ),
    ]  # fmt: skip

    def __init__(self, underneath: Screen[Any]) -> None:
        super().__init__()
        self.underneath = underneath
        self.showing_all = False

    def compose(self) -> ComposeResult:
        where = settings_location(self.app)
        with Vertical(id="help-box"):
            yield Static(Content("Keys on this screen"), classes="screen-title", id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(bindings_content(self.underneath), id="help-bindings")
            yield Static(
                Content.from_markup(
                    "[b]a[/b]: every screen's keys (also [b]agora keys[/b]). "
                    "Change keys in the [b]$table[/b] table of $where\n"
                    '(binding.id = "key"; a new key replaces the default). ctrl+p: all commands.',
                    where=where,
                    table="[keymap]",
                ),
                id="help-keymap",
                classes="note",
            )

    def action_toggle_all(self) -> None:
        """Show every screen's keys (the full keymap), or go back to this screen's."""
        self.showing_all = not self.showing_all
        title = self.query_one("#help-title", Static)
        body = self.query_one("#help-bindings", Static)
        if self.showing_all:
            app: Any = self.app
            keymap = app.user_keymap() if hasattr(app, "user_keymap") else {}
            title.update(Content("Every key, by screen (* changed by your keymap)"))
            body.update(
                all_bindings_content(keymap, lambda key: app.get_key_display(Binding(key, "")))
            )
        else:
            title.update(Content("Keys on this screen"))
            body.update(bindings_content(self.underneath))
        self.query_one("#help-body").scroll_home(animate=False)
