"""CLI reads catch up with the node first (bounded); a CLI write indexes its own event."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli_wallet.test_cli_flows import agora, write_settings
from tests.conftest import DEV_ADDRESSES
from tests.faults.proxy import FaultyRpc
from tests.index.kit import Agora, deploy
from tui.cli import catchup
from tui.cli.main import main
from tui.core.chain.rpc import RpcClient


def _texts(stdout: str) -> list[str]:
    return [p["text"] for p in json.loads(stdout)]


def test_reads_catch_up_with_the_node(kit: Agora) -> None:
    kit.post(0, "posted elsewhere")
    fresh = agora("timeline", "global", "--json")  # a fresh profile, never synced
    assert fresh.returncode == 0, fresh.stderr
    assert _texts(fresh.stdout) == ["posted elsewhere"] and fresh.stderr == ""

    kit.post(1, "a reply about llamas", parent=1)
    kit.publish(0, "An essay", "body", price=0, editions=1)
    offline = agora("timeline", "global", "--json", "--offline")
    assert _texts(offline.stdout) == ["posted elsewhere"]  # --offline reads the index as it is
    assert _texts(agora("search", "llamas", "--json").stdout) == ["a reply about llamas"]
    kit.post(1, "third")
    thread = json.loads(agora("thread", "1", "--json").stdout)
    assert [r["post"]["text"] for r in thread["replies"]] == ["a reply about llamas"]
    kit.follow(1, 0)
    profile = json.loads(agora("profile", DEV_ADDRESSES[0], "--json").stdout)
    assert profile["profile"]["followers"] == 1
    kit.tip(2, 1, 10**15)
    notes = json.loads(agora("notifications", "--me", DEV_ADDRESSES[0], "--json").stdout)
    assert [n["kind"] for n in notes][:2] == ["tip", "follow"]
    kit.publish(1, "Second essay", "more", price=0, editions=1)
    articles = json.loads(agora("articles", "--json").stdout)
    assert [a["title"] for a in articles] == ["Second essay", "An essay"]
    plain = agora("timeline", "global")
    assert plain.returncode == 0 and "third" in plain.stdout and plain.stderr == ""


def test_a_cli_write_indexes_its_own_event(passphrase_file: Path) -> None:
    done = agora("post", "mine", "--yes", "--json", "--passphrase-file", str(passphrase_file))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["indexed"] is True
    offline = agora("timeline", "global", "--json", "--offline")
    posts = json.loads(offline.stdout)
    assert [(p["text"], p["content_status"]) for p in posts] == [("mine", "verified")]


def test_a_node_that_does_not_answer_is_said_on_stderr(kit: Agora) -> None:
    kit.post(0, "hello")
    assert agora("timeline", "--json").returncode == 0
    down = agora("--rpc-url", "http://127.0.0.1:9", "timeline", "global", "--json")
    assert down.returncode == 0 and _texts(down.stdout) == ["hello"] and down.stderr == ""
    plain = agora("--rpc-url", "http://127.0.0.1:9", "timeline", "global")
    assert "hello" in plain.stdout and plain.stderr.startswith("Offline (")


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_slow_node_shows_what_is_indexed_and_says_it_is_behind(
    kit: Agora,
    anvil: RpcClient,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kit.post(0, "first")
    code, out, _ = _run(["timeline", "global", "--json"], capsys)
    assert code == 0 and _texts(out) == ["first"]
    kit.post(0, "second")
    proxy = FaultyRpc(anvil.url)
    try:
        proxy.set("timeout_before", "eth_getLogs", stall=2.0)  # the logs never come in time
        monkeypatch.setattr(catchup, "READ_BUDGET", 0.5)
        monkeypatch.setattr(catchup, "GRACE", 0.1)
        code, out, err = _run(["--rpc-url", proxy.url, "timeline", "global"], capsys)
        assert code == 0 and "first" in out and "second" not in out
        assert re.match(r"Still catching up \(indexed to block \d+ of \d+\)", err), err
        assert "`agora sync` finishes it" in err
        code, out, err = _run(["--rpc-url", proxy.url, "timeline", "global", "--json"], capsys)
        assert (code, _texts(out), err) == (0, ["first"], "")  # quiet with --json
        proxy.set("timeout_before", stall=2.0)  # a node that answers nothing at all
        code, out, err = _run(["--rpc-url", proxy.url, "timeline", "global"], capsys)
        assert code == 0 and "first" in out
        assert err == "Offline (no answer from the node within 0.5 s): showing the local index.\n"
    finally:
        proxy.close()


def test_a_sync_that_fails_says_why(kit: Agora, anvil: RpcClient, tmp_path: Path) -> None:
    """The node answers but the index belongs to another deployment: not "offline"."""
    kit.post(0, "on the first deployment")
    assert agora("timeline", "--json").returncode == 0
    write_settings(tmp_path, deploy(anvil).network)  # same network name, new contracts
    done = agora("timeline", "global")
    assert done.returncode == 0 and "on the first deployment" in done.stdout
    assert done.stderr.startswith("Could not catch up (The local index belongs to another")


def test_a_sync_with_nothing_new_says_it_is_up_to_date(kit: Agora) -> None:
    kit.post(0, "hello")
    first = agora("sync")
    assert first.returncode == 0 and first.stdout.startswith("Indexed blocks 1.."), first.stdout
    again = agora("sync")  # no block since: not an empty range like "Indexed blocks 9..8"
    assert again.returncode == 0 and re.fullmatch(
        r"Up to date at block \d+ on \w+\.\n", again.stdout
    ), again.stdout


def test_an_unknown_id_after_a_catch_up_does_not_send_the_user_to_sync(kit: Agora) -> None:
    kit.post(0, "only post")
    for args in (["thread", "2"], ["article", "show", "1"]):
        caught_up = agora(*args)
        assert caught_up.returncode == 3, caught_up.stderr
        assert "up to date with the node" in caught_up.stderr, caught_up.stderr
        assert "agora sync" not in caught_up.stderr
        offline = agora(*args, "--offline")  # the index as it is: a sync may still find it
        assert offline.returncode == 3 and "Run `agora sync`." in offline.stderr
