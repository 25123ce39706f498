"""Decoding in a separate process, so a slow or memory-hungry image can be stopped.

A Python thread cannot be interrupted inside Pillow's or resvg's C code, so the decode runs in
one long-lived child process (``tui.core.images.worker``, started with ``subprocess``: no fork
of a process running Textual's threads, no re-import of the caller's ``__main__``). The child
caps its own address space; the parent waits ``limits.timeout`` seconds for the answer and
kills the child when it is late, then starts a new one for the next image. Answers are read as
plain frames, never unpickled.
"""

from __future__ import annotations

import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import asdict

from tui.core.images.decode import Raster
from tui.core.images.limits import DEFAULT_LIMITS, ImageError, ImageLimits
from tui.core.images.worker import HEADER_MAX, write_frame

_lock = threading.Lock()
"""One request at a time: the child decodes sequentially."""
_child: subprocess.Popen[bytes] | None = None


def _start(limits: ImageLimits) -> subprocess.Popen[bytes]:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH", "")])),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tui.core.images.worker", str(limits.memory)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        close_fds=True,
        start_new_session=True,  # a terminal's Ctrl+C goes to the app, which stops it
        env=env,
    )


def _kill() -> None:
    global _child
    child, _child = _child, None
    if child is not None and child.poll() is None:
        child.kill()
        child.wait(timeout=5)


def _read_exact(fd: int, size: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _frame(fd: int, limit: int, deadline: float) -> bytes:
    (size,) = struct.unpack(">I", _read_exact(fd, 4, deadline))
    if size > limit:
        raise EOFError
    return _read_exact(fd, size, deadline)


def decode_bounded(data: bytes, limits: ImageLimits = DEFAULT_LIMITS) -> Raster:
    """``decode`` in the sandbox process, within ``limits.timeout`` seconds (start-up included).

    Raises:
        ImageError: refused by the decoder, over time (the process is killed), out of memory,
            or the process died.
    """
    global _child
    if len(data) > limits.max_bytes:  # do not even ship it to the child
        raise ImageError(f"The image is larger than {limits.max_bytes // 1024} KiB.")
    with _lock:
        deadline = time.monotonic() + limits.timeout
        if _child is None or _child.poll() is not None:
            _child = _start(limits)
        child = _child
        assert child.stdin is not None and child.stdout is not None
        try:
            write_frame(child.stdin, json.dumps(asdict(limits)).encode())  # type: ignore[arg-type]
            write_frame(child.stdin, data)  # type: ignore[arg-type]
            child.stdin.flush()
            fd = child.stdout.fileno()
            header = json.loads(_frame(fd, HEADER_MAX, deadline))
            if not isinstance(header, dict) or not header.get("ok"):
                error = header.get("error") if isinstance(header, dict) else None
                raise ImageError(str(error or "The image could not be decoded.")[:200])
            width, height = int(header["width"]), int(header["height"])
            if not (0 < width <= limits.out_side and 0 < height <= limits.out_side):
                raise EOFError
            rgba = _frame(fd, width * height * 4, deadline)
            if len(rgba) != width * height * 4:
                raise EOFError
            return Raster(width, height, rgba, str(header.get("format", ""))[:8])
        except TimeoutError:
            _kill()
            raise ImageError(
                f"The image took longer than {limits.timeout:g} s to decode."
            ) from None
        except (EOFError, BrokenPipeError, OSError, ValueError, KeyError, TypeError):
            _kill()
            raise ImageError("Decoding the image ran out of memory or crashed.") from None


def shutdown() -> None:
    """Stop the sandbox process (tests, and the app on exit)."""
    with _lock:
        _kill()
