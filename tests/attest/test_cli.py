"""`agora endorse|acknowledge|endorsements|experts|revoke` as users run them (subprocesses,
a real anvil with EAS deployed by the extension, an imported passphrase-protected account)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.attest.test_pipeline_index import network  # noqa: F401  (a fixture, used by name)
from tests.cli_wallet.test_cli_flows import PASSPHRASE, agora, write_settings
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tui.core.config.settings import Network

CAROL = DEV_ADDRESSES[2]


@pytest.fixture
def pw(tmp_path: Path, network: Network) -> str:  # noqa: F811
    write_settings(tmp_path, network)
    path = tmp_path / "pw"
    path.write_text(PASSPHRASE)
    done = agora("account", "import", "--key", "--passphrase-file", str(path), "--json",
                 stdin=DEV_KEYS[1] + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return str(path)


def test_endorse_list_and_revoke(pw: str) -> None:
    dry = agora("endorse", CAROL, "--skill", "Vyper", "--community", "3", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    conf = json.loads(dry.stdout)["confirmation"]
    assert "Skill: Vyper" in conf["notes"] and f"Endorsed: {CAROL}" in conf["notes"]
    listed = agora("endorsements", CAROL, "--json")
    assert json.loads(listed.stdout)["attestations"] == []  # the dry run sent nothing

    done = agora("endorse", CAROL, "--skill", "Vyper", "--community", "3", "--yes", "--json",
                 "--passphrase-file", pw)  # fmt: skip
    assert done.returncode == 0, done.stderr
    uid = json.loads(done.stdout)["uid"]
    assert uid.startswith("0x") and len(uid) == 66

    listed = agora("endorsements", CAROL, "--json")
    (item,) = json.loads(listed.stdout)["attestations"]
    assert (item["uid"], item["attester"], item["skill"], item["community"], item["kind"]) == (
        uid, DEV_ADDRESSES[1], "Vyper", "3", "endorsement",
    )  # fmt: skip
    human = agora("endorsements", CAROL)
    assert uid in human.stdout and "Vyper" in human.stdout

    gone = agora("revoke", uid, "--yes", "--json", "--passphrase-file", pw)
    assert gone.returncode == 0, gone.stderr
    assert json.loads(agora("endorsements", CAROL, "--json").stdout)["attestations"] == []


def test_bad_input_is_a_clear_error_not_a_traceback(pw: str) -> None:
    cases = [
        (("endorse", "not-an-address", "--skill", "x", "--yes"), "Not an address"),
        (("endorse", CAROL, "--skill", "   ", "--yes"), "Name a skill"),
        (("endorse", CAROL, "--skill", "x", "--evidence", "nonsense!", "--yes"), "Evidence"),
        (("revoke", "0x1234", "--yes"), "Not an attestation uid"),
        (("acknowledge", CAROL, "--skill", "x", "--community", "3", "--level", "9"), "level"),
    ]
    for args, message in cases:
        result = agora(*args, "--passphrase-file", pw)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
