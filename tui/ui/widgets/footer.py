"""The key footer, rebuilt only when the keys it shows change (a start-up cost otherwise)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class AgoraFooter(Footer):
    """Textual's ``Footer``, minus the rebuilds that would draw exactly the same keys.

    ``Footer`` recomposes (removes and remounts every key, restyling each) whenever the
    screen's bindings *may* have changed: on every focus change, screen switch and reactive
    binding refresh. At start-up that is five rebuilds, ~40 ms each, before the first paint
    of the timeline settles. The keys it composes depend only on what ``signature`` returns,
    so a rebuild with an unchanged signature is skipped: the footer looks the same either way.
    """

    _shown: tuple[Any, ...] | None = None
    """Signature of the keys currently composed (None: not composed with bindings yet)."""

    def signature(self) -> tuple[Any, ...] | None:
        """Everything ``Footer.compose`` reads, in order (None until bindings are ready)."""
        if not self._bindings_ready:
            return None
        app = self.app
        active = self.screen.active_bindings
        keys = tuple(
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                bool(enabled),
                tooltip,
                binding.tooltip,
                id(binding.group) if binding.group is not None else None,
            )
            for (_, binding, enabled, tooltip) in active.values()
            if binding.show
        )
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        palette_key = None
        if palette is not None:
            _, binding, enabled, tooltip = palette
            palette_key = (binding.key, app.get_key_display(binding), bool(enabled), tooltip)
        return (keys, palette_key, self.show_command_palette, self.compact, self.combine_groups)

    def compose(self) -> ComposeResult:
        """``Footer.compose``, each key born with the footer's ``compact`` already set.

        A ``FooterKey`` starts compact and is then data-bound to the footer (not compact):
        two class changes, each restyling the key, for every key of every rebuild. Setting
        the value (and its class) before mounting leaves the same key with no restyle.
        """
        for node in super().compose():
            # The palette key is not data-bound: it stays compact, as Footer leaves it.
            if isinstance(node, FooterKey) and not node.has_class("-command-palette"):
                node.set_reactive(FooterKey.compact, self.compact)
                node.set_class(self.compact, "-compact", update=False)
            yield node

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        signature = self.signature()
        if signature is not None and signature == self._shown:
            return
        await super().recompose()
        self._shown = signature
