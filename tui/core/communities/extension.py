"""The Communities capability as an extension: its contract and its devnet demo."""

from __future__ import annotations

from tui.core.chain.extensions import Extension, SeedContext
from tui.core.communities.deploy import deploy


def _seed(ctx: SeedContext) -> None:
    from tui.core.communities.demo import seed

    seed(ctx)


EXTENSION = Extension("communities", deploy, _seed)
