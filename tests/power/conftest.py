"""Fixtures for the power-user tests: a deployed network in the settings, and `agora` subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.actions.conftest import network  # noqa: F401  (fixture: contracts on the test anvil)
from tests.conftest import DEV_KEYS
from tui.core.config.settings import Network

PASSPHRASE = "correct horse battery staple"

Agora = Callable[..., subprocess.CompletedProcess[str]]


def write_settings(network: Network, **extra: Any) -> Path:  # noqa: F811
    """Write a settings file making ``network`` the active one."""
    body = {k: v for k, v in network.__dict__.items() if k != "name"}
    cfg = Path(os.environ["AGORA_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(
        tomli_w.dumps({"network": network.name, "networks": {network.name: body}, **extra})
    )
    return cfg


def run_agora(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """``agora ARGS`` in a subprocess, exactly as a script would run it (stdin is not a TTY)."""
    full = {**os.environ, "AGORA_KEY_STORE": "file", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full,
        timeout=180,
        **kwargs,
    )


@pytest.fixture
def agora() -> Agora:
    return run_agora


@pytest.fixture
def configured(network: Network) -> Network:  # noqa: F811
    """The deployed test network written to the settings file."""
    write_settings(network)
    return network


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE)
    path.chmod(0o600)
    return path


@pytest.fixture
def account(configured: Network, passphrase_file: Path) -> str:
    """DEV_KEYS[1] imported (passphrase-protected keystore file); returns its address."""
    done = run_agora(
        "account", "import", "--key", "--passphrase-file", str(passphrase_file), "--json",
        stdin=DEV_KEYS[1] + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    address: str = json.loads(done.stdout)["address"]
    return address


@pytest.fixture
def anyio_backend() -> str:
    """Async pilot tests run on asyncio through anyio's pytest plugin."""
    return "asyncio"
