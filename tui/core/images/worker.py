"""The image decoder's own process: ``python -m tui.core.images.worker MEMORY_BYTES``.

Reads requests from stdin and answers on stdout, one at a time, until stdin closes. Framing is
plain and parsed without pickle (the parent must not trust what a process that just parsed a
hostile image says): a request is a 4-byte length and a JSON header (the limits) followed by a
4-byte length and the image bytes; an answer is a 4-byte length and a JSON header (``ok``,
size, format, or ``error``) followed by the RGBA bytes when ``ok``.
"""

from __future__ import annotations

import json
import struct
import sys
from typing import BinaryIO

HEADER_MAX = 64 * 1024


def read_frame(stream: BinaryIO, limit: int) -> bytes | None:
    """One length-prefixed frame (None at end of stream)."""
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack(">I", head)
    if size > limit:
        raise ValueError("frame too large")
    body = stream.read(size)
    if len(body) < size:
        return None
    return body


def write_frame(stream: BinaryIO, body: bytes) -> None:
    stream.write(struct.pack(">I", len(body)) + body)


def _serve(memory: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):
        pass
    from tui.core.images.decode import decode
    from tui.core.images.limits import ImageError, ImageLimits

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = read_frame(source, HEADER_MAX)
        if header is None:
            return
        fields = json.loads(header)
        data = read_frame(source, int(fields["max_bytes"]) + 16)
        if data is None:
            return
        try:
            raster = decode(data, ImageLimits(**fields))
            reply = {"ok": True, "width": raster.width, "height": raster.height,
                     "format": raster.source_format}  # fmt: skip
            write_frame(sink, json.dumps(reply).encode())
            write_frame(sink, raster.rgba)
        except ImageError as exc:
            write_frame(sink, json.dumps({"ok": False, "error": exc.message}).encode())
        except MemoryError:
            write_frame(sink, json.dumps({"ok": False, "error": "out of memory"}).encode())
        sink.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]) if len(sys.argv) > 1 else 512 * 1024 * 1024)
