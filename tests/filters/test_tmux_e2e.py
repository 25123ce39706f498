"""End to end in a real terminal: mute an author and their posts collapse; bookmark, restart,
open Bookmarks. The real command (``python -m tui``) over a cached home, under tmux."""

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

from tests.filters.conftest import POSTS
from tests.filters.kit import make_home

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """One private tmux server (its own socket), killed at the end."""

    def __init__(self, tmp: Path) -> None:
        self.socket = str(tmp / f"tmux-{uuid.uuid4().hex[:8]}")

    def __call__(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-S", self.socket, *args], capture_output=True, text=True, timeout=20,
            check=check,
        )  # fmt: skip
        return done.stdout

    def start(self) -> None:
        env = [
            a
            for k, v in os.environ.items()
            if k.startswith(("AGORA", "PYTHON", "TERM"))
            for a in ("-e", f"{k}={v}")
        ]
        self("new-session", "-d", "-s", "agora", "-x", "100", "-y", "30", "-c", str(ROOT),
             "-e", f"PYTHONPATH={ROOT}", "-e", "TERM=xterm-256color", *env,
             f"{sys.executable} -m tui")  # fmt: skip

    def keys(self, *keys: str) -> None:
        for key in keys:
            self("send-keys", "-t", "agora", key)
            time.sleep(0.3)

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self("capture-pane", "-p", "-t", "agora", check=False)
            if needle in screen:
                return screen
            time.sleep(0.3)
        raise AssertionError(f"{needle!r} never appeared:\n{screen}")

    def wait_gone(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            probe = ["tmux", "-S", self.socket, "has-session", "-t", "agora"]
            if subprocess.run(probe, capture_output=True).returncode:
                return  # the session ended with the app
            time.sleep(0.3)
        raise AssertionError("the app did not quit")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    t = Tmux(tmp_path)
    try:
        yield t
    finally:
        t("kill-server", check=False)


def test_mute_collapses_and_a_bookmark_survives_a_restart(tmux: Tmux, isolated_home: Path) -> None:
    from tests.filters.kit import AUTHORS

    make_home(isolated_home, POSTS, parents={4: 6}, names={AUTHORS[2]: "Spoiler Sam"})
    tmux.start()
    tmux.wait_for("Notifications")
    tmux.keys("2")
    tmux.wait_for("another post by the second author")
    tmux.keys("j", "m")  # post 5, by Spoiler Sam
    screen = tmux.wait_for("muted: Spoiler Sam — v to view")
    assert "another post by the second author" not in screen
    tmux.keys("j", "b")  # post 4
    tmux.wait_for("Bookmarked post #4")
    tmux.keys("q")
    tmux.wait_gone()
    tmux.start()
    tmux.wait_for("Notifications")
    tmux.keys("B")
    screen = tmux.wait_for("a reply to my own post")
    assert "Bookmarks" in screen
