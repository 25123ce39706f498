"""``agora account passphrase``: add, change and remove an account's passphrase."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli_wallet.test_cli_flows import PASSPHRASE, agora
from tests.conftest import DEV_KEYS

NEW = "c0rrect horse battery"


@pytest.fixture
def protected(tmp_path: Path) -> tuple[str, Path, Path]:
    """DEV_KEYS[3] in a passphrase-protected key file; the current and a new passphrase file."""
    pw, pw2 = tmp_path / "pw", tmp_path / "pw2"
    pw.write_text(PASSPHRASE)
    pw2.write_text(NEW)
    done = agora("account", "import", "--key", "--passphrase-file", str(pw), "--json",
                 stdin=DEV_KEYS[3] + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["address"], pw, pw2


def _export(address: str, pw: Path, out: Path) -> int:
    done = agora("account", "export", address, "--keystore", str(out), "--passphrase-file",
                 str(pw), "--export-passphrase-file", str(pw))  # fmt: skip
    return done.returncode


def test_change_then_only_the_new_passphrase_unlocks(
    tmp_path: Path, protected: tuple[str, Path, Path]
) -> None:
    address, pw, pw2 = protected
    done = agora("account", "passphrase", address, "--passphrase-file", str(pw),
                 "--new-passphrase-file", str(pw2), "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"address": address, "protected": True}
    assert _export(address, pw, tmp_path / "old.json") == 7  # the old one is refused
    assert _export(address, pw2, tmp_path / "new.json") == 0
    # The key did not change: the export holds the same address.
    assert json.loads((tmp_path / "new.json").read_text())["address"].lower() == address[2:].lower()


def test_wrong_current_passphrase_changes_nothing(
    tmp_path: Path, protected: tuple[str, Path, Path]
) -> None:
    address, pw, pw2 = protected
    wrong = tmp_path / "wrong"
    wrong.write_text("not it")
    done = agora("account", "passphrase", address, "--passphrase-file", str(wrong),
                 "--new-passphrase-file", str(pw2))  # fmt: skip
    assert done.returncode == 7 and "Traceback" not in done.stderr
    assert _export(address, pw, tmp_path / "still.json") == 0


def test_refusals_are_clear(protected: tuple[str, Path, Path]) -> None:
    address, pw, pw2 = protected
    no_tty = agora("account", "passphrase", address, "--passphrase-file", str(pw))
    assert no_tty.returncode == 7 and "--new-passphrase-file" in no_tty.stderr
    both = agora("account", "passphrase", address, "--remove", "--new-passphrase-file", str(pw2))
    assert both.returncode == 2
    file_store = agora("account", "passphrase", address, "--passphrase-file", str(pw), "--remove")
    assert file_store.returncode == 7 and "need a passphrase" in file_store.stderr
    for done in (no_tty, both, file_store):
        assert PASSPHRASE not in done.stdout + done.stderr


@pytest.mark.skipif(
    not os.environ.get("AGORA_TEST_REAL_KEYRING"), reason="needs the OS keyring (CI runs it)"
)
def test_keyring_account_can_drop_and_add_a_passphrase(tmp_path: Path) -> None:
    keyring = {"AGORA_KEY_STORE": "keyring"}
    pw = tmp_path / "pw"
    pw.write_text(NEW)
    made = agora("account", "import", "--key", "--json", stdin=DEV_KEYS[2] + "\n", env=keyring)
    assert made.returncode == 0, made.stderr
    address = json.loads(made.stdout)["address"]
    add = agora("account", "passphrase", address, "--new-passphrase-file", str(pw), "--json",
                env=keyring)  # fmt: skip
    assert add.returncode == 0, add.stderr and json.loads(add.stdout)["protected"] is True
    listed = json.loads(agora("account", "list", "--json", env=keyring).stdout)
    assert [a["protected"] for a in listed if a["address"] == address] == [True]
    drop = agora("account", "passphrase", address, "--passphrase-file", str(pw), "--remove",
                 "--json", env=keyring)  # fmt: skip
    assert drop.returncode == 0, drop.stderr and json.loads(drop.stdout)["protected"] is False
    agora("account", "remove", address, "--yes", env=keyring)


def test_new_passphrase_on_a_terminal_is_prompted_never_taken_from_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The env file carries the *current* passphrase; the new one must come from the prompt."""
    from tui.cli import account

    current = tmp_path / "current"
    current.write_text(PASSPHRASE)
    monkeypatch.setenv("AGORA_PASSPHRASE_FILE", str(current))
    monkeypatch.setattr(account, "_stdin_is_tty", lambda: True)
    asked: list[str] = []

    def prompt(text: str, **kwargs: object) -> str:
        asked.append(text)
        assert kwargs.get("hide_input") and kwargs.get("confirmation_prompt")
        return NEW

    monkeypatch.setattr(account.click, "prompt", prompt)
    assert account._new_passphrase(None).reveal() == NEW.encode()
    assert asked == ["New passphrase"]
