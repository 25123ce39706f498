"""`agora dm` in subprocesses on a real anvil: setup, send, list, read, dry run, clear errors,
and no plaintext or key anywhere on disk afterwards."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account

from tests.cli_wallet.test_cli_flows import agora
from tests.conftest import DEV_KEYS
from tests.index.kit import Agora

SECRET_TEXT = "meet at the old mill, 7pm"
A, B, C = (Account.from_key(DEV_KEYS[i]).address for i in (1, 2, 3))


@pytest.fixture
def people(kit: Agora, tmp_path: Path) -> Path:
    """Dev keys 1..3 imported (passphrase-protected); returns the passphrase file."""
    pw = tmp_path / "pw"
    pw.write_text("correct horse battery staple")
    for i in (1, 2, 3):
        done = agora("account", "import", "--key", "--passphrase-file", str(pw),
                     stdin=DEV_KEYS[i] + "\n")  # fmt: skip
        assert done.returncode == 0, done.stderr
    return pw


def dm(pw: Path, who: str, *args: str) -> dict[str, Any]:
    done = agora("dm", *args, "--account", who, "--passphrase-file", str(pw), "--json")
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_send_list_read_and_nothing_leaks(people: Path, isolated_home: Path) -> None:
    pw = people
    no_key = agora("dm", "send", B, "hi", "--yes", "--account", A, "--passphrase-file", str(pw))
    assert no_key.returncode != 0 and "has not published a private-message key" in no_key.stderr
    assert "Traceback" not in no_key.stderr
    for who in (A, B, C):
        setup = dm(pw, who, "setup", "--yes")
        assert setup["transaction"]["status"] == "confirmed"

    # Editing a profile later keeps the published key (else nobody could write to B).
    edit = agora("profile", "set", "--name", "Bea", "--yes", "--account", B,
                 "--passphrase-file", str(pw))  # fmt: skip
    assert edit.returncode == 0, edit.stderr

    dry = dm(pw, A, "send", B, SECRET_TEXT, "--dry-run")
    assert "transaction" not in dry
    assert dry["confirmation"]["function"].startswith("sendPair(")
    assert B in dry["confirmation"]["summary"]

    sent = dm(pw, A, "send", B, SECRET_TEXT, "--yes")
    assert sent["transaction"]["status"] == "confirmed"

    listed = dm(pw, B, "list")
    (convo,) = listed["conversations"]
    assert (convo["peer"], convo["unread"], convo["last_text"]) == (A, 1, SECRET_TEXT)
    read = dm(pw, B, "read", A)
    (msg,) = read["messages"]
    assert (msg["from"], msg["to"], msg["text"], msg["outgoing"]) == (A, B, SECRET_TEXT, False)
    assert dm(pw, B, "list")["conversations"][0]["unread"] == 0
    assert dm(pw, A, "read", B)["messages"][0]["outgoing"] is True
    assert dm(pw, C, "list")["conversations"] == []

    human = agora("dm", "read", A, "--account", B, "--passphrase-file", str(pw), "--offline")
    assert human.returncode == 0 and SECRET_TEXT in human.stdout

    # Nothing on disk holds the plaintext or a raw key: not the data directory, not settings.
    roots = [isolated_home, Path(isolated_home).parent / "agora-config"]
    needles = [SECRET_TEXT.encode()] + [k[2:].encode() for k in DEV_KEYS[1:4]]
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for needle in needles:
                    assert needle not in data, f"{needle[:12]!r} found in {path}"


def test_bad_input_gives_clear_errors(people: Path) -> None:
    pw = people
    for args, expected in (
        (("send", "0x123", "hi"), "Not an address"),
        (("send", A, "hi"), "yourself"),
        (("send", B, "   "), "needs some text"),
    ):
        done = agora("dm", *args, "--yes", "--account", A, "--passphrase-file", str(pw))
        assert done.returncode != 0, args
        assert expected in done.stderr and "Traceback" not in done.stderr, done.stderr
