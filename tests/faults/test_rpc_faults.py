"""The CLI under every RPC fault: a clear error and exit code, no traceback, and sync resumes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import tomli_w

from tests.faults.proxy import FAULTS, FaultyRpc
from tests.hostile.corpus import forbidden
from tests.index.kit import Agora
from tui.cli.main import main


def _settings(agora: Agora, rpc_url: str) -> None:
    net = agora.network
    cfg = Path(os.environ["AGORA_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    body = {k: v for k, v in net.__dict__.items() if k != "name"}
    body["rpc_url"] = rpc_url
    cfg.write_text(tomli_w.dumps({"network": net.name, "networks": {net.name: body}}))


def _agora(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    got = capsys.readouterr()
    return code, got.out, got.err


def _global_ids(capsys: pytest.CaptureFixture[str]) -> list[int]:
    code, out, err = _agora(["timeline", "global", "--json", "--limit", "1000"], capsys)
    assert code == 0, err
    return [p["id"] for p in json.loads(out)]


BROKEN = [f for f in FAULTS if f not in ("ok",)]


@pytest.mark.parametrize("fault", BROKEN)
def test_sync_under_fault_fails_clearly_then_resumes(
    fault: str, agora: Agora, faulty: FaultyRpc, capsys: pytest.CaptureFixture[str]
) -> None:
    _settings(agora, faulty.url)
    agora.post(0, "before the fault")
    code, out, err = _agora(["sync", "--json", "--no-fetch"], capsys)
    assert code == 0, err
    agora.post(1, "during the fault")
    agora.post(2, "also during the fault")
    faulty.set(fault)
    for as_json in (True, False):
        code, out, err = _agora(["sync", "--no-fetch"] + (["--json"] if as_json else []), capsys)
        assert "Traceback" not in out + err
        assert forbidden(out + err) == [], (fault, out, err)
        if fault == "future_blocks" and code == 0:
            continue  # a lying head is tolerated only if nothing false was indexed (below)
        assert code in (5, 6), (fault, code, out, err)
        if as_json:
            assert json.loads(err)["error"] in ("chain", "content")
        else:
            assert err.startswith("Error: ")
    faulty.clear()
    code, out, err = _agora(["sync", "--json", "--no-fetch"], capsys)
    assert code == 0, (fault, err)
    assert sorted(_global_ids(capsys)) == [1, 2, 3]  # resumed: nothing lost, nothing duplicated
    code, out, _ = _agora(["timeline", "global", "--json"], capsys)
    texts = sorted(p["text"] for p in json.loads(out))
    assert texts == ["also during the fault", "before the fault", "during the fault"]


def test_local_timeline_reads_while_node_is_down(
    agora: Agora, faulty: FaultyRpc, capsys: pytest.CaptureFixture[str]
) -> None:
    _settings(agora, faulty.url)
    agora.post(0, "indexed before the outage")
    assert _agora(["sync", "--json", "--no-fetch"], capsys)[0] == 0
    faulty.set("drop_before")
    assert _global_ids(capsys) == [1]


READS = [["timeline"], ["thread", "1"], ["profile", "0x" + "11" * 20],
         ["notifications", "--me", "0x" + "11" * 20],
         ["search", "outage"], ["articles"]]  # fmt: skip


@pytest.mark.parametrize("fault", ["drop_before", "timeout_before"])
def test_every_read_command_works_offline(
    fault: str, agora: Agora, faulty: FaultyRpc, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reads come from the local index: plain output adds one notice on stderr, JSON nothing."""
    _settings(agora, faulty.url)
    agora.post(0, "indexed before the outage")
    assert _agora(["sync", "--json", "--no-fetch"], capsys)[0] == 0
    faulty.set(fault)
    for args in READS:
        code, out, err = _agora([*args, "--json"], capsys)
        assert code == 0 and err == "", (args, err)
        json.loads(out)
        code, out, err = _agora(args, capsys)
        assert code == 0, (args, err)
        assert err.startswith("Offline (") and err.count("\n") == 1, (args, err)
        assert forbidden(err) == []
    code, out, _ = _agora(["timeline"], capsys)
    assert "indexed before the outage" in out
