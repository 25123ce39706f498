"""The per-invocation context shared by the CLI and the TUI: settings, paths and the network.

Subsystems open their own resources from it (``open_index(ctx)``, ``open_wallet(ctx)``), so
this module stays small and imports nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.config.paths import config_file, data_dir, ensure_dir
from tui.core.config.settings import Settings, load_settings

if TYPE_CHECKING:
    from tui.core.chain.rpc import RpcClient
    from tui.core.content.store import LocalContentStore


@dataclass
class Overrides:
    """Per-invocation overrides from the command line (``--network``, ``--account``…)."""

    network: str | None = None
    account: str | None = None
    rpc_url: str | None = None


@dataclass
class AgoraContext:
    """Settings, data directory and the chosen network for one process."""

    settings: Settings
    home: Path
    config_path: Path
    overrides: Overrides = field(default_factory=Overrides)

    @classmethod
    def load(cls, overrides: Overrides | None = None) -> AgoraContext:
        path = config_file()
        return cls(
            settings=load_settings(path),
            home=data_dir(),
            config_path=path,
            overrides=overrides or Overrides(),
        )

    @property
    def network_name(self) -> str:
        return self.overrides.network or self.settings.network

    def path(self, *parts: str) -> Path:
        """A path inside the data directory, creating its parent directory."""
        target = self.home.joinpath(*parts)
        ensure_dir(target.parent)
        return target

    @cached_property
    def content(self) -> LocalContentStore:
        from tui.core.content.store import LocalContentStore

        return LocalContentStore(ensure_dir(self.home / "content"))

    def rpc(self, url: str) -> RpcClient:
        from tui.core.chain.rpc import RpcClient  # httpx loads when the network is first needed

        return RpcClient(url)
