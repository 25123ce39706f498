"""`agora account …` in a subprocess with bad or failing secret input: nothing secret is echoed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEV_KEYS
from tests.hostile.test_secrets import MNEMONIC, assert_no_secret

KEY = DEV_KEYS[2]
PASS = "p4ssphrase-that-must-not-leak"


def agora(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "AGORA_KEY_STORE": "file", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full,
        timeout=120,
    )


def _everything(done: subprocess.CompletedProcess[str], home: Path) -> str:
    logs = home / "logs"
    text = done.stdout + done.stderr
    if logs.exists():
        text += "".join(p.read_text(errors="replace") for p in logs.rglob("*") if p.is_file())
    return text


@pytest.mark.parametrize(
    "stdin",
    [
        KEY[:-1],
        KEY + "zz",
        KEY[2:] + "\x1b[2J",
        " " + KEY[:40] + " " + KEY[40:],
        KEY.replace("a", "g", 1),
    ],
    ids=["short", "trailing", "escape", "spaced", "non-hex"],
)
def test_malformed_key_is_refused_without_echo(stdin: str, isolated_home: Path) -> None:
    done = agora("account", "import", "--key", "--json", stdin=stdin + "\n")
    assert done.returncode in (2, 7), done.stderr
    assert "Traceback" not in done.stderr
    json.loads(done.stderr)
    assert_no_secret(_everything(done, isolated_home))


def test_wrong_mnemonic_is_refused_without_echo(isolated_home: Path) -> None:
    bad = MNEMONIC.replace("junk", "zebra")
    done = agora("account", "import", "--mnemonic", "--json", stdin=bad + "\n")
    assert done.returncode in (2, 7), done.stderr
    text = _everything(done, isolated_home)
    assert "test test test" not in text and "zebra" not in text
    assert_no_secret(text)


def test_wrong_keystore_passphrase_and_export_show_no_secret(
    isolated_home: Path, tmp_path: Path
) -> None:
    pw = tmp_path / "pw"
    pw.write_text(PASS)
    done = agora(
        "account", "import", "--key", "--passphrase-file", str(pw), "--json", stdin=KEY + "\n"
    )
    assert done.returncode == 0, done.stderr
    address = json.loads(done.stdout)["address"]
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-" + PASS)
    out = tmp_path / "export.json"
    bad = agora("account", "export", address, "--passphrase-file", str(wrong), "--json",
                env={"AGORA_EXPORT_PASSPHRASE": PASS})  # fmt: skip
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert_no_secret(_everything(bad, isolated_home), "not-the-" + PASS)
    failing = agora("post", "boom", "--yes", "--passphrase-file", str(pw),
                    env={"AGORA_TEST_HOOK": "fail-in-signing"})  # fmt: skip
    assert failing.returncode != 0
    assert_no_secret(_everything(failing, isolated_home))
    del out
