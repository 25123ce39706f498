"""How the devnet keeps its chain on disk: no dumps while idle, `down` waits for a saved state
and a stopped anvil, and an Agora write survives a SIGKILL of anvil right after it."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import DEV_KEYS
from tests.devnet.conftest import run_agora
from tui.core.chain import devnet as devnet_module
from tui.core.chain import devnet_process
from tui.core.chain.abi import decode_result, encode_call
from tui.core.chain.devnet import Devnet
from tui.core.chain.devnet_process import pid_alive
from tui.core.chain.rpc import RpcClient
from tui.core.errors import DevnetError


def _post_count(url: str, social: str) -> int:
    with RpcClient(url) as rpc:
        raw = rpc.eth_call(social, encode_call("Social", "postCount", []))
    return int(decode_result("Social", "postCount", raw)[0])


def _kill_hard(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    while pid_alive(pid):
        time.sleep(0.05)


def test_an_idle_devnet_does_not_rewrite_its_state(devnet: Devnet) -> None:
    """Rewriting the whole state every 2 s cost a core on a large chain: idle means no writes."""
    record = devnet.up(seed=False).record
    assert devnet.state_path.exists()  # the fresh deployment is saved before `up` returns
    before = devnet.state_path.stat()
    time.sleep(5)  # more than two of the former 2-second dump intervals
    after = devnet.state_path.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    cmdline = Path(f"/proc/{record.pid}/cmdline").read_bytes().split(b"\0")
    assert b"--state-interval" not in cmdline


def test_down_reports_an_anvil_that_does_not_answer_and_leaves_it_running(
    devnet: Devnet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frozen anvil cannot hand over its state: `down` says so instead of claiming success
    (and killing it, which loses what was not saved)."""
    record = devnet.up(seed=False).record
    monkeypatch.setattr(devnet_module, "SAVE_TIMEOUT", 2.0, raising=False)
    os.kill(record.pid, signal.SIGSTOP)
    try:
        with pytest.raises(DevnetError, match="did not hand over its state") as raised:
            devnet.down()
        assert "still running" in (raised.value.hint or "")
        assert pid_alive(record.pid)
        assert devnet.status()["contracts"]["social"] == record.social
    finally:
        os.kill(record.pid, signal.SIGCONT)
    lines: list[str] = []
    assert devnet.down(progress=lines.append) is True
    assert not pid_alive(record.pid)  # `down` returned only once anvil had exited
    again = devnet.up(seed=False)
    assert again.started and not again.deployed


def test_down_waits_for_exit_and_says_so(devnet: Devnet, monkeypatch: pytest.MonkeyPatch) -> None:
    """anvil is slow to exit (stopped for 3 s): `down` waits, with a progress line."""
    record = devnet.up(seed=False).record
    monkeypatch.setattr(devnet_process, "PROGRESS_AFTER", 0.0)
    real_save = Devnet._save

    def save_then_freeze(self: Devnet, *args: object, **kwargs: object) -> bool:
        saved = real_save(self, *args, **kwargs)  # type: ignore[arg-type]
        os.kill(record.pid, signal.SIGSTOP)  # SIGTERM stays pending until SIGCONT
        threading.Timer(3.0, os.kill, (record.pid, signal.SIGCONT)).start()
        return saved

    monkeypatch.setattr(Devnet, "_save", save_then_freeze, raising=False)
    lines: list[str] = []
    assert devnet.down(progress=lines.append) is True
    assert not pid_alive(record.pid)
    assert "Saving the devnet's state…" in lines
    assert any(f"Waiting for anvil (pid {record.pid}) to exit" in line for line in lines)


def test_a_cli_write_survives_sigkill_of_anvil(devnet: Devnet, tmp_path: Path) -> None:
    """Agora saves the chain after its own mined transaction: nothing to lose to a kill -9."""
    record = devnet.up(seed=False).record
    passphrase = tmp_path / "pw"
    passphrase.write_text("correct horse battery staple")
    passphrase.chmod(0o600)
    pw = ("--passphrase-file", str(passphrase))
    imported = run_agora("account", "import", "--key", *pw, "--json", stdin=DEV_KEYS[1] + "\n")
    assert imported.returncode == 0, imported.stderr
    posted = run_agora("post", "kept across a crash", "--yes", *pw, "--json")
    assert posted.returncode == 0, posted.stderr
    assert json.loads(posted.stdout)["transaction"]["status"] == "confirmed"
    posts = _post_count(record.rpc_url, record.social)  # the demo (seeded by `post`) + ours
    assert posts >= 1
    _kill_hard(record.pid)  # no chance to dump anything on exit
    again = devnet.up(seed=False)
    assert again.started and not again.deployed
    assert _post_count(again.record.rpc_url, again.record.social) == posts
    assert devnet.checkpoint() is False  # nothing new since the last save: no rewrite


def test_a_save_killed_midway_leaves_no_large_file_behind(devnet: Devnet) -> None:
    """A process killed while writing the state leaves a temporary file; the next save removes
    it once it is clearly abandoned (the state file itself is never half-written)."""
    devnet.up(seed=False)
    abandoned = devnet.dir / ".tmp-abandoned"
    abandoned.write_bytes(b"{" * 1000)
    old = time.time() - 3600
    os.utime(abandoned, (old, old))
    recent = devnet.dir / ".tmp-recent"  # another process's save or record write, in progress
    recent.write_bytes(b"{")
    assert devnet.down() is True
    assert not abandoned.exists() and recent.exists()
