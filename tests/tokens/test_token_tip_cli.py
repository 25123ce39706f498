"""`agora tip ID AMOUNT --token T` as a subprocess against a real anvil: the dry run, the
unknown-token check, the two confirmed transactions with --yes, and a permit signed only once
confirmed, with one passphrase."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from tests.cli_wallet.test_cli_flows import PASSPHRASE, agora, write_settings
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tui.core.actions import TxPipeline
from tui.core.actions.calls import SIGNED_LATER
from tui.core.config.settings import Network
from tui.core.tokens import DEMO_TOKEN, TOKEN_TIPS
from tui.core.tokens.erc20 import allowance, balance_of
from tui.core.tokens.permit import permit_nonce


@pytest.fixture
def tipper(tmp_path: Path, network: Network, pipeline: TxPipeline) -> Path:
    """Account 2 (1,000 DEMO) imported; the network is called "lab", so DEMO is unknown."""
    write_settings(tmp_path, replace(network, name="lab"))
    pw = tmp_path / "pw"
    pw.write_text(PASSPHRASE)
    done = agora("account", "import", "--key", "--passphrase-file", str(pw), stdin=DEV_KEYS[2])
    assert done.returncode == 0, done.stderr
    return pw


def test_an_unknown_token_needs_its_symbol_typed_back(tipper: Path, network: Network) -> None:
    token = network.contracts[DEMO_TOKEN]
    refused = agora("tip", "1", "5", "--token", token, "--dry-run")
    assert refused.returncode != 0
    assert "does not know the token" in refused.stderr and "--symbol DEMO" in refused.stderr
    assert "Traceback" not in refused.stderr
    symbol = ("--symbol", "DEMO", "--no-permit")
    dry = agora("tip", "1", "5", "--token", token, *symbol, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    data = json.loads(dry.stdout)
    conf = data["confirmation"]
    assert conf["to"] == token and conf["function"] == "approve(address,uint256)"
    assert conf["args"] == {"spender": network.contracts[TOKEN_TIPS], "amount": str(5 * 10**18)}
    assert any("Unknown token" in n for n in conf["notes"])
    assert data["lines"][-1].startswith("(then more transactions follow")
    # the amount reads in the token, never as wei of ETH (it moves no ETH)
    assert conf["units"] == [18, "DEMO"]
    assert any("amount = 5000000000000000000 base units (5 DEMO)" in x for x in data["lines"])
    assert not any(" wei (" in x for x in data["lines"])


def test_a_token_tip_approves_exactly_then_tips(
    tipper: Path, network: Network, pipeline: TxPipeline
) -> None:
    token = network.contracts[DEMO_TOKEN]
    args = (
        "tip",
        "1",
        "2.5",
        "--token",
        token,
        "--symbol",
        "DEMO",
        "--yes",
        "--json",
        "--no-permit",
    )
    done = agora(*args, "--passphrase-file", str(tipper))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [s["confirmation"]["function"] for s in data["steps"]] == [
        "approve(address,uint256)",
        "tipToken(uint256,address,uint256)",
    ]
    assert all(s["transaction"]["status"] == "confirmed" for s in data["steps"])
    assert data["confirmation"]["payee"]["address"] == DEV_ADDRESSES[1]
    rpc = pipeline.rpc
    assert balance_of(rpc, token, DEV_ADDRESSES[1]) == 1000 * 10**18 + 25 * 10**17
    assert allowance(rpc, token, DEV_ADDRESSES[2], network.contracts[TOKEN_TIPS]) == 0


class PassphrasePipe:
    """A named pipe that gives the passphrase to each reader and counts them: how many times
    the command asked for the passphrase (each read also unlocks the key once more)."""

    def __init__(self, path: Path, passphrase: str) -> None:
        os.mkfifo(path)
        self.path, self.passphrase, self.reads = path, passphrase.encode(), 0
        self._closing = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            fd = os.open(self.path, os.O_WRONLY)  # waits for the next reader
            try:
                if self._closing:
                    return
                self.reads += 1
                self.path.unlink()  # the next reader gets a new pipe, never this one's rest
                os.mkfifo(self.path)
                os.write(fd, self.passphrase)
            finally:
                os.close(fd)

    def close(self) -> None:
        self._closing = True
        fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # wakes the waiting writer
        self._thread.join(10)
        os.close(fd)


def test_a_permit_is_signed_only_when_confirmed_with_one_passphrase(
    tipper: Path, network: Network, pipeline: TxPipeline, tmp_path: Path
) -> None:
    """The dry run reads no passphrase and signs no permit; the confirmed tip asks for the
    passphrase once (permit and transaction signed with the same unlocked key) and is one
    transaction that pays the author."""
    token, tips = network.contracts[DEMO_TOKEN], network.contracts[TOKEN_TIPS]
    pipe = PassphrasePipe(tmp_path / "asked", PASSPHRASE)
    try:
        args = ("tip", "1", "1.5", "--token", token, "--symbol", "DEMO", "--passphrase-file")
        dry = agora(*args, str(pipe.path), "--dry-run", "--json")
        assert dry.returncode == 0, dry.stderr
        assert pipe.reads == 0
        conf = json.loads(dry.stdout)["confirmation"]
        assert "signs a permit for exactly 1.5 DEMO, valid until " in conf["summary"]
        assert conf["args"]["r"] == SIGNED_LATER
        assert permit_nonce(pipeline.rpc, token, DEV_ADDRESSES[2]) == 0
        done = agora(*args, str(pipe.path), "--yes", "--json")
        assert done.returncode == 0, done.stderr
        assert pipe.reads == 1
    finally:
        pipe.close()
    data = json.loads(done.stdout)
    assert "steps" not in data
    assert data["confirmation"]["function"].startswith("tipTokenWithPermit(")
    assert data["transaction"]["status"] == "confirmed"
    assert permit_nonce(pipeline.rpc, token, DEV_ADDRESSES[2]) == 1
    assert balance_of(pipeline.rpc, token, DEV_ADDRESSES[1]) == 1000 * 10**18 + 15 * 10**17
    assert allowance(pipeline.rpc, token, DEV_ADDRESSES[2], tips) == 0


def test_bad_token_tips_are_one_line_errors(tipper: Path, network: Network) -> None:
    token = network.contracts[DEMO_TOKEN]
    for args, expected in (
        (("tip", "1", "5", "--token", "USDC"), "No known token called 'USDC'"),
        (("tip", "1", "5", "--token", network.social, "--symbol", "X"), "like an ERC-20"),
        (("tip", "1", "0.0000000000000000001", "--token", token, "--symbol", "DEMO"),
         "at most 18 decimals"),
        (("tip", "9", "1", "--token", token, "--symbol", "DEMO"), "no post #9"),
        (("tip", "1", "1000000", "--token", token, "--symbol", "DEMO"), "Insufficient funds"),
    ):  # fmt: skip
        done = agora(*args, "--dry-run")
        assert done.returncode != 0 and expected in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
