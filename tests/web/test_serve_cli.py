"""`agora serve`'s refusals: exposure beyond loopback, and a missing web extra."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli.serve import child_command


def agora(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AGORA_HOME": str(home), "AGORA_CONFIG": str(home / "settings.toml")}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )


def serve(args: list[str], home: Path, before: str = "") -> subprocess.CompletedProcess[str]:
    return agora(f"{before}import tui.cli.entry as e; e.main({['serve', *args]!r})", home)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com"])
def test_a_non_loopback_address_needs_the_dangerous_flag(host: str, tmp_path: Path) -> None:
    done = serve(["--host", host], tmp_path)
    assert done.returncode == 2, done.stderr
    assert "not a loopback address" in done.stderr
    assert "--dangerously-allow-remote" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "devnet").exists()  # refused before anything started


def test_the_dangerous_flag_still_needs_an_https_public_url(tmp_path: Path) -> None:
    for extra in ([], ["--public-url", "http://agora.example"]):
        done = serve(["--host", "0.0.0.0", "--dangerously-allow-remote", *extra], tmp_path)
        assert done.returncode == 2, done.stderr
        assert "--public-url https://" in done.stderr


@pytest.mark.parametrize(
    "url",
    ["https://", "https://[", "https://agora.example:99999", "https://a b", "https://x/\x1b]0;"],
)
def test_a_malformed_public_url_is_a_usage_error(url: str, tmp_path: Path) -> None:
    """No host, a bad port or IPv6 literal, spaces or control characters: refused before the
    devnet starts (they were an internal error, or printed raw in the login link)."""
    done = serve(["--host", "0.0.0.0", "--dangerously-allow-remote", "--public-url", url], tmp_path)
    assert done.returncode == 2, done.stderr
    assert "is not a usable https URL" in done.stderr
    assert "\x1b" not in done.stdout + done.stderr and "internal error" not in done.stderr
    assert not (tmp_path / "devnet").exists()


def test_a_public_url_on_loopback_is_a_usage_error(tmp_path: Path) -> None:
    done = serve(["--public-url", "https://agora.example"], tmp_path)
    assert done.returncode == 2
    assert "only for --dangerously-allow-remote" in done.stderr


def test_without_the_web_extra_the_message_says_how_to_install_it(tmp_path: Path) -> None:
    done = serve([], tmp_path, before="import sys; sys.modules['textual_serve'] = None\n")
    assert done.returncode == 8, done.stderr
    assert "pip install 'agora-tui[web]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_each_tab_runs_this_python_on_the_parents_rpc_url() -> None:
    command = child_command("http://127.0.0.1:8545", "devnet", "my label; rm -rf ~")
    assert shlex.split(command) == [
        "exec",
        sys.executable,
        "-m",
        "tui",
        "--network",
        "devnet",
        "--rpc-url",
        "http://127.0.0.1:8545",
        "--account",
        "my label; rm -rf ~",
    ]


def test_a_port_in_use_is_a_usage_error_before_anything_starts(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve(["--port", str(port)], tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"Cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "--port" in done.stderr
    assert not (tmp_path / "devnet").exists()  # refused before the devnet started
