"""Agora core: the index (chain logs into SQLite) and the views front ends read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.index.service import AgoraIndex


def open_index(ctx: Any, **kwargs: Any) -> AgoraIndex:
    """Open the active network's index (see tui.core.index.service.open_index)."""
    from tui.core.index.service import open_index as _open

    return _open(ctx, **kwargs)


__all__ = ["open_index"]
