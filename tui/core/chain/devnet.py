"""The embedded devnet: one detached anvil per data directory, with its chain kept on disk.

``Devnet(home).up()`` starts anvil (or reuses the one already running for this data
directory), deploys the contracts when they are missing and seeds the demo once. Everything
about the running node is recorded in ``<home>/devnet/devnet.json``; a file lock around
up/down/reset lets several ``agora`` processes share one node instead of racing to start two.
anvil runs in its own session so it outlives the command that started it.

Agora saves the chain itself: ``anvil_dumpState`` written atomically to
``<home>/devnet/state.json`` (loaded with ``--load-state`` at the next start) after a fresh
deploy or seed, after Agora's own transactions (``checkpoint``: only when there are new
blocks) and by ``down`` before it stops anvil. anvil's own ``--state-interval`` dump is not
used: it rewrote the whole state every few seconds even when idle (a core's worth of CPU on a
100,000-post chain), in place, so a kill at the wrong moment left a truncated file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.chain.devnet_process import (
    answers,
    gunzip_hex,
    is_our_anvil,
    pid_alive,
    slow_notice,
    terminate,
)
from tui.core.chain.devnet_record import DEVNET_CHAIN_ID, DevnetRecord, read_record
from tui.core.chain.foundry import INSTALL_HINT, AnvilProcess, find_tool, free_port, port_open
from tui.core.chain.rpc import RpcClient
from tui.core.config.paths import ensure_dir
from tui.core.content.store import BlockStore
from tui.core.errors import ChainError, DevnetError
from tui.core.files import write_atomic, write_atomic_chunks
from tui.core.text import clean_line

log = logging.getLogger(__name__)

DEFAULT_PORT = 8545
PORT_ENV = "AGORA_DEVNET_PORT"
"""Port for a newly started devnet (``0``: any free port). Tests set it to avoid 8545."""
GENESIS_AGE = 14 * 86400
"""A fresh chain's genesis is dated this far back, so the seeded week of history fits after it."""
DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
"""anvil's public development key 0 (funded on every anvil chain): deploys the contracts."""
LOCK_TIMEOUT = 180.0
"""Seconds to wait for another process's ``up``/``down`` (a first seed takes a few)."""
SAVE_TIMEOUT = 600.0
"""Seconds anvil may take to hand over its state (a 100,000-post chain: a few)."""
ANSWER_TIMEOUT = 10.0
"""Seconds anvil may take to answer a simple call before a save gives up on it (frozen)."""

RESET_GLOBS: list[str] = [
    "devnet/*",
    "index/devnet-*",
    "index/devnet.*",
    "outbox/devnet-*",
    "outbox/devnet.*",
]
"""Files under the data directory that describe the devnet's chain and are deleted by reset.

Other areas append their own chain-dependent files here (for example an index database named
``index/devnet-<chain>.sqlite``): after a reset the old chain is gone, so are they.
"""


@dataclass
class UpResult:
    """What ``up`` did, for the CLI's report."""

    record: DevnetRecord
    started: bool = False
    """A new anvil process was started (False: a running one was reused)."""
    deployed: bool = False
    seeded: bool = False
    """The demo was seeded by this call."""
    seconds: float = 0.0


class Devnet:
    """The devnet of one data directory. Methods are safe to call from several processes."""

    def __init__(self, home: Path, content: BlockStore | None = None) -> None:
        self.home = home
        self.dir = home / "devnet"
        self.record_path = self.dir / "devnet.json"
        self.state_path = self.dir / "state.json"
        self.saved_path = self.dir / "saved.json"
        """The block the state file was saved at (``checkpoint`` skips a save when unchanged)."""
        self.node_path = self.dir / "node.json"
        """anvil's ``--config-out`` (its accounts); its path also marks anvil's command line."""
        self.save_lock_path = self.dir / "save.lock"
        self.log_path = self.dir / "anvil.log"
        self.lock_path = self.dir / "lock"
        self._content = content

    # --- record -------------------------------------------------------------------------

    def read_record(self) -> DevnetRecord | None:
        return read_record(self.home)

    def _write_record(self, record: DevnetRecord) -> None:
        ensure_dir(self.dir)
        write_atomic(self.record_path, (json.dumps(record.to_json(), indent=2) + "\n").encode())

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the devnet's file lock (another process's up/down waits its turn)."""
        try:
            import fcntl
        except ImportError:  # Windows: no flock; a single process at a time is assumed
            yield
            return
        ensure_dir(self.dir)
        with open(self.lock_path, "a+b") as fh:
            deadline = time.monotonic() + LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise DevnetError(
                            f"Another agora process has held the devnet lock for "
                            f"{LOCK_TIMEOUT:.0f} s ({self.lock_path}).",
                            hint="Wait for it to finish, or stop it and retry.",
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def is_running(self, record: DevnetRecord | None) -> bool:
        """True when the recorded anvil is alive and answers with the devnet's chain id."""
        return bool(
            record
            and record.pid
            and pid_alive(record.pid)
            and is_our_anvil(record.pid, self.dir)
            and answers(record.rpc_url, record.chain_id)
        )

    # --- lifecycle ----------------------------------------------------------------------

    def up(self, *, seed: bool = True, progress: Callable[[str], None] | None = None) -> UpResult:
        """Start (or reuse) anvil, deploy the contracts if absent, seed the demo once.

        Raises:
            DevnetError: anvil is missing or cannot start.
            ChainError: deploying or seeding failed.
        """
        say = progress or (lambda _msg: None)
        began = time.monotonic()
        with self.locked():
            record = self.read_record() or DevnetRecord()
            result = UpResult(record)
            if not self.is_running(record):
                # eth_account takes ~0.5 s to import and deploying needs it: load it while
                # anvil starts.
                threading.Thread(target=_preload_signing, daemon=True).start()
                self._stop_stale(record)
                say("Starting anvil…")
                self._start(record)
                result.started = True
                self._write_record(record)
            with RpcClient(record.rpc_url) as rpc:
                self._check_protocol(rpc, record)
                if not self._deployed(rpc, record):
                    self._deploy(rpc, record, say)
                    result.deployed = True
                if seed and not record.seeded:
                    if self._has_data(rpc, record):  # a seed was interrupted: start over clean
                        self._deploy(rpc, record, say)
                        result.deployed = True
                    self._seed(rpc, record, say)
                    result.seeded = True
                if result.started or result.deployed:
                    self._sync_clock(rpc)
            if result.deployed or result.seeded:  # a fresh chain: on disk before we return
                self._save(record, force=True)
        result.seconds = time.monotonic() - began
        return result

    def _ports(self, record: DevnetRecord) -> list[int]:
        wanted = os.environ.get(PORT_ENV, "").strip()
        if wanted:
            try:
                port = int(wanted)
            except ValueError:
                raise DevnetError(f"{PORT_ENV}={wanted!r} is not a port number.") from None
            return [port or free_port()]
        candidates = [p for p in (record.port, DEFAULT_PORT) if p]
        free = [p for p in dict.fromkeys(candidates) if not port_open("127.0.0.1", p)]
        return [*free, free_port()]

    def _start(self, record: DevnetRecord) -> None:
        try:
            find_tool("anvil")
        except DevnetError as exc:  # always say how to get anvil, whatever was wrong
            raise DevnetError(exc.message, hint=INSTALL_HINT) from None
        ensure_dir(self.dir)
        # --silent: anvil would otherwise log every RPC call (the log grows without bound);
        # start-up errors are still written to the log.
        args = [
            "--silent",
            "--config-out",
            str(self.node_path),
            # A local chain never reorganises: let the "finalized" tag trail the head by two
            # blocks instead of anvil's default 64, so the demo does not show as unfinalized.
            "--slots-in-an-epoch",
            "1",
        ]
        if self.state_path.exists():
            args += ["--load-state", str(self.state_path)]
        else:
            args += ["--timestamp", str(int(time.time()) - GENESIS_AGE)]
        last_error: DevnetError | None = None
        for port in self._ports(record):
            node = AnvilProcess(
                port=port,
                chain_id=DEVNET_CHAIN_ID,
                args=args,
                log_path=self.log_path,
                detach=True,
            )
            try:
                node.start()
            except DevnetError as exc:
                last_error = exc
                continue
            assert node.proc is not None
            if node.proc.poll() is None and answers(node.url, DEVNET_CHAIN_ID):
                record.rpc_url, record.port, record.pid = node.url, port, node.proc.pid
                record.state_file = str(self.state_path)
                record.chain_id = DEVNET_CHAIN_ID
                return
            node.stop()
        reason = last_error.message if last_error else "no free port"
        tail = self._log_tail()
        raise DevnetError(
            f"anvil could not start: {reason}" + (f"\nanvil said: {tail}" if tail else ""),
            hint=f"See {self.log_path}. If the saved chain is damaged, run `agora devnet reset`.",
        )

    def _log_tail(self) -> str:
        """The last non-empty line anvil wrote (its start-up error), sanitised."""
        try:
            lines = self.log_path.read_text("utf-8", "replace").strip().splitlines()
        except OSError:
            return ""
        errors = [line for line in lines if line.strip().lower().startswith("error")]
        return clean_line((errors or lines or [""])[-1], 300)

    def _stop_stale(self, record: DevnetRecord) -> None:
        """Stop a recorded anvil that no longer answers, and forget its pid."""
        if record.pid and pid_alive(record.pid) and is_our_anvil(record.pid, self.dir):
            terminate(record.pid, kill=True)
        record.pid = 0

    def _deployed(self, rpc: RpcClient, record: DevnetRecord) -> bool:
        if not (record.social and record.articles):
            return False
        addresses = (record.social, record.articles, *record.contracts.values())
        return all(len(rpc.get_code(a)) > 0 for a in addresses)

    def _check_protocol(self, rpc: RpcClient, record: DevnetRecord) -> None:
        """Refuse a chain deployed by an older protocol (tui.core.chain.protocol): never half-work."""
        from tui.core.chain.protocol import PROTOCOL_VERSION, deployed_version, outdated

        if record.social and len(rpc.get_code(record.social)) > 0:
            version = deployed_version(rpc, record.social)
            if version != PROTOCOL_VERSION:
                raise outdated(version)

    def _has_data(self, rpc: RpcClient, record: DevnetRecord) -> bool:
        from tui.core.chain.abi import decode_result, encode_call

        data = encode_call("Social", "postCount", [])
        return int(decode_result("Social", "postCount", rpc.eth_call(record.social, data))[0]) > 0

    def _deploy(self, rpc: RpcClient, record: DevnetRecord, say: Callable[[str], None]) -> None:
        from tui.core.chain.deploy import deploy_contracts

        say("Deploying the Agora contracts…")
        deployment = deploy_contracts(rpc, DEPLOYER_KEY, devnet=True)
        record.social, record.articles = deployment.social, deployment.articles
        record.contracts = dict(deployment.contracts)
        record.deploy_block, record.chain_id = deployment.block, deployment.chain_id
        record.seeded, record.seed = False, {}
        self._write_record(record)

    def _seed(self, rpc: RpcClient, record: DevnetRecord, say: Callable[[str], None]) -> None:
        from tui.core.chain.seed import seed_demo
        from tui.core.content.store import LocalContentStore

        content = self._content or LocalContentStore(ensure_dir(self.home / "content"))
        say("Seeding the demo…")
        summary = seed_demo(
            rpc, social=record.social, articles=record.articles, content=content, progress=say
        )
        from tui.core.chain.deploy import Deployment
        from tui.core.chain.extensions import SeedContext, seed_extensions

        deployment = Deployment(
            social=record.social,
            articles=record.articles,
            block=record.deploy_block,
            chain_id=record.chain_id,
            contracts=dict(record.contracts),
        )
        seed_extensions(SeedContext(rpc, deployment, content, say))
        record.seeded, record.seed = True, summary.to_dict()
        self._write_record(record)

    def _sync_clock(self, rpc: RpcClient) -> None:
        """Bring the chain's clock to now (a fresh chain starts two weeks in the past)."""
        latest = rpc.get_block("latest") or {}
        now = int(time.time())
        if int(str(latest.get("timestamp", "0x0")), 16) < now:
            rpc.call("evm_setTime", [now])

    def status(self) -> dict[str, Any]:
        """The record plus liveness: ``running``, ``block`` (None when not running)."""
        record = self.read_record()
        running = self.is_running(record)
        block: int | None = None
        protocol: int | None = None
        if running and record:
            try:
                with RpcClient(record.rpc_url, timeout=3.0) as rpc:
                    block = rpc.block_number()
                    if record.social:
                        from tui.core.chain.protocol import deployed_version

                        protocol = deployed_version(rpc, record.social)
            except ChainError:
                running = False
        data = (record or DevnetRecord(chain_id=DEVNET_CHAIN_ID)).to_json()
        data.update(running=running, block=block, home=str(self.dir), protocol=protocol)
        if not running:
            data["pid"] = None
        return data

    # --- saving -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _save_locked(self) -> Iterator[None]:
        """One save at a time across processes, so the newest state is always renamed last."""
        try:
            import fcntl
        except ImportError:  # Windows: no flock
            yield
            return
        ensure_dir(self.dir)
        with open(self.save_lock_path, "a+b") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _saved_mark(self) -> str:
        try:
            return str(json.loads(self.saved_path.read_text("utf-8")).get("mark", ""))
        except (OSError, ValueError, AttributeError):
            return ""

    def _save(
        self, record: DevnetRecord, *, force: bool, say: Callable[[str], None] | None = None
    ) -> bool:
        """Write anvil's state to ``state.json`` atomically; False when unchanged (not forced).

        Raises:
            DevnetError: anvil did not hand over its state (it keeps running, nothing changed
                on disk).
        """
        with self._save_locked():
            self._remove_abandoned_saves()
            try:
                with RpcClient(record.rpc_url, timeout=min(ANSWER_TIMEOUT, SAVE_TIMEOUT)) as rpc:
                    head = rpc.get_block("latest") or {}
                mark = f"{head.get('number')}:{head.get('hash')}"
                if not force and mark == self._saved_mark() and self.state_path.exists():
                    return False
                with (
                    RpcClient(record.rpc_url, timeout=SAVE_TIMEOUT) as rpc,
                    slow_notice(say, "Saving the devnet's state…"),
                ):
                    dumped = rpc.call("anvil_dumpState")
                    write_atomic_chunks(self.state_path, gunzip_hex(dumped))
            except (ChainError, ValueError, zlib.error) as exc:
                raise DevnetError(
                    f"anvil (pid {record.pid}) did not hand over its state: {exc}",
                    hint="It is still running and the saved state is unchanged; try again. "
                    f"`kill -9 {record.pid}` stops it without saving (changes since the last "
                    "save are lost).",
                ) from None
            write_atomic(self.saved_path, json.dumps({"mark": mark}).encode())
        return True

    def _remove_abandoned_saves(self) -> None:
        """Delete temporary files of saves whose process was killed (each as big as the state).

        Only old ones: ``devnet.json`` is written through a temporary file too, without this
        lock, and takes milliseconds.
        """
        cutoff = time.time() - SAVE_TIMEOUT
        for tmp in self.dir.glob(".tmp-*"):
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < cutoff:
                    tmp.unlink()

    def checkpoint(self) -> bool:
        """Save the chain when it has new blocks since the last save; False when nothing to do.

        Called after Agora's own transactions, so a killed anvil (SIGKILL, power loss) loses at
        most what happened since. Safe from any process; does nothing when the devnet is down.

        Raises:
            DevnetError: the running anvil did not hand over its state.
        """
        record = self.read_record()
        if record is None or not self.is_running(record):
            return False
        return self._save(record, force=False)

    def down(self, progress: Callable[[str], None] | None = None) -> bool:
        """Save the state, stop anvil and wait until it has exited. False when it was not running.

        Raises:
            DevnetError: anvil did not hand over its state, or did not exit within
                ``STOP_TIMEOUT`` (it is left running; the message says what to do).
        """
        with self.locked():
            return self._down(save=True, say=progress)

    def _down(self, *, save: bool, say: Callable[[str], None] | None = None) -> bool:
        record = self.read_record()
        if record is None or not record.pid:
            return False
        was_running = pid_alive(record.pid) and is_our_anvil(record.pid, self.dir)
        if was_running:
            if save:
                self._save(record, force=True, say=say)
            terminate(record.pid, kill=not save, say=say)
        record.pid = 0
        self._write_record(record)
        return was_running

    def reset(self) -> list[Path]:
        """Stop anvil and delete the devnet's chain and every file that depends on it."""
        removed: list[Path] = []
        with self.locked():
            self._down(save=False)
            for pattern in RESET_GLOBS:
                for path in sorted(self.home.glob(pattern)):
                    if path == self.lock_path:
                        continue
                    if path.is_dir():
                        shutil.rmtree(path, ignore_errors=True)
                    else:
                        path.unlink(missing_ok=True)
                    removed.append(path)
            self._abandon_outbox()
        return removed

    def _abandon_outbox(self) -> None:
        """Pending devnet transactions died with the old chain: mark them dropped, keep them."""
        outbox_path = self.home / "outbox.sqlite"
        if not outbox_path.exists():
            return
        from tui.core.actions.outbox import Outbox

        outbox = Outbox(outbox_path)
        try:
            outbox.abandon_chain(
                DEVNET_CHAIN_ID, "the devnet was reset; its chain no longer exists"
            )
        finally:
            outbox.close()


def _preload_signing() -> None:
    with contextlib.suppress(ImportError):
        import eth_account  # noqa: F401


def checkpoint_after_write(home: Path, rpc_url: str) -> bool:
    """Save the devnet of ``home`` after an Agora transaction was mined on it at ``rpc_url``.

    Does nothing (False) for any other node. A failed save is logged, never raised: the
    transaction is mined and stays in anvil, and ``down`` saves it in any case.
    """
    devnet = Devnet(home)
    record = devnet.read_record()
    if record is None or not record.rpc_url or record.rpc_url.rstrip("/") != rpc_url.rstrip("/"):
        return False
    try:
        return devnet.checkpoint()
    except DevnetError as exc:
        log.warning("the devnet's state was not saved after a write: %s", exc.message)
        return False
