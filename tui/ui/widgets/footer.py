"""The key footer as one widget: one line of text, redrawn (not rebuilt) when the keys change.

Textual's ``Footer`` composes a widget per key and rebuilds all of them (remove, mount, restyle)
whenever the screen's bindings may have changed: at start-up, and on every focus change and
screen switch. With fifteen keys that is the largest single cost in front of Agora's first
paint. This footer draws the same line (the same styles, spacing, palette key on the right) from
one ``render``, and keeps what users do with the keys: a click presses the key (a disabled one
rings the bell), hovering highlights it and shows its tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

from tui.ui.focus import FOCUS_BINDING_IDS


@dataclass(frozen=True)
class FooterItem:
    """One key as the footer shows it."""

    key: str
    """The key pressed on a click (the binding's first key)."""
    display: str
    description: str
    enabled: bool
    tooltip: str


class AgoraFooter(Widget, can_focus=False):
    """The active bindings of the screen (``show=True`` ones), and the palette key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--hover",
        "footer--palette-border",
    }
    DEFAULT_CSS = """
    AgoraFooter {
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .footer--palette-border {
            color: $foreground 20%;
        }
    }
    """

    items: reactive[tuple[FooterItem, ...]] = reactive((), layout=False)
    palette: reactive[FooterItem | None] = reactive(None)
    hover: reactive[int | None] = reactive(None)
    """Index of the key under the mouse (the palette key is ``len(items)``)."""
    shift: reactive[int] = reactive(0)
    """Columns the keys are scrolled to the left (the mouse wheel reveals keys that do not fit)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._overflow = 0
        """How many columns of keys did not fit, as last drawn."""
        self._spans: list[tuple[int, int, int, FooterItem]] = []
        """(start, end, index, item) of each key on the line, as last drawn: a click presses
        what the user saw, even if the bindings changed since."""

    # --- which keys ---------------------------------------------------------------------
    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.collect()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Any) -> None:
        if self.is_attached and screen is self.screen:
            self.collect()

    def collect(self) -> None:
        """Read the screen's active bindings; a redraw happens only if what shows changed."""
        app = self.app
        active = self.screen.active_bindings
        seen: set[str] = set()
        items: list[FooterItem] = []
        for key, (_node, binding, enabled, tooltip) in active.items():
            if binding.id in FOCUS_BINDING_IDS:  # Tab as a priority app key hides a screen's Tab
                own = [b for b in self.screen._bindings.key_to_bindings.get(key, ()) if b.show]
                binding, enabled, tooltip = (
                    (own[0], True, own[0].tooltip) if own else (binding, enabled, tooltip)
                )
            if not binding.show or binding.action in seen:
                continue  # one key per action, as Footer shows them
            seen.add(binding.action)
            items.append(
                FooterItem(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    bool(enabled),
                    tooltip or binding.tooltip,
                )
            )
        palette: FooterItem | None = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = FooterItem(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                bool(enabled),
                binding.tooltip or binding.description,
            )
        if tuple(items) != self.items or palette != self.palette:
            self.hover = None  # the key under the mouse may be another one now
            self.shift = 0
        self.items = tuple(items)
        self.palette = palette

    def keys_text(self) -> str:
        """The footer's keys as plain text (``⏎ Open  1 Home …``): for tests and scripts."""
        return " ".join(f"{item.display} {item.description}".strip() for item in self.items)

    # --- drawing ------------------------------------------------------------------------
    def _styles(self) -> tuple[Style, Style, Style, Style]:
        def component(name: str) -> Style:
            return Style.from_rich_style(self.get_component_rich_style(name))

        return (
            component("footer-key--key"),
            component("footer-key--description"),
            component("footer-key--hover"),
            component("footer--palette-border"),
        )

    def render(self) -> Content:
        key_style, description_style, hover_style, border_style = self._styles()
        width = self.size.width
        spans: list[tuple[int, int, int, FooterItem]] = []

        def one(item: FooterItem, index: int, compact: bool) -> Content:
            key = item.display if compact else f" {item.display} "
            if not item.description:
                text = Content.styled(key, key_style)
            elif compact:
                text = Content.assemble(
                    (key, key_style), (f" {item.description}", description_style)
                )
            else:
                text = Content.assemble(
                    (key, key_style), (f"{item.description} ", description_style)
                )
            if index == self.hover:
                text = text.stylize(hover_style)  # over the key's own colours, or it is hidden
            if not item.enabled:
                text = text.stylize(Style(dim=True))
            return text

        right = Content("")
        if self.palette is not None:
            # Docked on the right, as Footer does: a thin border, the key, one space.
            right = Content.assemble(
                ("▏", border_style), one(self.palette, len(self.items), True), " "
            )
        room = max(width - right.cell_length, 0)
        line = Content("")
        for index, item in enumerate(self.items):
            start = line.cell_length
            line += one(item, index, False)
            spans.append((start, line.cell_length, index, item))
        # Keys that do not fit scroll sideways under the mouse wheel, as in Textual's Footer.
        self._overflow = max(line.cell_length - room, 0)
        shift = min(self.shift, self._overflow)
        line = line[shift:].truncate(room, pad=True)
        spans = [
            (max(start - shift, 0), min(end - shift, room), index, item)
            for start, end, index, item in spans
            if end - shift > 0 and start - shift < room
        ]
        if self.palette is not None:
            spans.append((room + 1, width, len(self.items), self.palette))
            line += right
        self._spans = spans
        return line

    # --- mouse --------------------------------------------------------------------------
    def _item_at(self, x: int) -> tuple[int, FooterItem] | None:
        for start, end, index, item in self._spans:
            if start <= x < end:
                return index, item
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self._item_at(event.x)
        self.hover = found[0] if found else None
        # As Content: a str tooltip would be parsed as markup.
        self.tooltip = Content(found[1].tooltip) if found and found[1].tooltip else None

    def _scroll(self, columns: int) -> None:
        self.shift = max(0, min(self.shift + columns, self._overflow))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self._overflow:
            event.stop()
            self._scroll(8)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self._overflow:
            event.stop()
            self._scroll(-8)

    def on_leave(self, _event: events.Leave) -> None:
        self.hover = None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        found = self._item_at(event.x)
        if found is None:
            return
        _index, item = found
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
