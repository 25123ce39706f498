"""Shared by the real-browser test and the benchmark: `agora serve` in a subprocess, Chromium.

Playwright's own browser download cannot be reached here, so it drives the system's Chromium
(Debian's `chromium`, installed by tests/with-keyring.sh) through ``executable_path``.
xterm.js draws on a canvas: the page's DOM holds no app text, so tests read app-side state
(drafts, outbox, index) and keep screenshots.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

URL = re.compile(r"https?://\S+\?token=\S+")


def chromium_path() -> str | None:
    """The system Chromium, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def skip_reason() -> str | None:
    """Why the real-browser tests cannot run here (None: they can)."""
    try:
        import playwright  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (pip install -e '.[dev,web]')"
    if chromium_path() is None:
        return "chromium is not installed (tests/with-keyring.sh apt-installs it on Debian as root)"
    return None


def artifacts_dir() -> Path:
    """Where screenshots are kept after the run (AGORA_TEST_ARTIFACTS, else test-artifacts/)."""
    root = Path(os.environ.get("AGORA_TEST_ARTIFACTS", "test-artifacts")) / "browser"
    root.mkdir(parents=True, exist_ok=True)
    return root


class Served:
    """A running `agora serve` and the one-time address it printed."""

    def __init__(self, process: subprocess.Popen[str], url: str, started: float) -> None:
        self.process = process
        self.url = url
        self.started = started
        """``time.time()`` just before the command was launched."""
        self.output: list[str] = []
        """What the server printed after its address (stdout and stderr), drained as it comes
        so a chatty server never blocks on a full pipe."""
        self._drains = [
            threading.Thread(target=self._drain, args=(stream,), daemon=True)
            for stream in (process.stdout, process.stderr)
            if stream is not None
        ]
        for thread in self._drains:
            thread.start()

    def _drain(self, stream: Any) -> None:
        for line in stream:
            self.output.append(line)

    def printed(self) -> str:
        """Everything printed so far (complete once the server stopped)."""
        for thread in self._drains:
            thread.join(timeout=5 if self.process.poll() is not None else 0)
        return "".join(self.output)

    @property
    def base(self) -> str:
        return self.url.split("/?", 1)[0]


@contextmanager
def agora_serve(args: list[str], env: dict[str, str], timeout: float = 120.0) -> Iterator[Served]:
    """Run `agora serve --port 0 ARGS` and yield once it printed its address."""
    command = [sys.executable, "-m", "tui", "serve", "--port", "0", *args]
    started = time.time()
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its tab processes can be stopped with it
    )
    try:
        url = _read_url(process, timeout)
        yield Served(process, url, started)
    finally:
        stop(process)


def _read_url(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                err = process.stderr.read() if process.stderr else ""
                raise AssertionError(f"agora serve exited ({process.returncode}):\n{err}")
            continue
        seen.append(line)
        found = URL.search(line)
        if found:
            return found.group(0)
    raise AssertionError("agora serve printed no address:\n" + "".join(seen))


def stop(process: subprocess.Popen[str]) -> None:
    """SIGTERM (the server closes its tabs' processes), then the group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # the session this test started, by its id
    process.wait(timeout=5)


def launch(playwright: Any, *args: str) -> Any:
    """Headless Chromium from the system (not Playwright's download), with extra ``args``."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=list(args)
    )


def shot(page: Any) -> bytes:
    return bytes(page.screenshot())


def wait_until_still(page: Any, timeout: float = 20.0, quiet: float = 0.6) -> bytes:
    """Screenshots until two taken ``quiet`` seconds apart are identical (bounded)."""
    deadline = time.monotonic() + timeout
    last = hashlib.sha256(shot(page)).digest()
    image = b""
    while time.monotonic() < deadline:
        time.sleep(quiet)
        image = shot(page)
        digest = hashlib.sha256(image).digest()
        if digest == last:
            return image
        last = digest
    return image


ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[@-_=>])"
)
"""CSI, OSC, charset and two-byte escape sequences: what is left of the output is its text."""


class ScreenText:
    """The text the app sent to the page, read from the page's WebSocket as it arrives.

    The terminal draws on a canvas, so this is how a test waits for what the app drew (a
    dialog opening) instead of guessing with pauses. Attach before ``page.goto``.
    """

    def __init__(self, page: Any) -> None:
        self._chunks: list[str] = []
        self._lock = threading.Lock()
        page.on("websocket", self._attach)

    def _attach(self, ws: Any) -> None:
        ws.on("framereceived", self._received)

    def _received(self, payload: Any) -> None:
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        with self._lock:
            self._chunks.append(text)

    def mark(self) -> int:
        """A position in the output: ``wait_for`` after it ignores what came before."""
        with self._lock:
            return len(self._chunks)

    def text(self, since: int = 0) -> str:
        with self._lock:
            return ESCAPE.sub("", "".join(self._chunks[since:]))

    def wait_for(self, page: Any, text: str, since: int = 0, timeout: float = 60.0) -> None:
        """Wait (bounded) until the app drew ``text`` after ``since``; frames arrive while
        Playwright waits, so this waits through the page, not with sleeps of its own."""
        deadline = time.monotonic() + timeout
        while text not in self.text(since):
            if time.monotonic() >= deadline:
                raise AssertionError(f"the app never drew {text!r} within {timeout:.0f} s")
            page.wait_for_timeout(100)


# --- memory -------------------------------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (from /proc; Linux only)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def pss_mib(pids: list[int]) -> float:
    """Proportional set size of ``pids`` together, in MiB (shared pages split fairly)."""
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
    return total / 1024
