"""The local content store: content-addressed blocks on disk.

Everything the user writes lands here first (before any transaction), and everything fetched
and verified is cached here, so timelines render offline. Writes are atomic (temp + rename)
and fsynced, and a block is re-verified against its CID when read back.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from tui.core.content.cid import cid_for, parse_cid, verify
from tui.core.errors import ContentError
from tui.core.files import write_atomic


class BlockStore(Protocol):
    """What the rest of the core needs from a content store."""

    def put(self, data: bytes) -> str: ...
    def get(self, cid: str) -> bytes | None: ...
    def has(self, cid: str) -> bool: ...
    def present(self, cids: Iterable[str]) -> set[str]: ...
    def cids(self) -> set[str]: ...


class LocalContentStore:
    """Blocks under ``root/ab/<cid>``, where ``ab`` are the CID's last two characters."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, cid: str) -> Path:
        parse_cid(cid)  # refuses anything that is not a well-formed CID (no path tricks)
        return self.root / cid[-2:] / cid

    def put(self, data: bytes) -> str:
        """Store ``data`` and return its CID. Idempotent."""
        cid = cid_for(data)
        path = self._path(cid)
        if path.exists():
            return cid
        write_atomic(path, data)
        return cid

    def put_verified(self, cid: str, data: bytes) -> None:
        """Cache fetched bytes, refusing them unless they hash to ``cid``."""
        if not verify(cid, data):
            raise ContentError(f"Content for {cid} does not match its CID.")
        self.put(data)

    def get(self, cid: str) -> bytes | None:
        """Return the block, or None when absent. A corrupt block on disk is removed."""
        path = self._path(cid)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        if not verify(cid, data):
            path.unlink(missing_ok=True)
            return None
        return data

    def has(self, cid: str) -> bool:
        return self._path(cid).exists()

    def present(self, cids: Iterable[str]) -> set[str]:
        """Those of ``cids`` with a block on disk (not verified: ``get`` does that).

        One directory listing per shard instead of one lookup per CID: after a sync of
        100,000 new posts almost none are here, and asking for each cost seconds. Only
        well-formed shard names are listed, so a hostile CID cannot point outside the store.
        """
        wanted = set(cids)
        return self._listed({cid[-2:] for cid in wanted}, wanted)

    def cids(self) -> set[str]:
        """The names of every block on disk (not verified: ``get`` does that)."""
        try:
            with os.scandir(self.root) as entries:
                shards = {e.name for e in entries}
        except (FileNotFoundError, NotADirectoryError):
            return set()
        return self._listed(shards, None)

    def _listed(self, shards: set[str], wanted: set[str] | None) -> set[str]:
        found: set[str] = set()
        for shard in shards:
            if not (len(shard) == 2 and shard.isascii() and shard.isalnum()):
                continue  # temp files, or a hostile CID's tail: nothing outside the store
            try:
                with os.scandir(self.root / shard) as entries:
                    found.update(
                        e.name
                        for e in entries
                        if (e.name in wanted if wanted is not None else e.name[-2:] == shard)
                    )
            except (FileNotFoundError, NotADirectoryError):
                continue
        return found


class FakeContentStore:
    """In-memory store for fast unit tests only."""

    def __init__(self) -> None:
        self.blocks: dict[str, bytes] = {}

    def put(self, data: bytes) -> str:
        cid = cid_for(data)
        self.blocks[cid] = data
        return cid

    def get(self, cid: str) -> bytes | None:
        return self.blocks.get(cid)

    def has(self, cid: str) -> bool:
        return cid in self.blocks

    def present(self, cids: Iterable[str]) -> set[str]:
        return {cid for cid in cids if cid in self.blocks}

    def cids(self) -> set[str]:
        return set(self.blocks)
