"""CLI wallet tests reuse the deployed-network fixture of the actions tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.actions.conftest import network  # noqa: F401  (a fixture, used by name)
from tests.cli_wallet.test_cli_flows import PASSPHRASE, agora, write_settings
from tests.conftest import DEV_KEYS
from tests.index.kit import Agora, deploy
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore


@pytest.fixture
def kit(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> Agora:
    """Agora deployed on anvil, written to by dev accounts; the settings point at it."""
    deployed = deploy(anvil, LocalContentStore(isolated_home / "content"))
    write_settings(tmp_path, deployed.network)
    return deployed


@pytest.fixture
def passphrase_file(kit: Agora, tmp_path: Path) -> Path:
    """DEV_KEYS[1] imported with the CLI (passphrase-protected); the file holding the passphrase."""
    pw = tmp_path / "pw"
    pw.write_text(PASSPHRASE)
    imported = agora(
        "account", "import", "--key", "--passphrase-file", str(pw), stdin=DEV_KEYS[1] + "\n"
    )
    assert imported.returncode == 0, imported.stderr
    return pw
