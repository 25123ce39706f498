"""Opening verified image bytes in the system viewer, after the user saw exactly what will run.

The command is Agora's own (``xdg-open`` or macOS ``open``) and its only argument is a temp
file Agora wrote; nothing from the post document (not its ``mime``, not its alt text) reaches
the command line. The file's extension comes from the sniffed type of the verified bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tui.core.errors import ContentError
from tui.core.images.attachments import EXTENSIONS, sniff


@dataclass(frozen=True)
class ViewerPlan:
    """What ``o`` will run, shown in the confirmation before anything runs."""

    command: tuple[str, ...]
    path: Path
    mime: str
    size: int

    def lines(self) -> list[str]:
        return [
            f"Run: {' '.join(self.command)}",
            f"File: {self.path}",
            f"Type: {self.mime} (from the bytes)",
            f"Size: {self.size:,} bytes (verified against its CID)",
        ]


def opener(platform: str = sys.platform) -> str:
    """The system's "open with the default application" command, or "" when there is none."""
    name = "open" if platform == "darwin" else "xdg-open"
    return shutil.which(name) or ""


def plan_open(
    data: bytes, *, platform: str = sys.platform, directory: Path | None = None
) -> ViewerPlan:
    """Write ``data`` to a private temp file named for its sniffed type; return the plan.

    Raises:
        ContentError: the bytes are not an image type Agora attaches, or no opener exists.
    """
    mime = sniff(data)
    if not mime:
        raise ContentError("The image is not a PNG, JPEG, GIF or WebP file; not opened.")
    command = opener(platform)
    if not command:
        raise ContentError(
            "No system viewer command was found (xdg-open or open).",
            hint="Install xdg-utils (Linux) to open images from Agora.",
        )
    fd, name = tempfile.mkstemp(prefix="agora-image-", suffix=EXTENSIONS[mime], dir=directory)
    with os.fdopen(fd, "wb") as handle:  # mkstemp: mode 0600, a name nobody else picked
        handle.write(data)
    return ViewerPlan((command, name), Path(name), mime, len(data))


def discard(plan: ViewerPlan) -> None:
    """The user said no: remove the temp file."""
    plan.path.unlink(missing_ok=True)


def run(plan: ViewerPlan) -> None:
    """Start the viewer, detached, with no shell and no inherited terminal."""
    try:
        subprocess.Popen(
            list(plan.command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError as exc:
        raise ContentError(f"Could not start {plan.command[0]}: {exc.strerror or exc}.") from None
