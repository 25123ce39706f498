"""A lying or failing gateway: nothing it sends is shown as verified, and its errors are clean."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w

from tests.faults.proxy import FaultyGateway
from tests.hostile.corpus import forbidden
from tests.index.kit import Agora, deploy
from tui.cli.main import main
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore


@pytest.fixture
def remote(tmp_path: Path) -> LocalContentStore:
    """Where the author's content lives: only the gateway can reach it."""
    return LocalContentStore(tmp_path / "author-content")


@pytest.fixture
def gateway(remote: LocalContentStore) -> Iterator[FaultyGateway]:
    gw = FaultyGateway(remote.get)
    try:
        yield gw
    finally:
        gw.close()


def _agora(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    got = capsys.readouterr()
    return code, got.out, got.err


@pytest.mark.parametrize(
    "mode", ["ok", "other_bytes", "hostile_body", "oversized", "truncated", "http_500"]
)
def test_lying_gateway_content_is_never_verified(
    mode: str,
    anvil: RpcClient,
    remote: LocalContentStore,
    gateway: FaultyGateway,
    capsys: pytest.CaptureFixture[str],
) -> None:
    agora: Agora = deploy(anvil, remote)
    net = agora.network
    body = {k: v for k, v in net.__dict__.items() if k != "name"}
    body["gateways"] = [gateway.url]
    cfg = Path(os.environ["AGORA_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(tomli_w.dumps({"network": net.name, "networks": {net.name: body}}))
    agora.post(0, "the genuine text")
    agora.set_profile(1, "genuine name", "genuine bio")
    gateway.mode = mode
    code, out, err = _agora(["sync", "--json"], capsys)
    assert code in (0, 6), err
    assert forbidden(out + err) == [] and "Traceback" not in out + err
    assert gateway.requests, "the gateway was asked"
    for cmd in (["timeline", "global"], ["profile", _addr(1)], ["thread", "1"]):
        for as_json in (False, True):
            code, out, err = _agora(cmd + (["--json"] if as_json else []), capsys)
            assert code == 0, err
            assert forbidden(out + err) == []
            assert "forged" not in out
            if mode == "ok":  # control: an honest gateway's content verifies and shows
                assert cmd[0] == "profile" or "the genuine text" in out
                continue
            assert "genuine" not in out
            if as_json:
                assert "verified" not in _statuses(json.loads(out))


def _addr(i: int) -> str:
    from tests.conftest import DEV_ADDRESSES

    return DEV_ADDRESSES[i]


def _statuses(data: object) -> set[str]:
    """Every content_status anywhere in a JSON document."""
    found: set[str] = set()
    if isinstance(data, dict):
        if isinstance(data.get("content_status"), str):
            found.add(data["content_status"])
        for v in data.values():
            found |= _statuses(v)
    elif isinstance(data, list):
        for v in data:
            found |= _statuses(v)
    return found
