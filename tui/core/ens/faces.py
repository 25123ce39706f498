"""Avatars for many accounts at once (timeline rows), cached on disk and dropped by ENS events.

For each account with a verified primary name, the name's ``avatar`` record is resolved as
for a profile (tui.core.ens.avatar: an NFT counts only when the account owns it), decoded in
the sandbox, shrunk, and kept in ``image_pixels`` (tui.core.images.pixel_store) by source and
content hash. ``ens_faces`` remembers which image each account showed and the ENS nodes that
answer depended on: an indexed ENS event on one of them (the avatar text, the address, the
reverse record) deletes the row through a trigger, so the next pass reads the record again.
An NFT's ownership is checked again after ``RECHECK`` seconds (one call; the pixels stay).
A row that cannot be checked (the node is down) is still drawn: it was verified when stored.

The drawn faces of this process are also kept in memory (``remember``/``face_of``), so
drawing a row does no I/O at all.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from tui.core.ens.cache import SCHEMA as ENS_SCHEMA
from tui.core.ens.normalize import namehash, reverse_name
from tui.core.errors import AgoraError
from tui.core.images.decode import Raster
from tui.core.images.pixel_store import PixelStore

RECHECK = 600.0
"""Seconds an account's avatar (and an NFT's ownership) is trusted before it is read again."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS ens_faces (
    address TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    record TEXT NOT NULL,
    source TEXT NOT NULL,
    digest TEXT NOT NULL,
    nft INTEGER NOT NULL,
    problem TEXT NOT NULL,
    name_node TEXT NOT NULL,
    reverse_node TEXT NOT NULL,
    checked_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ens_faces_name_node ON ens_faces (name_node);
CREATE INDEX IF NOT EXISTS ens_faces_reverse_node ON ens_faces (reverse_node);
CREATE TRIGGER IF NOT EXISTS ens_touched_drops_faces AFTER INSERT ON ens_touched BEGIN
    DELETE FROM ens_faces WHERE name_node = NEW.node OR reverse_node = NEW.node;
END;
CREATE TRIGGER IF NOT EXISTS ens_untouched_drops_faces AFTER DELETE ON ens_touched BEGIN
    DELETE FROM ens_faces WHERE name_node = OLD.node OR reverse_node = OLD.node;
END;
"""
"""One row per account: what its avatar was when last checked (``digest`` "" = none)."""


@dataclass(frozen=True)
class Face:
    """An account's small avatar, or why it has none."""

    address: str
    name: str
    raster: Raster | None = None
    nft: bool = False
    problem: str = ""


@dataclass(frozen=True)
class FaceRow:
    name: str
    record: str
    source: str
    digest: str
    nft: bool
    problem: str
    checked_at: float


class FaceStore:
    """``ens_faces`` plus the pixels, in the network's index database."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        cap: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.conn = conn
        self.clock = clock
        self._lock = threading.Lock()
        with self._lock:
            conn.executescript(ENS_SCHEMA)  # ens_touched must exist for the triggers
            conn.executescript(SCHEMA)
        kwargs: dict[str, Any] = {"clock": clock}
        if cap is not None:
            kwargs["cap"] = cap
        self.pixels = PixelStore(conn, **kwargs)

    @classmethod
    def open(cls, path: str, *, cap: int | None = None) -> FaceStore:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA synchronous=NORMAL")  # a cache: the last writes may be lost
        return cls(conn, cap=cap)

    def row(self, address: str) -> FaceRow | None:
        with self._lock:
            found = self.conn.execute(
                "SELECT name, record, source, digest, nft, problem, checked_at "
                "FROM ens_faces WHERE address = ?",
                (address.lower(),),
            ).fetchone()
        if found is None:
            return None
        return FaceRow(
            str(found[0]), str(found[1]), str(found[2]), str(found[3]), bool(found[4]),
            str(found[5]), float(found[6]),
        )  # fmt: skip

    def put_row(self, address: str, row: FaceRow) -> None:
        nodes = (
            "0x" + namehash(row.name).hex(),
            "0x" + namehash(reverse_name(address)).hex(),
        )
        with self._lock:
            self.conn.execute(
                "INSERT OR REPLACE INTO ens_faces (address, name, record, source, digest, nft, "
                "problem, name_node, reverse_node, checked_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (address.lower(), row.name, row.record, row.source, row.digest, int(row.nft),
                 row.problem, nodes[0], nodes[1], row.checked_at),
            )  # fmt: skip

    def cached(self, address: str, name: str) -> tuple[Face, bool] | None:
        """(the stored face, whether it is still fresh), without any network call; None when
        nothing is stored for this name or its pixels were evicted."""
        row = self.row(address)
        if row is None or row.name != name:
            return None
        raster = None
        if row.digest and not row.problem:
            raster = self.pixels.get(row.source, row.digest)
            if raster is None:
                return None
        fresh = self.clock() - row.checked_at < RECHECK
        return Face(address, name, raster, row.nft, row.problem), fresh


Resolver = Callable[[str, str], Any]
"""(record, owner) → ``tui.core.ens.avatar.Avatar``."""


def load_faces(
    names: dict[str, str],
    store: FaceStore,
    *,
    read_record: Callable[[str], str | None] | None,
    resolve: Resolver | None,
    check_owner: Callable[[str, str], bool] | None = None,
    decode: Callable[[bytes], Raster] | None = None,
) -> dict[str, Face]:
    """Faces of the accounts in ``names`` (address → verified name).

    Fresh rows are answered from the disk cache alone. The others read the ``avatar`` record
    (``read_record(name)``); an unchanged record keeps its pixels (an NFT's ownership is
    checked again with ``check_owner(record, address)``); a new one is fetched and decoded.
    With ``read_record`` None (offline) or when reading fails, what is stored is used.
    """
    from tui.core.images.limits import ImageError

    if decode is None:
        from tui.core.images.sandbox import decode_bounded

        decode = decode_bounded
    out: dict[str, Face] = {}
    for address, name in names.items():
        hit = store.cached(address, name)
        if hit is not None and (hit[1] or read_record is None):
            out[address] = hit[0]
            continue
        if read_record is None or resolve is None:
            continue
        try:
            record = (read_record(name) or "").strip()
        except AgoraError:
            if hit is not None:
                out[address] = hit[0]
            continue
        now = store.clock()
        old = store.row(address)
        if not record:
            store.put_row(address, FaceRow(name, "", "", "", False, "", now))
            out[address] = Face(address, name)
            continue
        if hit is not None and old is not None and old.record == record and old.digest:
            owned = check_owner(record, address) if (old.nft and check_owner) else True
            problem = "" if owned else "the name's address does not own this NFT"
            store.put_row(address, FaceRow(name, record, old.source, old.digest, old.nft,
                                           problem, now))  # fmt: skip
            face = hit[0]
            out[address] = Face(address, name, face.raster if owned else None, old.nft, problem)
            continue
        avatar = resolve(record, address)
        nft = avatar.nft is not None
        if avatar.image is None:
            store.put_row(address, FaceRow(name, record, "", "", nft, avatar.problem, now))
            out[address] = Face(address, name, None, nft, avatar.problem)
            continue
        digest = hashlib.sha256(avatar.image).hexdigest()
        raster = store.pixels.get(record, digest)
        if raster is None:
            try:
                raster = store.pixels.put(record, digest, decode(avatar.image))
            except ImageError as exc:
                store.put_row(address, FaceRow(name, record, "", "", nft, exc.message, now))
                out[address] = Face(address, name, None, nft, exc.message)
                continue
        store.put_row(address, FaceRow(name, record, record, digest, nft, "", now))
        out[address] = Face(address, name, raster, nft)
    return out


def ens_faces(
    names: dict[str, str],
    store: FaceStore,
    *,
    client: Any,
    rpc: Any,
    chain_id: int,
    get_cid: Callable[[str], bytes] | None,
    online: bool = True,
) -> dict[str, Face]:
    """``load_faces`` over a real ``EnsClient`` and node (``online`` False: the cache only)."""
    from tui.core.ens.avatar import nft_owned, parse_nft, resolve_avatar

    def read_record(name: str) -> str | None:
        value: str | None = client.text(name, "avatar")
        return value

    def resolve(record: str, owner: str) -> Any:
        return resolve_avatar(record, owner, rpc=rpc, chain_id=chain_id, get_cid=get_cid)

    def check_owner(record: str, owner: str) -> bool:
        nft = parse_nft(record)
        return nft is not None and nft.chain_id == chain_id and nft_owned(rpc, nft, owner)

    return load_faces(
        names,
        store,
        read_record=read_record if online else None,
        resolve=resolve,
        check_owner=check_owner,
    )


# -- what this process has drawn ---------------------------------------------------------------
_lock = threading.Lock()
_faces: dict[str, Raster | None] = {}
_version = 0


def remember(faces: Iterable[Face]) -> bool:
    """Record faces by address (a face without pixels records "none"); True when any changed."""
    global _version
    changed = False
    with _lock:
        for face in faces:
            key = face.address.lower()
            if key not in _faces or _faces[key] != face.raster:
                changed = True
                _faces[key] = face.raster
        if changed:
            _version += 1
    return changed


def face_of(address: str) -> Raster | None:
    """The remembered small avatar of ``address`` (no I/O), or None."""
    return _faces.get(address.lower())


def known(address: str) -> bool:
    """Whether ``address`` has a remembered answer (an avatar or "none")."""
    return address.lower() in _faces


def remembered() -> list[str]:
    """Lowercase addresses with a remembered answer."""
    with _lock:
        return list(_faces)


def version() -> int:
    return _version


def forget_all() -> None:
    global _version
    with _lock:
        _faces.clear()
        _version += 1
