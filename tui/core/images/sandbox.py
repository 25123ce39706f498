"""Decoding in a separate process, so a slow or memory-hungry image can be stopped.

A Python thread cannot be interrupted inside Pillow's or resvg's C code, so the decode runs in
one long-lived child process (started with ``spawn``: forking a process that runs Textual's
threads is unsafe). The child caps its own address space; the parent waits ``limits.timeout``
seconds and kills the child when it is late, then starts a new one for the next image.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from tui.core.images.decode import Raster, decode
from tui.core.images.limits import DEFAULT_LIMITS, ImageError, ImageLimits

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _limit_memory(limit: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform: the time cap remains
        pass


def _pool_for(limits: ImageLimits) -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            import multiprocessing

            _pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_limit_memory,
                initargs=(limits.memory,),
            )
        return _pool


def _kill_pool() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def decode_bounded(data: bytes, limits: ImageLimits = DEFAULT_LIMITS) -> Raster:
    """``decode`` in the sandbox process, within ``limits.timeout`` seconds.

    Raises:
        ImageError: refused by the decoder, over time (the process is killed) or out of memory.
    """
    if len(data) > limits.max_bytes:  # do not even ship it to the child
        raise ImageError(f"The image is larger than {limits.max_bytes // 1024} KiB.")
    future: Future[Raster] = _pool_for(limits).submit(decode, data, limits)
    try:
        return future.result(timeout=limits.timeout)
    except FutureTimeout:
        _kill_pool()
        raise ImageError(f"The image took longer than {limits.timeout:g} s to decode.") from None
    except BrokenProcessPool:
        _kill_pool()
        raise ImageError("Decoding the image ran out of memory or crashed.") from None
    except MemoryError:
        raise ImageError("Decoding the image ran out of memory.") from None


def shutdown() -> None:
    """Stop the sandbox process (tests, and the app on exit)."""
    _kill_pool()
