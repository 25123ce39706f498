"""The devnet's anvil process seen from outside: is it alive, is it ours, does it answer, and
stopping it without cutting a state save short.

Kept apart from ``Devnet`` (tui/core/chain/devnet.py), which decides *when* to start, save and
stop; these functions only know processes, signals and anvil's dump format.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from tui.core.chain.rpc import RpcClient
from tui.core.errors import ChainError, DevnetError

STOP_TIMEOUT = 120.0
"""Seconds to wait for anvil to exit after SIGTERM before ``down`` reports it still running.
Generous: an anvil started by an older Agora still dumps its whole state on exit."""
KILL_AFTER = 20.0
"""Seconds a node being replaced or reset gets to exit before SIGKILL (its state is not kept)."""
PROGRESS_AFTER = 1.0
"""Seconds of waiting after which ``down`` says on its progress line what it waits for."""
PROGRESS_EVERY = 10.0
"""Seconds between the following progress lines."""


def pid_alive(pid: int) -> bool:
    """True while ``pid`` is a live process (zombies of our own children are reaped: dead)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would terminate it there; the RPC check decides
        return True
    with contextlib.suppress(ChildProcessError, OSError):
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError):
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def is_our_anvil(pid: int, devnet_dir: Path) -> bool:
    """True when ``pid`` is an anvil started for ``devnet_dir`` (guards against pid reuse).

    Its command line names a file in that directory (``--config-out``, ``--load-state``, or
    ``--state`` for an anvil started by an older Agora). Where ``/proc`` is unavailable the
    pid is trusted if it is alive.
    """
    if not Path("/proc/self").exists():
        return pid_alive(pid)
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        args = cmdline.read_bytes().split(b"\0")
    except OSError:
        return False
    inside = os.fsencode(devnet_dir) + os.fsencode(os.sep)
    return any(b"anvil" in a for a in args[:1]) and any(a.startswith(inside) for a in args)


def answers(url: str, chain_id: int) -> bool:
    if not url:
        return False
    try:
        with RpcClient(url, timeout=3.0) as rpc:
            return rpc.chain_id() == chain_id
    except ChainError:
        return False


@contextlib.contextmanager
def slow_notice(say: Callable[[str], None] | None, message: str) -> Iterator[None]:
    """Say ``message`` if the block takes longer than ``PROGRESS_AFTER`` seconds, then again
    with the time waited every ``PROGRESS_EVERY`` seconds."""
    done = threading.Event()

    def tick() -> None:
        began = time.monotonic()
        if done.wait(PROGRESS_AFTER) or say is None:
            return
        say(message)
        while not done.wait(PROGRESS_EVERY):
            say(f"{message} {time.monotonic() - began:.0f} s")

    ticker = threading.Thread(target=tick, daemon=True) if say else None
    if ticker:
        ticker.start()
    try:
        yield
    finally:
        done.set()
        if ticker:
            ticker.join()


def gunzip_hex(dumped: object) -> Iterator[bytes]:
    """The JSON state from ``anvil_dumpState``'s answer (hex of gzip), in pieces."""
    if not isinstance(dumped, str) or not dumped.startswith("0x"):
        raise ValueError("anvil_dumpState answered something other than hex")
    packed = bytes.fromhex(dumped[2:])
    inflate = zlib.decompressobj(wbits=31)
    step = 1 << 20
    for i in range(0, len(packed), step):
        yield inflate.decompress(packed[i : i + step])
    yield inflate.flush()
    if not inflate.eof:
        raise ValueError("anvil_dumpState answered a truncated state")


def terminate(
    pid: int,
    timeout: float | None = None,
    *,
    kill: bool = False,
    say: Callable[[str], None] | None = None,
) -> None:
    """SIGTERM, then wait until the process has exited.

    With ``kill`` a process that outlives ``timeout`` gets SIGKILL (a hung node being
    replaced or reset: nothing of it is kept). Without, it is left running and DevnetError
    says so: killing an anvil that is still writing its state would truncate the file.
    """
    limit = timeout if timeout is not None else KILL_AFTER if kill else STOP_TIMEOUT
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if os.name == "nt":  # TerminateProcess: immediate; the saved state is already on disk
        return
    began = time.monotonic()
    next_notice = began + PROGRESS_AFTER
    while time.monotonic() - began < limit:
        if not pid_alive(pid):
            return
        if say and time.monotonic() >= next_notice:
            say(f"Waiting for anvil (pid {pid}) to exit… {time.monotonic() - began:.0f} s")
            next_notice = time.monotonic() + PROGRESS_EVERY
        time.sleep(0.05)
    if not kill:
        raise DevnetError(
            f"anvil (pid {pid}) did not exit within {limit:.0f} s of being asked to stop.",
            hint="Its state was saved first. Run `agora devnet down` again to keep waiting, "
            f"or stop it with `kill -9 {pid}`.",
        )
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    while pid_alive(pid) and time.monotonic() - began < limit + 5:
        time.sleep(0.05)
