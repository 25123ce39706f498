"""Before a CLI read, catch the local index up with the chain, for a few seconds at most.

People expect ``agora timeline`` to show what is on chain now (toot and algia read the server),
not what the last ``agora sync`` saw. So each read first runs the same incremental,
reorg-checked log sync as ``agora sync``, on its own connection in a thread, and waits for it
at most ``budget`` seconds; then it reads whatever is indexed. Content is resolved only from
the local store (``AgoraIndex.sync``): a read never waits on a gateway.

A write calls it too once its transaction is confirmed, so its own event is in the index and a
following read shows it even with ``--offline``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tui.core.errors import AgoraError
from tui.core.text import clean_line

if TYPE_CHECKING:
    from tui.core.config.settings import Network
    from tui.core.content.store import BlockStore

READ_BUDGET = 3.0
"""Seconds a read waits for the catch-up before showing what is indexed."""
WRITE_BUDGET = 10.0
"""Seconds a confirmed write waits to index its own event."""
RPC_TIMEOUT = 3.0
"""Seconds one RPC request of a catch-up may take (an abandoned one ends this soon after)."""
GRACE = 1.0
"""Seconds given to a catch-up that ran out of time to stop at its next committed range."""


class _Stopped(Exception):
    """Internal: the reader stopped waiting; end the sync after the range just committed."""


@dataclass
class CatchUp:
    """How far a catch-up got."""

    state: str
    """"current" (indexed up to the node's head), "behind" (out of time), "offline" (the node
    does not answer, or is on another chain) or "failed" (the sync itself failed)."""
    indexed_block: int = 0
    head_block: int = 0
    problem: str = ""
    """Why (one sanitised line) when "offline" or "failed"."""

    def message(self) -> str:
        """One line for stderr ("" when current)."""
        if self.state == "offline":
            return f"Offline ({self.problem}): showing the local index."
        if self.state == "failed":
            return f"Could not catch up ({self.problem}): showing the local index."
        if self.state == "behind":
            head = f" of {self.head_block}" if self.head_block else ""
            return (
                f"Still catching up (indexed to block {self.indexed_block}{head}): showing what "
                "is indexed; `agora sync` finishes it."
            )
        return ""


def catch_up(
    network: Network,
    path: Path,
    store: BlockStore | None,
    budget: float | None = None,
) -> CatchUp:
    """Sync the index at ``path`` with ``network``'s node for at most ``budget`` seconds.

    ``budget`` defaults to ``READ_BUDGET``.

    The sync commits range by range, so stopping it early keeps everything it indexed; a range
    in flight when the budget runs out is abandoned after ``GRACE`` (its requests end within
    ``RPC_TIMEOUT``) and the process may exit without waiting for it: SQLite's journal keeps
    the file consistent whatever the point it stops at.
    """
    stop = threading.Event()
    outcome = CatchUp("behind")

    def progress(cursor: int, head: int) -> None:
        outcome.indexed_block, outcome.head_block = cursor, head
        if stop.is_set():
            raise _Stopped

    def body() -> None:
        from tui.core.chain.networks import check_chain
        from tui.core.chain.rpc import RpcClient
        from tui.core.index.schema import connect
        from tui.core.index.service import AgoraIndex

        failure = "offline"
        try:
            with RpcClient(network.rpc_url, timeout=RPC_TIMEOUT) as rpc:
                check_chain(rpc, network.chain_id, network.name)
                outcome.head_block = rpc.block_number()
                failure = "failed"  # the node answers: what fails now is the sync
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                index = AgoraIndex(connect(path), network, me="", store=store, path=path)
                try:
                    result = index.sync(rpc, on_progress=progress)
                finally:
                    index.close()
            outcome.state = "current"
            outcome.indexed_block = result.to_block
            outcome.head_block = max(outcome.head_block, result.to_block)
        except _Stopped:
            pass
        except AgoraError as exc:
            outcome.state, outcome.problem = failure, clean_line(exc.message, 160)
        except Exception as exc:  # never a traceback from a background catch-up
            outcome.state = failure
            outcome.problem = clean_line(f"{type(exc).__name__}: {exc}", 160)

    seconds = READ_BUDGET if budget is None else budget
    worker = threading.Thread(target=body, name="agora-catch-up", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        stop.set()
        worker.join(GRACE)
    seen = replace(outcome)  # a thread left running may still write to ``outcome``
    if seen.state == "behind" and not seen.head_block:  # not even the chain id came back
        seen.state, seen.problem = "offline", f"no answer from the node within {seconds:g} s"
    if seen.state == "behind" and not seen.indexed_block:
        seen.indexed_block = _cursor(path)
    return seen


def _cursor(path: Path) -> int:
    """The last block the index at ``path`` holds (0 when it cannot be read)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, timeout=1.0)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'cursor_block'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
    return int(row[0]) if row else 0


def report(outcome: CatchUp, as_json: bool) -> None:
    """Say on stderr that the index is behind or the node is offline.

    Quiet with ``--json``: a script gets exactly the data on stdout and nothing on stderr
    unless the command fails (a write says ``"indexed": false`` in its document instead).
    """
    if outcome.state != "current" and not as_json:
        click.echo(outcome.message(), err=True)
