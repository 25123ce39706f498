"""``agora round``: open, allocate as two evaluators, claim, show, with refusals before signing
(subprocesses against a real anvil, keys in keystore files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_wallet.test_cli_flows import PASSPHRASE, agora, write_settings
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.index.kit import Agora, deploy
from tests.rounds.conftest import past_wall_clock
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore

LABELS = ("funder", "author", "ev2", "ev3")


@pytest.fixture
def kit(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> tuple[Agora, Path]:
    deployed = deploy(anvil, LocalContentStore(isolated_home / "content"))
    write_settings(tmp_path, deployed.network)
    pw = tmp_path / "pw"
    pw.write_text(PASSPHRASE)
    for key, label in zip(DEV_KEYS, LABELS, strict=True):
        done = agora("account", "import", "--key", "--label", label, "--passphrase-file", str(pw),
                     stdin=key + "\n")  # fmt: skip
        assert done.returncode == 0, done.stderr
    return deployed, pw


def _run(pw: Path, *args: str, who: str = "funder") -> tuple[int, dict, str]:
    done = agora(*args, "--account", who, "--passphrase-file", str(pw), "--json")
    data = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
    return done.returncode, data, done.stderr


def test_a_round_from_the_command_line(kit: tuple[Agora, Path], tmp_path: Path) -> None:
    chain, pw = kit
    chain.post(1, "an explainer worth funding")
    scope = tmp_path / "scope.toml"
    scope.write_text('name = "Explainers"\nwork_scope = ["docs"]\n')
    open_args = ("round", "open", "--pot", "1", "--scope", str(scope), "--evaluator", "ev2",
                 "--evaluator", DEV_ADDRESSES[3], "--quorum", "2", "--allocate-for", "1h")  # fmt: skip
    code, dry, err = _run(pw, *open_args, "--dry-run")
    assert code == 0, err
    assert dry["confirmation"]["value_wei"] == str(10**18)
    assert any("Open a funding round of 1 ETH with 2 evaluator(s)" in x for x in dry["lines"])
    bad = agora(*open_args[:-2], "--allocate-for", "1h", "--quorum", "3", "--dry-run")
    assert bad.returncode == 2 and "quorum must be between 1" in bad.stderr
    code, done, err = _run(pw, *open_args, "--yes")
    assert code == 0 and done["transaction"]["status"] == "confirmed", err

    code, _, err = _run(pw, "round", "allocate", "1", "post", "1", "0.1", "--yes", who="author")
    assert code == 2 and "is not an evaluator of round #1" in err
    assert "Traceback" not in err
    for who in ("ev2", "ev3"):
        code, done, err = _run(
            pw, "round", "allocate", "1", "post", "1", "0.1", "--reason", "clear", "--yes", who=who
        )
        assert code == 0 and done["transaction"]["status"] == "confirmed", err
    code, _, err = _run(pw, "round", "allocate", "1", "post", "1", "0.6", "--yes", who="ev2")
    assert code == 2 and "Over budget" in err
    code, _, err = _run(pw, "round", "claim", "1", "post", "1", "--yes", who="author")
    assert code == 2 and "still allocating" in err

    alerts = json.loads(agora("round", "alerts", "--json", "--account", "author").stdout)
    assert alerts[0]["kind"] == "allocation" and alerts[0]["amount"] == str(2 * 10**17)
    past_wall_clock(chain.rpc, 3601)
    code, _, err = _run(pw, "round", "claim", "1", "post", "1", "--yes", who="ev2")
    assert code == 2 and "cannot claim" in err
    alerts = agora("round", "alerts", "--account", "author").stdout
    assert "0.2 ETH to claim for post #1 from round #1" in alerts
    code, done, err = _run(pw, "round", "claim", "1", "post", "1", "--yes", who="author")
    assert code == 0 and done["transaction"]["status"] == "confirmed", err
    assert done["confirmation"]["payee"]["address"] == DEV_ADDRESSES[1]

    shown = json.loads(agora("round", "show", "1", "--json").stdout)
    assert shown["phase"] == "claiming"
    assert shown["scope_name"] == "Explainers"
    assert shown["targets"] == [
        {
            "kind": "post",
            "id": 1,
            "total": str(2 * 10**17),
            "backers": sorted(a.lower() for a in DEV_ADDRESSES[2:4]),
            "qualifies": True,
            "payout": str(2 * 10**17),
            "claimed": str(2 * 10**17),
        }
    ]
    text = agora("round", "show", "1").stdout
    assert "post #1" in text and "qualifies, claimed 0.2 ETH" in text
    listed = agora("round", "list").stdout
    assert listed.startswith("#1  claims open")


def test_a_fee_token_pot_is_approved_exactly_then_opened(
    kit: tuple[Agora, Path], tmp_path: Path
) -> None:
    from tests.contracts.conftest import deploy_helper, helper_calldata
    from tui.core.chain.deploy import send_transaction

    chain, pw = kit
    token = deploy_helper(chain.rpc, "FeeToken", [], [])
    mint = helper_calldata("mint(address,uint256)", ["address", "uint256"],
                           [DEV_ADDRESSES[0], 100 * 10**18])  # fmt: skip
    send_transaction(chain.rpc, DEV_KEYS[0], token, mint)
    scope = tmp_path / "scope.json"
    scope.write_text('{"name": "Token round"}')
    args = ("round", "open", "--token", token, "--pot", "100", "--scope", str(scope),
            "--evaluator", "ev2", "--evaluator", "ev3", "--quorum", "2", "--allocate-for", "1h")  # fmt: skip
    code, _, err = _run(pw, *args, "--dry-run")
    assert code == 2 and "--symbol FEE" in err  # an unknown token's symbol must be typed back
    code, dry, err = _run(pw, *args, "--symbol", "FEE", "--dry-run")
    assert code == 0, err
    assert "allow Rounds to move exactly 100 FEE" in dry["confirmation"]["summary"]
    code, done, err = _run(pw, *args, "--symbol", "FEE", "--yes")
    assert code == 0, err
    summaries = [s["confirmation"]["summary"] for s in done["steps"]]
    assert summaries[1].startswith("Open a funding round of 100 FEE with 2 evaluator(s)")
    shown = json.loads(agora("round", "show", "1", "--json").stdout)
    assert shown["token"] == token
    assert shown["pot"] == str(99 * 10**18)  # what arrived after the 1% fee
