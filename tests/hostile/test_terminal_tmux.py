"""Real terminal bytes: the app on hostile content under tmux keeps the title and the clipboard."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TITLE = "agora-title-guard"
CONF = "set -g set-clipboard on\nset -g allow-rename on\nset -g allow-passthrough on\n"
"""OSC 52 lands in a paste buffer, titles and DCS passthrough are honoured: the worst case."""

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """One private tmux server (its own socket), killed at the end."""

    def __init__(self, tmp: Path) -> None:
        self.socket = str(tmp / f"tmux-{uuid.uuid4().hex[:8]}")

    def __call__(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-S", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=20,
            check=check,
        )
        return done.stdout


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    t = Tmux(tmp_path)
    try:
        yield t
    finally:
        t("kill-server", check=False)


def _wait_for(tmux: Tmux, needle: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", "agora")
        if needle in screen:
            return screen
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} never appeared:\n{screen}")


def test_hostile_content_in_a_real_terminal(tmux: Tmux, tmp_path: Path) -> None:
    raw_log = tmp_path / "pane.raw"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    cmd = f"{sys.executable} -m tests.hostile.tmux_app"
    conf = tmp_path / "tmux.conf"  # options in force before the app writes a byte
    conf.write_text(CONF)
    tmux("-f", str(conf), "new-session", "-d", "-s", "agora", "-x", "120", "-y", "40",
         "-c", str(ROOT), *[a for k, v in env.items() if k.startswith(("AGORA", "PYTHON", "TERM")) for a in ("-e", f"{k}={v}")],
         cmd)  # fmt: skip
    tmux("select-pane", "-t", "agora", "-T", TITLE)
    tmux("pipe-pane", "-t", "agora", "-o", f"cat >> {raw_log}")
    _wait_for(tmux, "Notifications")
    tmux("send-keys", "-t", "agora", "2")
    time.sleep(0.5)
    shown = _wait_for(tmux, "\u241b")  # escapes in content are shown as visible pictures
    for keys in (["j"] * 8, ["G"], ["4"], ["3"], ["Enter"], ["Escape"], ["/"], ["Escape"], ["1"]):
        tmux("send-keys", "-t", "agora", *keys)
        time.sleep(0.4)
    time.sleep(1.0)
    title = tmux("display-message", "-p", "-t", "agora", "#{pane_title}").strip()
    window = tmux("display-message", "-p", "-t", "agora", "#{window_name}").strip()
    buffers = tmux("list-buffers", check=False)
    tmux("send-keys", "-t", "agora", "q")
    raw = raw_log.read_bytes() if raw_log.exists() else b""
    assert title == TITLE, f"content changed the pane title to {title!r}"
    assert "PWN" not in window
    assert buffers.strip() == "", f"content wrote the clipboard: {buffers!r}"
    assert raw, "the raw terminal log is empty"
    for payload in (b"\x1b]52", b"\x1b]0;PWNED", b"\x1b]2;PWNED", b"\x1b]8;;https://evil",
                    b"\x1bPtmux", b"\x1b_G", b"\x1bc", b"\x1b[?1049h\x1b[?25lalt", b"\x1b[6n",
                    b"\x1b[21t", b"\xc2\x9b", b"\xc2\x9d", b"\xc2\x90"):  # fmt: skip
        assert payload not in raw, payload
    assert "\x1b" not in shown


def test_control_raw_escapes_do_reach_tmux(tmux: Tmux, tmp_path: Path) -> None:
    """Control: the same bytes printed raw do rename the pane and fill a paste buffer here."""
    script = r"sleep 1; printf '\033]2;PWNED-TITLE\007\033]52;c;cHduZWQ=\007'; sleep 30"
    conf = tmp_path / "tmux.conf"
    conf.write_text(CONF)
    tmux(
        "-f",
        str(conf),
        "new-session",
        "-d",
        "-s",
        "agora",
        "-x",
        "80",
        "-y",
        "10",
        "sh",
        "-c",
        script,
    )
    deadline = time.monotonic() + 10
    title = buffers = ""
    while time.monotonic() < deadline:
        title = tmux("display-message", "-p", "-t", "agora", "#{pane_title}").strip()
        buffers = tmux("list-buffers", check=False)
        if title == "PWNED-TITLE" and buffers:
            break
        time.sleep(0.2)
    assert title == "PWNED-TITLE"
    assert buffers.strip()
