"""`agora endorse|acknowledge|endorsements|experts|revoke` as users run them (subprocesses,
a real anvil with EAS deployed by the extension, an imported passphrase-protected account)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.attest.test_pipeline_index import network  # noqa: F401  (a fixture, used by name)
from tests.cli_wallet.test_cli_flows import PASSPHRASE, agora, write_settings
from tests.communities.conftest import CID
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tui.core.chain.abi import encode_call
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
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
        # Readers count an acknowledgement only for a numbered community: refuse anything else.
        (("acknowledge", CAROL, "--skill", "x", "--community", "abc", "--level", "1"), "id"),
        (("endorse", CAROL, "--skill", "x", "--evidence", "²", "--yes"), "Evidence"),
    ]
    for args, message in cases:
        result = agora(*args, "--passphrase-file", pw)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
    experts = agora("experts", "abc", "--json")
    assert experts.returncode == 2 and experts.stdout == ""
    assert "not a community id" in json.loads(experts.stderr)["message"]


def _json(*args: str) -> Any:
    done = agora(*args, "--json")
    assert done.returncode == 0, done.stderr + done.stdout
    return json.loads(done.stdout)


def test_expert_badge_filter_and_list_in_a_community(
    pw: str,
    anvil: RpcClient,
    network: Network,  # noqa: F811
    tmp_path: Path,
) -> None:
    rules = tmp_path / "rules.txt"
    rules.write_text("1. Be kind\n")
    made = _json("community", "create", "Rustaceans", "--goal", "Rust", "--rules", str(rules),
                 "--yes", "--passphrase-file", pw)  # fmt: skip
    community = made["community"]
    own = _json("community", "post", str(community), "Welcome", "--yes", "--passphrase-file", pw)
    hub = network.contracts["communities"]
    send_transaction(anvil, DEV_KEYS[2], hub, encode_call("Communities", "join", [community]))
    send_transaction(
        anvil, DEV_KEYS[2], hub, encode_call("Communities", "post", [community, CID, 0])
    )
    badges = {p["author"]: p["badge"] for p in _json("community", "timeline", str(community))}
    assert badges == {DEV_ADDRESSES[1]: None, CAROL: None}
    assert _json("community", "timeline", str(community), "--experts") == []

    # The owner (a moderator of the community now) acknowledges Carol.
    acked = _json("acknowledge", CAROL, "--skill", "Rust", "--community", str(community),
                  "--level", "3", "--yes", "--passphrase-file", pw)  # fmt: skip
    posts = _json("community", "timeline", str(community))
    badges = {p["author"]: p["badge"] for p in posts}
    assert badges == {DEV_ADDRESSES[1]: None, CAROL: "★ expert: Rust (level 3)"}
    (only,) = _json("community", "timeline", str(community), "--experts")
    assert only["author"] == CAROL and only["id"] != own["post"]
    human = agora("community", "timeline", str(community), "--experts")
    assert "★ expert: Rust (level 3)" in human.stdout
    (expert,) = _json("community", "experts", str(community))
    assert (expert["recipient"], expert["attester"], expert["skill"], expert["level"]) == (
        CAROL, DEV_ADDRESSES[1], "Rust", 3,
    )  # fmt: skip
    # Only in that community: the same person carries no badge elsewhere.
    other = _json("community", "create", "Other", "--goal", "x", "--rules", str(rules),
                  "--yes", "--passphrase-file", pw)["community"]  # fmt: skip
    assert _json("community", "experts", str(other)) == []

    # Revoked: the badge and the filter forget it.
    gone = agora("revoke", acked["uid"], "--yes", "--json", "--passphrase-file", pw)
    assert gone.returncode == 0, gone.stderr
    posts = _json("community", "timeline", str(community))
    assert {p["author"]: p["badge"] for p in posts}[CAROL] is None
    assert _json("community", "timeline", str(community), "--experts") == []
