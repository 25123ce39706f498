"""`agora config path`: one line on stdout for scripts; a missing file is said on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _agora(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=60
    )


def test_config_path_is_one_line_and_says_when_the_file_is_missing() -> None:
    config = Path(os.environ["AGORA_CONFIG"])
    missing = _agora("config", "path")
    assert missing.returncode == 0
    assert missing.stdout == f"{config}\n"
    assert "does not exist yet" in missing.stderr and str(config) in missing.stderr
    as_json = _agora("config", "path", "--json")
    assert json.loads(as_json.stdout)["exists"] is False and as_json.stderr == ""

    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('theme = "textual-dark"\n', encoding="utf-8")
    present = _agora("config", "path")
    assert (present.returncode, present.stdout, present.stderr) == (0, f"{config}\n", "")
    assert json.loads(_agora("config", "path", "--json").stdout)["exists"] is True
