"""`agora name …` end to end, in subprocesses against anvil with ENS deployed as on the devnet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_wallet.test_cli_flows import PASSPHRASE, agora, write_settings
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.index.kit import Agora
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore
from tui.core.ens.deploy import EnsDeployment
from tui.core.ens.records import primary_step


@pytest.fixture
def named(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> tuple[Agora, Path]:
    """Agora with ENS deployed; DEV_KEYS[1] imported; the passphrase file."""
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    kit = Agora(anvil, deployment, LocalContentStore(isolated_home / "content"))
    write_settings(tmp_path, kit.network)
    pw = tmp_path / "pw"
    pw.write_text(PASSPHRASE)
    imported = agora(
        "account", "import", "--key", "--passphrase-file", str(pw), stdin=DEV_KEYS[1] + "\n"
    )
    assert imported.returncode == 0, imported.stderr
    return kit, pw


def test_register_show_resolve(named: tuple[Agora, Path]) -> None:
    kit, pw = named
    dry = agora("name", "register", "ada", "--dry-run", "--json", "--passphrase-file", str(pw))
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["confirmation"]["summary"].startswith("Step 1 of 4: Claim")
    done = agora("name", "register", "Ada", "--yes", "--json", "--passphrase-file", str(pw))
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)["steps"]
    assert [s["transaction"]["status"] for s in steps] == ["confirmed"] * 4

    shown = agora("name", "show", "ada.eth", "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["address"] == DEV_ADDRESSES[1] and data["verified"] is True
    by_address = json.loads(agora("name", "show", DEV_ADDRESSES[1], "--json").stdout)
    assert by_address["name"] == "ada.eth" and by_address["verified"]
    human = agora("name", "show", "ada.eth").stdout
    assert "ada.eth  ✓ verified both ways" in human

    kit.post(1, "hello from ada")
    timeline = agora("timeline")
    assert timeline.returncode == 0, timeline.stderr
    assert f"ada.eth ✓ ({DEV_ADDRESSES[1][:6]}…" in timeline.stdout

    resolved = agora("name", "resolve", "ADA.eth")
    assert resolved.stdout.strip() == DEV_ADDRESSES[1]

    data_uri = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"
    avatar = agora("name", "set-avatar", "ada.eth", data_uri, "--yes", "--passphrase-file", str(pw))
    assert avatar.returncode == 0, avatar.stderr
    shown = json.loads(agora("name", "show", "ada.eth", "--json").stdout)
    assert shown["avatar"]["record"] == data_uri
    assert shown["avatar"]["nft"] is False

    again = agora("name", "register", "ada", "--yes", "--passphrase-file", str(pw))
    assert again.returncode == 0  # re-registering your own name is allowed (records refreshed)


def test_taken_names_spoofs_and_bad_names(named: tuple[Agora, Path]) -> None:
    kit, pw = named
    ens = EnsDeployment.from_contracts(kit.deployment.contracts)
    assert ens is not None
    from tui.core.ens.records import register_steps

    for step in register_steps(ens, "bob", DEV_ADDRESSES[2]):
        send_transaction(kit.rpc, DEV_KEYS[2], step.to, step.data)
    followed = agora("follow", "Bob.eth", "--yes", "--passphrase-file", str(pw))
    assert followed.returncode == 0, followed.stderr
    assert f"bob.eth → {DEV_ADDRESSES[2]}" in followed.stderr
    profile = agora("profile", "bob.eth", "--json")
    assert profile.returncode == 0, profile.stderr
    assert json.loads(profile.stdout)["profile"]["address"] == DEV_ADDRESSES[2]
    taken = agora("name", "register", "bob", "--yes", "--passphrase-file", str(pw))
    assert taken.returncode == 2 and "already registered" in taken.stderr
    spoof = primary_step(ens, "bob.eth")  # account 3 claims to be bob.eth
    send_transaction(kit.rpc, DEV_KEYS[3], spoof.to, spoof.data)
    shown = json.loads(agora("name", "show", DEV_ADDRESSES[3], "--json").stdout)
    assert shown["verified"] is False and shown["claimed_name"] == "bob.eth"
    assert shown["name"] is None

    for bad in ("b\u043eb.eth", "bo\u200bb.eth", "x" * 300):
        out = agora("name", "resolve", bad)
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    missing = agora("name", "resolve", "nobody.eth")
    assert missing.returncode == 3 and "does not resolve" in missing.stderr
    not_mine = agora("name", "set-primary", "bob.eth", "--yes", "--passphrase-file", str(pw))
    assert not_mine.returncode == 2 and "not to your account" in not_mine.stderr
    # Someone else's records: said before signing (it was "reverted without a reason").
    avatar = agora("name", "set-avatar", "bob.eth", "https://example.org/a.png", "--dry-run")
    assert avatar.returncode == 2, avatar.stderr
    assert f"bob.eth belongs to {DEV_ADDRESSES[2]}, not to your account" in avatar.stderr


def test_endorse_and_message_take_a_name(named: tuple[Agora, Path]) -> None:
    """Every command that takes an account takes a verified name: endorse, acknowledge, dm."""
    kit, pw = named
    ens = EnsDeployment.from_contracts(kit.deployment.contracts)
    assert ens is not None
    from tui.core.ens.records import register_steps

    for step in register_steps(ens, "bob", DEV_ADDRESSES[2]):
        send_transaction(kit.rpc, DEV_KEYS[2], step.to, step.data)
    dry = agora("endorse", "bob.eth", "--skill", "vyper", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    assert DEV_ADDRESSES[2].lower()[2:] in dry.stdout.lower()  # the attestation's recipient
    human = agora("endorse", "bob.eth", "--skill", "vyper", "--dry-run")
    assert f"bob.eth → {DEV_ADDRESSES[2]}" in human.stderr
    sent = agora("dm", "send", "bob.eth", "hi", "--dry-run", "--passphrase-file", str(pw))
    assert f"bob.eth → {DEV_ADDRESSES[2]}" in sent.stderr  # resolved before anything else
    assert "Traceback" not in sent.stderr
    nobody = agora("endorse", "nobody.eth", "--skill", "vyper", "--dry-run")
    assert nobody.returncode != 0 and "Traceback" not in nobody.stderr
    # Reading them takes the name too (it said "Not an address").
    listed = agora("endorsements", "bob.eth", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["address"] == DEV_ADDRESSES[2]
    offline = agora("endorsements", "bob.eth", "--offline")
    assert offline.returncode == 2 and "With --offline give a 0x address" in offline.stderr
