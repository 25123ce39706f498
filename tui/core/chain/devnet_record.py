"""The devnet's record (``devnet.json``): where the embedded devnet runs and what it deployed.

Apart from ``tui.core.chain.devnet`` (starting, saving, stopping anvil) because the TUI reads
the record before its first frame, to open the cached index of the devnet, and needs nothing
else of that module then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.config.settings import DEVNET, Network

DEVNET_CHAIN_ID = 31337


@dataclass
class DevnetRecord:
    """What ``devnet.json`` says about the devnet of one data directory."""

    rpc_url: str = ""
    chain_id: int = DEVNET_CHAIN_ID
    social: str = ""
    articles: str = ""
    deploy_block: int = 0
    pid: int = 0
    """anvil's process id while it runs; 0 once stopped."""
    port: int = 0
    state_file: str = ""
    seeded: bool = False
    seed: dict[str, int] = field(default_factory=dict)
    """Counts of what the demo seed created (SeedSummary)."""
    contracts: dict[str, str] = field(default_factory=dict)
    """The extensions' contracts by key (``tui.core.chain.extensions``)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "rpc_url": self.rpc_url,
            "chain_id": self.chain_id,
            "contracts": {**self.contracts, "social": self.social, "articles": self.articles},
            "deploy_block": self.deploy_block,
            "pid": self.pid,
            "port": self.port,
            "state_file": self.state_file,
            "seeded": self.seeded,
            "seed": self.seed,
        }

    @classmethod
    def from_json(cls, data: Any) -> DevnetRecord | None:
        """Parse a record; None when it is not one (a damaged file is treated as absent)."""
        if not isinstance(data, dict):
            return None
        raw_contracts = data.get("contracts")
        contracts: dict[str, Any] = raw_contracts if isinstance(raw_contracts, dict) else {}
        try:
            seed = data.get("seed") or {}
            return cls(
                rpc_url=str(data.get("rpc_url") or ""),
                chain_id=int(data.get("chain_id") or DEVNET_CHAIN_ID),
                social=str(contracts.get("social") or ""),
                articles=str(contracts.get("articles") or ""),
                deploy_block=int(data.get("deploy_block") or 0),
                pid=int(data.get("pid") or 0),
                port=int(data.get("port") or 0),
                state_file=str(data.get("state_file") or ""),
                seeded=bool(data.get("seeded", False)),
                seed={str(k): int(v) for k, v in seed.items()} if isinstance(seed, dict) else {},
                contracts={
                    str(k): str(v)
                    for k, v in contracts.items()
                    if k not in ("social", "articles") and isinstance(v, str) and v
                },
            )
        except (TypeError, ValueError):
            return None


def read_record(home: Path) -> DevnetRecord | None:
    """The record of the devnet of data directory ``home``; None when absent or damaged."""
    try:
        text = (home / "devnet" / "devnet.json").read_text("utf-8")
        return DevnetRecord.from_json(json.loads(text))
    except (OSError, ValueError):
        return None


def devnet_network(record: Any) -> Network:
    """The Network described by a devnet record (``tui.core.chain.devnet.DevnetRecord``)."""
    return Network(
        name=DEVNET,
        rpc_url=record.rpc_url,
        chain_id=record.chain_id,
        social=record.social,
        articles=record.articles,
        deploy_block=record.deploy_block,
        contracts=dict(getattr(record, "contracts", {}) or {}),
        # anvil serves WebSocket JSON-RPC on its HTTP port: live sync subscribes to new heads.
        ws_url="ws://" + record.rpc_url.removeprefix("http://") if record.rpc_url else "",
        # The devnet's blocks are final two blocks behind the head (--slots-in-an-epoch 1).
        finality_depth=2,
    )
