"""Fixtures every test shares: an isolated home and config, and a real anvil node."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tui.core.chain.foundry import AnvilProcess
from tui.core.chain.rpc import RpcClient

# Shared CI machines are slow and noisy: no per-example deadlines, no "too slow" health check.
settings.register_profile(
    "agora", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=100
)
settings.load_profile("agora")

# anvil's well-known development keys (public test keys, funded on every anvil chain).
DEV_KEYS = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
]
DEV_ADDRESSES = [
    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data directory and settings file, never the developer's.

    A command under test may bring the devnet up by itself (it runs detached, as it does for
    users); it is stopped afterwards so no anvil outlives its test.
    """
    home = tmp_path / "agora-home"
    monkeypatch.setenv("AGORA_HOME", str(home))
    monkeypatch.setenv("AGORA_CONFIG", str(tmp_path / "agora-config" / "settings.toml"))
    monkeypatch.delenv("AGORA_NETWORK", raising=False)
    yield home
    if (home / "devnet" / "devnet.json").exists():
        from tui.core.chain.devnet import Devnet

        Devnet(home).down()


@pytest.fixture(scope="session")
def anvil_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnvilProcess]:
    """One real anvil per test worker, on a free loopback port."""
    log = tmp_path_factory.mktemp("anvil") / "anvil.log"
    node = AnvilProcess(log_path=log, args=["--silent"]).start()
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture
def anvil(anvil_node: AnvilProcess) -> Iterator[RpcClient]:
    """A client to the session's anvil, with the chain reverted after the test."""
    rpc = RpcClient(anvil_node.url)
    snapshot = rpc.call("evm_snapshot")
    try:
        yield rpc
    finally:
        rpc.call("evm_revert", [snapshot])
        rpc.call("evm_setAutomine", [True])
        rpc.close()


@pytest.fixture
def no_remembered_names() -> Iterator[None]:
    """Verified names and drawn avatars are process-wide: the test starts and ends without
    any (autouse in the tests of names and avatars)."""
    from tui.core.ens import faces
    from tui.core.ens.verified import forget_all
    from tui.ui.accounts import forget_profiles

    forget_all()
    faces.forget_all()
    forget_profiles()
    yield
    forget_all()
    faces.forget_all()
    forget_profiles()
