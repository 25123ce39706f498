"""`agora gateway` end to end: loopback unless --public, and only published blocks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.cli_wallet.test_cli_flows import agora
from tui.core.content.store import LocalContentStore


@contextmanager
def _gateway(*args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``agora gateway --port 0 ARGS`` running; yields its URL (from its first line)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "gateway", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "AGORA_KEY_STORE": "file"},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert " at http://" in line, line + (proc.stderr.read() if proc.stderr else "")
        yield line.split(" at ", 1)[1].split("/ipfs/", 1)[0], proc
    finally:
        proc.terminate()
        proc.wait(10)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_public_interface_needs_the_flag_and_warns() -> None:
    refused = agora("gateway", "--host", "0.0.0.0", "--port", "0")
    assert refused.returncode == 2 and "not a loopback address" in refused.stderr
    assert "--public" in refused.stderr
    with _gateway("--host", "0.0.0.0", "--public") as (_url, proc):
        proc.terminate()
        _out, err = proc.communicate(timeout=10)
    assert err.startswith("Warning: serving on 0.0.0.0, not just this machine")


@pytest.mark.usefixtures("kit")
def test_only_published_blocks_are_served(passphrase_file: Path, isolated_home: Path) -> None:
    pw = str(passphrase_file)
    unsigned = agora("post", "my unsent words", "--dry-run", "--json", "--passphrase-file", pw)
    assert unsigned.returncode == 0, unsigned.stderr
    (private,) = json.loads(unsigned.stdout)["confirmation"]["cids"]
    signed = agora("post", "hello world", "--yes", "--json", "--passphrase-file", pw)
    assert signed.returncode == 0, signed.stderr
    (public,) = json.loads(signed.stdout)["confirmation"]["cids"]
    store = LocalContentStore(isolated_home / "content")
    assert private != public and store.has(private) and store.has(public)
    with _gateway() as (url, _proc):
        assert _status(f"{url}/ipfs/{public}?format=raw") == 200
        assert _status(f"{url}/ipfs/{private}?format=raw") == 404
