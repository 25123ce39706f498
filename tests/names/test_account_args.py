"""Every command that takes someone's account takes an ENS name: filters, lists, points, rounds,
community roles; a write that names someone checks the name again right before signing.

Subprocesses against anvil with ENS deployed as on the devnet (the ``named`` fixture).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_wallet.test_cli_flows import agora
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.index.kit import Agora
from tests.names.test_cli import named  # noqa: F401  (the fixture)
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.ens import contracts as c
from tui.core.ens.deploy import EnsDeployment
from tui.core.ens.normalize import namehash
from tui.core.ens.records import register_steps
from tui.core.errors import ChainError

ARROW = f"bob.eth → {DEV_ADDRESSES[2]}"


def _bob(kit: Agora) -> EnsDeployment:
    ens = EnsDeployment.from_contracts(kit.deployment.contracts)
    assert ens is not None
    for step in register_steps(ens, "bob", DEV_ADDRESSES[2]):
        send_transaction(kit.rpc, DEV_KEYS[2], step.to, step.data)
    return ens


def test_local_filters_lists_and_points_take_a_name(named: tuple[Agora, Path]) -> None:  # noqa: F811
    kit, _pw = named
    _bob(kit)
    muted = agora("mute", "bob.eth", "--json")
    assert muted.returncode == 0, muted.stderr  # was "No profile named 'bob.eth'"
    assert json.loads(muted.stdout)["address"] == DEV_ADDRESSES[2]
    blocked = agora("block", "Bob.eth")
    assert blocked.returncode == 0 and ARROW in blocked.stderr, blocked.stderr
    unknown = agora("mute", "nobody.eth")
    assert unknown.returncode == 3 and "does not resolve" in unknown.stderr
    assert "Traceback" not in unknown.stderr

    assert agora("list", "create", "friends").returncode == 0
    added = agora("list", "add", "friends", "bob.eth", DEV_ADDRESSES[3], "--json")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["added"] == [DEV_ADDRESSES[2], DEV_ADDRESSES[3]]

    alerts = agora("points", "alerts", "bob.eth", "--json")
    assert alerts.returncode == 0, alerts.stderr
    balance = agora("points", "balance", "1", "bob.eth")
    assert ARROW in balance.stderr and "Not an address" not in balance.stderr, balance.stderr
    claim = agora("points", "claim", "1", "--for", "bob.eth", "--dry-run")
    assert ARROW in claim.stderr and "Not an address" not in claim.stderr, claim.stderr
    assert "Traceback" not in claim.stderr
    offline = agora("points", "membership", "1", "bob.eth", "--offline")
    assert offline.returncode == 2 and "resolved on the node" in offline.stderr


def test_round_and_community_roles_take_a_name(
    named: tuple[Agora, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    kit, pw = named
    _bob(kit)
    scope = tmp_path / "scope.toml"
    scope.write_text('name = "Explainers"\nwork_scope = ["docs"]\n')
    opened = agora(
        "round", "open", "--pot", "1", "--scope", str(scope), "--evaluator", "bob.eth",
        "--quorum", "1", "--allocate-for", "1h", "--dry-run", "--passphrase-file", str(pw),
    )  # fmt: skip
    assert opened.returncode == 0, opened.stderr  # was "No account" (a wallet label)
    assert ARROW in opened.stderr
    nobody = agora(
        "round", "open", "--pot", "1", "--scope", str(scope), "--evaluator", "nobody.eth",
        "--quorum", "1", "--allocate-for", "1h", "--dry-run",
    )  # fmt: skip
    assert nobody.returncode == 3 and "does not resolve" in nobody.stderr, nobody.stderr

    for args in (
        ("moderator", "1", "bob.eth"), ("invite", "1", "bob.eth"), ("ban", "1", "bob.eth", "--rule", "1"),
        ("appeal", "1", "bob.eth", "not spam"), ("propose", "1", "add-mod", "bob.eth"),
    ):  # fmt: skip
        done = agora("community", *args, "--dry-run", "--passphrase-file", str(pw))
        assert ARROW in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    timeline = agora("timeline", "bob.eth", "--json")
    assert timeline.returncode == 0 and ARROW not in timeline.stderr, timeline.stderr


def test_a_name_that_moves_after_confirming_stops_the_write(
    named: tuple[Agora, Path],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The confirmation showed bob.eth → account 2; bob.eth then points elsewhere: the round
    (1 ETH that bob.eth would help share out) is not signed."""
    from click.testing import CliRunner

    import tui.cli.write as write
    from tui.cli.main import cli

    kit, pw = named
    ens = _bob(kit)
    scope = tmp_path / "scope.toml"
    scope.write_text('name = "Explainers"\nwork_scope = ["docs"]\n')
    confirm = write._confirm

    def moved(lines: list[str], yes: bool, as_json: bool) -> None:
        confirm(lines, yes, as_json)
        data = c.encode("setAddr", namehash("bob.eth"), DEV_ADDRESSES[3])
        send_transaction(kit.rpc, DEV_KEYS[2], ens.resolver, data)

    monkeypatch.setenv("AGORA_KEY_STORE", "file")
    monkeypatch.setattr(write, "_confirm", moved)
    nonce = kit.rpc.call("eth_getTransactionCount", [DEV_ADDRESSES[1], "latest"])
    done = CliRunner().invoke(cli, [
        "round", "open", "--pot", "1", "--scope", str(scope), "--evaluator", "bob.eth",
        "--quorum", "1", "--allocate-for", "1h", "--yes", "--passphrase-file", str(pw),
    ])  # fmt: skip
    assert isinstance(done.exception, ChainError), done.output
    assert "bob.eth changed after you confirmed" in str(done.exception)
    assert "Nothing was signed" in str(done.exception)
    assert kit.rpc.call("eth_getTransactionCount", [DEV_ADDRESSES[1], "latest"]) == nonce


def test_a_name_on_a_network_without_ens_is_refused_clearly(
    anvil: RpcClient, isolated_home: Path, tmp_path: Path
) -> None:
    from tests.cli_wallet.test_cli_flows import write_settings
    from tests.deployed import deploy_contracts
    from tui.core.config.settings import Network

    deployed = deploy_contracts(anvil, DEV_KEYS[0])  # no ENS: not the devnet's set
    write_settings(tmp_path, Network(
        name="testnet", rpc_url=anvil.url, chain_id=31337, social=deployed.social,
        articles=deployed.articles, deploy_block=deployed.block,
        contracts=dict(deployed.contracts),
    ))  # fmt: skip
    for args in (("mute", "ada.eth"), ("list", "add", "friends", "ada.eth")):
        done = agora(*args)
        assert done.returncode == 2, done.stderr
        assert "has no ENS registry" in done.stderr and "Traceback" not in done.stderr
