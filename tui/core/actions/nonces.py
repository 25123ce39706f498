"""One nonce allocator per (chain, account): a thread lock plus a file lock across processes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

_locks: dict[tuple[int, str], threading.Lock] = {}
_guard = threading.Lock()


def _thread_lock(chain_id: int, sender: str) -> threading.Lock:
    with _guard:
        return _locks.setdefault((chain_id, sender.lower()), threading.Lock())


@contextlib.contextmanager
def nonce_lock(lock_dir: Path, chain_id: int, sender: str) -> Iterator[None]:
    """Held from choosing a nonce until the signed transaction is in the outbox.

    The file lock makes a CLI command and the TUI (or two CLI commands) agree too.
    """
    with _thread_lock(chain_id, sender):
        lock_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = lock_dir / f"nonce-{chain_id}-{sender.lower()}.lock"
        with open(path, "a+b") as fh:
            try:
                import fcntl
            except ImportError:  # Windows: the thread lock is all we have
                yield
                return
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
