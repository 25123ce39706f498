"""Devnet fixtures: an isolated data directory on a free port, and `agora` subprocesses.

Every devnet a test starts is stopped in teardown, whatever the test did (no leaked anvils).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tui.core.chain.devnet import Devnet
from tui.core.chain.devnet_process import pid_alive
from tui.core.content.store import LocalContentStore

Agora = Callable[..., subprocess.CompletedProcess[str]]


def run_agora(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """``agora ARGS`` in a subprocess, as a user or script runs it (stdin is not a TTY)."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, "AGORA_KEY_STORE": "file", **(env or {})},
        timeout=180,
    )


def run_json(*args: str) -> dict[str, Any]:
    done = run_agora(*args, "--json")
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


@pytest.fixture
def devnet(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Devnet]:
    """The devnet of this test's data directory, on a free port; stopped in teardown."""
    monkeypatch.setenv("AGORA_DEVNET_PORT", "0")
    net = Devnet(isolated_home, LocalContentStore(isolated_home / "content"))
    try:
        yield net
    finally:
        record = net.read_record()
        with contextlib.suppress(Exception):
            net.down()
        if record and record.pid and pid_alive(record.pid):  # down failed: do not leak it
            with contextlib.suppress(ProcessLookupError):
                os.kill(record.pid, signal.SIGKILL)


@pytest.fixture
def agora(devnet: Devnet) -> Agora:
    return run_agora
