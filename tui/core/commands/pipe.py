"""Piping the focused item to the user's own command, like mutt's pipe-message.

Safety rules (SECURITY.md §1-2): the command string comes only from the settings file; the item
goes only to the command's stdin as JSON, never into its argv or environment, so text like
``$(rm -rf ~)`` in a post is data and nothing else. The output is sanitised, size-capped and
bounded in time before any front end shows it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from dataclasses import dataclass
from typing import Any

from tui.core.errors import ConfigError
from tui.core.text import clean_text

PIPE_TIMEOUT = 10.0
"""Seconds the command may run before it is killed."""
MAX_OUTPUT = 64 * 1024
"""Bytes of output kept for display."""


@dataclass(frozen=True)
class PipeResult:
    """What the command printed (sanitised) and how it ended."""

    command: str
    output: str
    exit_code: int | None
    truncated: bool = False
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out

    @property
    def summary(self) -> str:
        if self.timed_out:
            return "killed after the timeout"
        if self.truncated and (self.exit_code or 0) < 0:
            return "stopped: more output than can be shown"
        return "done" if self.exit_code == 0 else f"exit code {self.exit_code}"


def item_document(item: Any) -> dict[str, Any]:
    """The JSON shape piped for a post, article, notification or profile: its fields + ``type``."""
    to_json = getattr(item, "to_json", None)
    data: dict[str, Any] = to_json() if callable(to_json) else dict(item)
    kind = type(item).__name__.removesuffix("View").lower()
    return {"type": kind, **data}


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the command's whole process group (the shell and whatever it started)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()


def _exchange(
    process: subprocess.Popen[bytes], payload: bytes, timeout: float, max_output: int
) -> tuple[bytes, bool]:
    """Feed stdin and read at most ``max_output + 1`` bytes, killing the command at the deadline
    or as soon as it has said more than we will show (memory stays bounded either way)."""
    assert process.stdin is not None and process.stdout is not None
    stdin, stdout = process.stdin, process.stdout
    timed_out = threading.Event()

    def feed() -> None:
        try:
            stdin.write(payload)
            stdin.close()
        except OSError:  # the command exited or closed stdin without reading it all
            pass

    def expire() -> None:
        timed_out.set()
        _kill(process)

    feeder = threading.Thread(target=feed, daemon=True)
    timer = threading.Timer(timeout, expire)
    feeder.start()
    timer.start()
    out = bytearray()
    try:
        while len(out) <= max_output:
            chunk = os.read(stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
        if len(out) > max_output:
            _kill(process)
        process.wait()
    finally:
        timer.cancel()
        stdout.close()
    feeder.join(timeout=1)
    return bytes(out), timed_out.is_set()


def run_pipe(
    command: str,
    document: dict[str, Any],
    *,
    timeout: float = PIPE_TIMEOUT,
    max_output: int = MAX_OUTPUT,
) -> PipeResult:
    """Run ``command`` through ``/bin/sh -c`` with ``document`` as JSON on stdin (blocking).

    Raises ConfigError when no pipe command is configured or it cannot start.
    """
    command = command.strip()
    if not command:
        raise ConfigError(
            "No pipe command is configured.",
            hint='Set it in the settings file, e.g. pipe_command = "jq -r .text"',
        )
    payload = (json.dumps(document, ensure_ascii=True, default=str) + "\n").encode()
    try:
        process = subprocess.Popen(  # the user's own command, from their settings
            ["/bin/sh", "-c", command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )
    except OSError as exc:
        raise ConfigError(f"Cannot run the pipe command: {exc.strerror}") from None
    out, timed_out = _exchange(process, payload, timeout, max_output)
    truncated = len(out) > max_output
    text = clean_text(out[:max_output].decode("utf-8", errors="replace"), max_output)
    return PipeResult(
        command=clean_text(command, 200),
        output=text,
        exit_code=None if timed_out else process.returncode,
        truncated=truncated,
        timed_out=timed_out,
    )
