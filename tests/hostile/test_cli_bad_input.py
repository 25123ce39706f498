"""Mistyped input to the newer commands (points, rounds, communities, bookmarks, drafts, tips in
tokens): a usage error (exit code 2) that says what is wrong, never an internal error.

The node is a closed port, so a command that got past its checks would fail with a chain error
(exit code 5) instead: these inputs must be refused before anything is asked of a node.
"""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import DEV_KEYS
from tui.cli.main import main
from tui.core.attest.evidence import resolve_evidence
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network, Settings, save_settings
from tui.core.errors import UsageError
from tui.core.filters.actions import parse_item
from tui.core.units import parse_eth, parse_units

DEAD = ["--rpc-url", "http://127.0.0.1:9"]
ADDRESS = "0x" + "1" * 40


def _agora(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    got = capsys.readouterr()
    return code, got.out, got.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # "²" passes str.isdigit() but int() refuses it; "١" (Arabic-Indic one) int() reads as 1.
        (["tip", "1", "²", "--dry-run"], "not an amount of ETH"),
        (["tip", "1", "١", "--dry-run"], "not an amount of ETH"),
        (["round", "allocate", "1", "post", "1", "١٢", "--dry-run"], "not an amount of ETH"),
        (["points", "enable", "1", "N", "S", "--cap", "²", "--dry-run"], "not an amount of points"),
        (["points", "redeem", "1", "5", "--perk", "²", "--dry-run"], "PERK is a perk number"),
        (["community", "appeal", "1", "²", "why", "--dry-run"], "TARGET is a post id"),
        # nan passes every range comparison of click.FloatRange.
        (["points", "enable", "1", "N", "S", "--mod-share", "nan", "--dry-run"], "not a number"),
        (["sync", "--fetch-budget", "nan"], "not a number"),
        # A name that cannot be a draft's (the store refused it with a bare ValueError).
        (["drafts", "schedule", "\x1b[31mred", "1h"], "not a draft id"),
        (["drafts", "unschedule", "x/y"], "not a draft id"),
        # An avatar record nobody would be shown (it went on chain as typed).
        (["name", "set-avatar", "ada.eth", "x", "--dry-run"], "is not an avatar record"),
        (["name", "register", "zed", "--avatar", "javascript:alert(1)", "--dry-run"], "avatar"),
        (["name", "set-avatar", "ada.eth", "https://a\x1b[31m", "--dry-run"], "control"),
        (["name", "set-avatar", "ada.eth", "eip155:1/erc721:0x12/1", "--dry-run"], "NFT reference"),
        # click takes "-1" for an unknown option ("No such option '-1'").
        (["round", "allocate", "1", "post", "1", "-1", "--dry-run"], "0 or more"),
        (["points", "compute", "1", "-1"], "0 or more"),
        (["filter", "remove", "-1"], "0 or more"),
        (["bookmark", "-5"], "0 or more"),
        (["community", "show", "-1"], "0 or more"),
    ],
)
def test_mistyped_input_is_a_usage_error(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    node = [] if args[0] == "drafts" else DEAD  # drafts never reach a node
    code, out, err = _agora([*args, *node], capsys)
    assert code == 2, err
    assert message in err
    assert "internal error" not in err and "No such option" not in err
    assert "\x1b" not in out + err


@pytest.mark.parametrize(
    ("account", "code", "message"),
    [("0xzz", 2, "--account '0xzz' is not an address"), ("\x1b[31m", 3, "No account labelled")],
)
def test_a_mistyped_account_is_not_a_chain_or_settings_error(
    account: str, code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """It was exit code 5 ("chain") for a bad address and 8 ("settings") for an unknown label;
    writes already said 3 for an account that is not there."""
    settings = Settings(network="elsewhere")  # a network whose node is down: no devnet starts
    settings.networks["elsewhere"] = Network(
        name="elsewhere", rpc_url=DEAD[1], chain_id=1, social=ADDRESS, articles=ADDRESS
    )
    save_settings(settings)
    got, out, err = _agora(["timeline", "global", "--offline", "--account", account], capsys)
    assert (got, out) == (code, "")
    assert message in err and "\x1b" not in err


def test_a_usage_error_with_json_keeps_stdout_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _agora(["filter", "remove", "-1", "--json"], capsys)
    assert code == 2 and out == ""
    error = json.loads(err)
    assert error["error"] == "usage" and "0 or more" in error["message"]
    assert "--" in error["hint"]


@pytest.mark.parametrize("text", ["²", "١", "٣.٥", "1.²", "𝟙"])
def test_amounts_take_only_ascii_digits(text: str) -> None:
    with pytest.raises(UsageError, match="not an amount"):
        parse_eth(text)
    with pytest.raises(UsageError, match="not an amount"):
        parse_units(text, 6, "USDC")


@pytest.mark.parametrize("ref", ["²", "article:²", "post:١"])
def test_bookmarks_and_evidence_take_only_ascii_ids(ref: str) -> None:
    with pytest.raises(UsageError, match="not a post or article id"):
        parse_item(ref)
    with pytest.raises(UsageError, match="Evidence must be"):
        resolve_evidence(sqlite3.connect(":memory:"), ref)


@pytest.mark.parametrize(
    "args",
    [
        ["name", "resolve", "ada.eth"],
        ["name", "show", "ada.eth", "--json"],
        ["points", "balance", "1", ADDRESS],
        ["revoke", "0x" + "ab" * 32, "--dry-run"],
    ],
)
def test_a_node_on_another_chain_is_refused_before_reading_it(
    args: list[str],
    anvil: RpcClient,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The settings say chain 1, the node is anvil (31337): its answers are not that network's,
    so names, points and rounds read from it (and a write's own reads) would mislead."""
    contracts = {
        k: ADDRESS
        for k in ("communities", "points", "rounds", "eas", "schema_registry", "ens_registry")
    }
    settings = Settings(network="elsewhere")
    settings.networks["elsewhere"] = Network(
        name="elsewhere", rpc_url=anvil.url, chain_id=1, social=ADDRESS, articles=ADDRESS,
        contracts=contracts,
    )  # fmt: skip
    save_settings(settings)
    if args[0] == "revoke":  # a write: it needs an account before it reads the attestation
        monkeypatch.setenv("AGORA_KEY_STORE", "file")
        monkeypatch.setattr("sys.stdin", io.StringIO(DEV_KEYS[3] + "\n"))
        secret = tmp_path / "pw"
        secret.write_text("a passphrase for the test")
        imported = _agora(["account", "import", "--key", "--passphrase-file", str(secret)], capsys)
        assert imported[0] == 0, imported[2]
    code, out, err = _agora(args, capsys)
    assert code == 5, err
    assert "wrong chain: expected 1" in err and "node says 31337" in err
    assert out == ""


def test_a_rules_file_that_is_not_rules_is_said_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Binary bytes were reported as a codec's exception text, and a huge file was read whole."""
    binary = tmp_path / "rules.bin"
    binary.write_bytes(b"1. ok\n\xa0\xff")
    huge = tmp_path / "rules.txt"
    huge.write_text("1. " + "a" * 100_000)
    for path, message in ((binary, "is not UTF-8 text"), (huge, "larger than 64 KiB")):
        args = ["community", "create", "n", "--goal", "g", "--rules", str(path), "--dry-run"]
        code, out, err = _agora([*args, *DEAD], capsys)
        assert (code, out) == (2, ""), err
        assert message in err and "codec" not in err
