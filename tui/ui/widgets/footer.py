"""The key footer, rebuilt only when the keys it shows change (a start-up cost otherwise)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


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

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        signature = self.signature()
        if signature is not None and signature == self._shown:
            return
        await super().recompose()
        self._shown = signature
