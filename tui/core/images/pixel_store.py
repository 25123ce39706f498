"""Decoded images kept on disk, so a restart draws them without fetching or decoding again.

Rows live in a SQLite database (the network's index database: one file, one backup), keyed by
where the image came from and the SHA-256 of its encoded bytes, so a changed image at the same
address is a new row. Pixels are stored small (``SIDE`` a side) and zlib-compressed; the total
is capped, least recently used rows going first. What is read back is checked against its
declared size before use: a damaged row is dropped, never drawn.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import zlib
from collections.abc import Callable

from tui.core.images.decode import Raster

SIDE = 64
"""Largest side kept: enough for avatars in rows (a few cells) and small graphics."""
TOUCH_EVERY = 3600.0
"""Seconds between two recordings of a row's last use (a write per draw would cost a commit)."""
DEFAULT_CAP = 32 * 1024 * 1024
"""Bytes of compressed pixels kept (the ``[images] cache_mib`` setting)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS image_pixels (
    source TEXT NOT NULL,
    digest TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    format TEXT NOT NULL,
    pixels BLOB NOT NULL,
    size INTEGER NOT NULL,
    used_at REAL NOT NULL,
    PRIMARY KEY (source, digest)
);
CREATE INDEX IF NOT EXISTS image_pixels_used ON image_pixels (used_at);
"""


def shrink(raster: Raster, side: int = SIDE) -> Raster:
    """``raster`` reduced to at most ``side`` a side (aspect kept); unchanged when smaller."""
    if max(raster.width, raster.height) <= side:
        return raster
    from PIL import Image

    image = Image.frombytes("RGBA", (raster.width, raster.height), raster.rgba)
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    return Raster(image.width, image.height, image.tobytes(), raster.source_format)


class PixelStore:
    """Small decoded images by (source, digest), capped at ``cap`` bytes; thread-safe."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        cap: int = DEFAULT_CAP,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.conn = conn
        self.cap = cap
        self.clock = clock
        self._lock = threading.Lock()
        with self._lock:
            conn.executescript(SCHEMA)

    def get(self, source: str, digest: str) -> Raster | None:
        """The stored image (its last use is recorded), or None when absent or damaged."""
        with self._lock:
            row = self.conn.execute(
                "SELECT width, height, format, pixels, used_at FROM image_pixels "
                "WHERE source = ? AND digest = ?",
                (source, digest),
            ).fetchone()
            if row is None:
                return None
            width, height, fmt, blob = int(row[0]), int(row[1]), str(row[2]), bytes(row[3])
            expected = width * height * 4
            try:
                if not (0 < width <= SIDE and 0 < height <= SIDE):
                    raise ValueError
                inflater = zlib.decompressobj()
                rgba = inflater.decompress(blob, expected + 1)
                if len(rgba) != expected or inflater.unconsumed_tail:
                    raise ValueError
            except (ValueError, zlib.error):
                self.conn.execute(
                    "DELETE FROM image_pixels WHERE source = ? AND digest = ?", (source, digest)
                )
                return None
            now = self.clock()
            if now - float(row[4]) >= TOUCH_EVERY:
                self.conn.execute(
                    "UPDATE image_pixels SET used_at = ? WHERE source = ? AND digest = ?",
                    (now, source, digest),
                )
        return Raster(width, height, rgba, fmt[:8])

    def put(self, source: str, digest: str, raster: Raster) -> Raster:
        """Keep ``raster`` (shrunk to ``SIDE``) and return what was kept; evicts to the cap."""
        small = shrink(raster)
        blob = zlib.compress(small.rgba, 6)
        if len(blob) > self.cap:
            return small
        with self._lock:
            self.conn.execute(
                "INSERT OR REPLACE INTO image_pixels "
                "(source, digest, width, height, format, pixels, size, used_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (source, digest, small.width, small.height, small.source_format, blob,
                 len(blob), self.clock()),
            )  # fmt: skip
            self._evict()
        return small

    def _evict(self) -> None:
        (total,) = self.conn.execute("SELECT COALESCE(SUM(size), 0) FROM image_pixels").fetchone()
        over = int(total) - self.cap
        if over <= 0:
            return
        doomed: list[tuple[str, str]] = []
        for source, digest, size in self.conn.execute(
            "SELECT source, digest, size FROM image_pixels ORDER BY used_at, source, digest"
        ):
            doomed.append((str(source), str(digest)))
            over -= int(size)
            if over <= 0:
                break
        self.conn.executemany("DELETE FROM image_pixels WHERE source = ? AND digest = ?", doomed)

    def total(self) -> int:
        """Bytes of compressed pixels stored."""
        with self._lock:
            (total,) = self.conn.execute(
                "SELECT COALESCE(SUM(size), 0) FROM image_pixels"
            ).fetchone()
        return int(total)
