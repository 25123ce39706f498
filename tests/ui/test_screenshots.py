"""The screenshot script: every picture the README shows is one it makes, and it makes them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tui.ui.screenshots import SHOTS

ROOT = Path(__file__).resolve().parents[2]


def test_readme_shows_only_generated_screenshots() -> None:
    shown = re.findall(r"\(screenshots/([\w-]+)\.svg\)", (ROOT / "README.md").read_text())
    assert len(shown) >= 10
    assert set(shown) <= set(SHOTS)
    for name in shown:
        assert (ROOT / "screenshots" / f"{name}.svg").is_file()


def test_the_script_renders_a_dialog_and_a_timeline(tmp_path: Path) -> None:
    for name, expected in (("confirm", "tip(uint256)"), ("timeline-home", "Hello")):
        done = subprocess.run(
            [sys.executable, "-m", "tui.ui.screenshots", str(tmp_path), "--only", name],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        svg = (tmp_path / f"{name}.svg").read_text()
        assert svg.startswith("<svg") and expected in svg
