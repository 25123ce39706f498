"""Network resolution and `agora deploy`: chain-id checks, clear errors, recorded deployments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.devnet.conftest import Agora, run_agora
from tui.core.chain.devnet import Devnet
from tui.core.chain.foundry import free_port
from tui.core.chain.networks import deploy_network, resolve_network
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network, Settings, load_settings, save_settings
from tui.core.context import AgoraContext, Overrides
from tui.core.errors import ChainError, ConfigError, DevnetError
from tui.core.wallet import Secret, Signer


def _configure(network: Network, active: bool = True) -> None:
    settings = Settings(network=network.name if active else "devnet")
    settings.networks[network.name] = network
    save_settings(settings)


def _dev_signer() -> Signer:
    return Signer(DEV_ADDRESSES[0], Secret.from_hex_key(DEV_KEYS[0]))


def test_resolve_starts_the_devnet(devnet: Devnet) -> None:
    ctx = AgoraContext.load()
    with pytest.raises(DevnetError, match="not been set up"):
        resolve_network(ctx, start_devnet=False)
    network = resolve_network(ctx)
    record = devnet.read_record()
    assert record is not None and record.seeded
    assert (network.name, network.rpc_url, network.chain_id) == ("devnet", record.rpc_url, 31337)
    assert network.social == record.social and network.deploy_block == record.deploy_block
    assert resolve_network(AgoraContext.load(), start_devnet=False) == network
    devnet.down()
    with pytest.raises(DevnetError, match="not running"):
        resolve_network(AgoraContext.load(), start_devnet=False)


def test_wrong_chain_is_a_clear_chain_error(devnet: Devnet, agora: Agora) -> None:
    record = devnet.up(seed=False).record
    _configure(
        Network(name="mainnetish", rpc_url=record.rpc_url, chain_id=1,
                social=record.social, articles=record.articles)
    )  # fmt: skip
    with pytest.raises(ChainError, match=r"wrong chain: expected 1.*node says 31337"):
        resolve_network(AgoraContext.load())
    done = agora("network")
    assert done.returncode == 5
    assert "wrong chain: expected 1" in done.stderr and "node says 31337" in done.stderr
    assert "Traceback" not in done.stderr
    as_json = agora("network", "--json")
    assert as_json.returncode == 5 and json.loads(as_json.stderr)["error"] == "chain"


def test_unreachable_rpc_is_a_clear_chain_error(devnet: Devnet, agora: Agora) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    _configure(Network(name="gone", rpc_url=dead, chain_id=5, social="0x" + "1" * 40,
                       articles="0x" + "2" * 40))  # fmt: skip
    done = agora("network")
    assert done.returncode == 5
    assert f"Cannot reach the RPC node at {dead}" in done.stderr
    assert "Traceback" not in done.stderr


def test_rpc_url_override_is_checked(devnet: Devnet, agora: Agora) -> None:
    devnet.up(seed=False)
    ok = agora("network", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["name"] == "devnet"
    dead = f"http://127.0.0.1:{free_port()}"
    done = agora("network", "--rpc-url", dead)
    assert done.returncode == 5 and "Cannot reach" in done.stderr


def test_unknown_network_is_a_config_error(devnet: Devnet, agora: Agora) -> None:
    done = agora("--network", "nowhere", "network")
    assert done.returncode == 8 and "nowhere" in done.stderr and "agora deploy" in done.stderr


def test_missing_anvil_says_how_to_install(devnet: Devnet, agora: Agora, tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-anvil")
    for args in (("devnet", "up"), ("network",)):
        done = agora(*args, env={"AGORA_ANVIL": missing})
        assert done.returncode == 9, done.stderr
        assert "npm" in done.stderr and "foundryup" in done.stderr and "AGORA_ANVIL" in done.stderr
        assert "Traceback" not in done.stderr
    assert devnet.read_record() is None or not devnet.read_record().pid  # type: ignore[union-attr]


def test_deploy_records_a_network(anvil: RpcClient) -> None:
    ctx = AgoraContext.load()
    network = deploy_network(ctx, anvil.url, _dev_signer(), name="second", activate=True)
    assert network.chain_id == 31337 and network.rpc_url == anvil.url
    assert anvil.get_code(network.social) and anvil.get_code(network.articles)
    saved = load_settings()
    assert saved.network == "second" and saved.networks["second"] == network
    resolved = resolve_network(AgoraContext.load(Overrides(network="second")))
    assert resolved == network
    # Redeploying under the same name on the same chain replaces the addresses.
    again = deploy_network(ctx, anvil.url, _dev_signer(), name="second")
    assert again.social != network.social
    assert load_settings().networks["second"].social == again.social


def test_deploy_keeps_the_rest_of_the_settings_file(anvil: RpcClient) -> None:
    """Only the new network's table is added: comments and other keys stay byte for byte."""
    ctx = AgoraContext.load()
    mine = '# my settings\ntheme = "nord"   # dark\n\n[keymap]\n"timeline.tip" = "T"\n'
    ctx.config_path.parent.mkdir(parents=True, exist_ok=True)
    ctx.config_path.write_text(mine)
    network = deploy_network(ctx, anvil.url, _dev_signer(), name="third")
    text = ctx.config_path.read_text()
    assert text.startswith(mine + "\n[networks.third]\n")
    assert load_settings(ctx.config_path).networks["third"] == network


def test_deploy_refuses_bad_names(anvil: RpcClient) -> None:
    ctx = AgoraContext.load()
    for name in ("devnet", "has space", "../x"):
        with pytest.raises(ConfigError):
            deploy_network(ctx, anvil.url, _dev_signer(), name=name)
    save_settings(
        Settings(networks={"other": Network(name="other", rpc_url=anvil.url, chain_id=5)})
    )
    with pytest.raises(ConfigError, match="already exists on chain 5"):
        deploy_network(AgoraContext.load(), anvil.url, _dev_signer(), name="other")


def test_deploy_cli_with_a_wallet_account(anvil: RpcClient, tmp_path: Path) -> None:
    passphrase = tmp_path / "pw"
    passphrase.write_text("correct horse battery staple")
    passphrase.chmod(0o600)
    pw = ("--passphrase-file", str(passphrase))
    imported = run_agora("account", "import", "--key", *pw, "--json", stdin=DEV_KEYS[2] + "\n")
    assert imported.returncode == 0, imported.stderr
    address = json.loads(imported.stdout)["address"]
    done = run_agora("deploy", "--rpc-url", anvil.url, "--name", "mine", *pw, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["deployer"] == address and data["name"] == "mine"
    assert load_settings().networks["mine"].social == data["contracts"]["social"]
    assert anvil.get_code(data["contracts"]["social"])
    missing = run_agora("deploy", "--json")
    assert missing.returncode == 2 and "--rpc-url" in missing.stderr
