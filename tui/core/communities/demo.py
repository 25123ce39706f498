"""The devnet's communities demo (filled in below)."""

from __future__ import annotations

from tui.core.chain.extensions import SeedContext


def seed(ctx: SeedContext) -> None:
    """Add the communities demo to a freshly seeded devnet."""
    return None
