"""Fixtures for the timeline-view CLI tests: Agora on the session's anvil, configured."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import tomli_w

from tests.index.kit import Agora, deploy
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore


@pytest.fixture
def agora_cli(anvil: RpcClient, isolated_home: Path) -> Agora:
    """Agora deployed and written into the config the CLI reads."""
    agora = deploy(anvil, LocalContentStore(isolated_home / "content"))
    net = agora.network
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    network = {
        "rpc_url": net.rpc_url,
        "chain_id": net.chain_id,
        "social": net.social,
        "articles": net.articles,
        "deploy_block": net.deploy_block,
    }
    config.write_text(tomli_w.dumps({"network": "test", "networks": {"test": network}}))
    return agora


def agora_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``agora ARGS`` in this process; its exit code, standard output and error."""
    from tui.cli.main import main

    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
