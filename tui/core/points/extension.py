"""The points capability as an extension: its contracts, deployed after Communities, and
its devnet demo (points in one community, two epochs distributed and claimed)."""

from __future__ import annotations

from tui.core.chain.extensions import Extension, SeedContext
from tui.core.points.deploy import deploy


def _seed(ctx: SeedContext) -> None:
    from tui.core.points.demo import seed

    seed(ctx)


EXTENSION = Extension("points", deploy, _seed)
