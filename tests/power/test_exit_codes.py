"""Every documented exit code, produced by a real `agora` command in a subprocess."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.power.conftest import Agora
from tui.core.config.settings import Network


def _error(done: object) -> dict[str, str]:
    stderr: str = done.stderr  # type: ignore[attr-defined]
    return json.loads(stderr.strip().splitlines()[-1])


def test_0_success(agora: Agora) -> None:
    done = agora("config", "path", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["config"] == os.environ["AGORA_CONFIG"]


def test_2_usage_error(agora: Agora) -> None:
    unknown = agora("no-such-command", "--json")
    assert unknown.returncode == 2 and _error(unknown)["error"] == "usage"
    bad_amount = agora("tip", "1", "lots", "--dry-run", "--json")
    assert bad_amount.returncode == 2, bad_amount.stderr
    assert _error(bad_amount)["error"] == "usage"


def test_3_not_found(agora: Agora, account: str) -> None:
    done = agora("tx", "speed-up", "0x" + "ab" * 32, "--yes", "--json")
    assert done.returncode == 3, done.stderr
    assert _error(done)["error"] == "not_found"


def test_4_rejected_without_tty_or_yes(agora: Agora, account: str, passphrase_file: Path) -> None:
    done = agora("post", "hello", "--passphrase-file", str(passphrase_file), "--json")
    assert done.returncode == 4 and _error(done)["error"] == "rejected"


def test_5_chain_error_on_a_dead_rpc_url(agora: Agora, account: str) -> None:
    done = agora("--rpc-url", "http://127.0.0.1:9", "post", "hello", "--dry-run", "--json")
    assert done.returncode == 5, done.stderr
    assert _error(done)["error"] == "chain"


def test_6_content_error(agora: Agora, account: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("")
    done = agora("article", "publish", str(empty), "--title", "Nothing", "--dry-run", "--json")
    assert done.returncode == 6, done.stderr
    assert _error(done)["error"] == "content"


def test_7_wallet_error_without_an_account(agora: Agora, configured: Network) -> None:
    done = agora("post", "hello", "--dry-run", "--json")
    assert done.returncode == 7, done.stderr
    assert _error(done)["error"] == "wallet"


def test_8_config_error_on_bad_settings(agora: Agora) -> None:
    cfg = Path(os.environ["AGORA_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('theme = 3\n[keymap]\n"timeline.tip" = "T"\n')
    done = agora("config", "show", "--json")
    assert done.returncode == 8 and _error(done)["error"] == "config"
    assert "theme" in _error(done)["message"]


def test_8_config_check_reports_keymap_problems(agora: Agora) -> None:
    cfg = Path(os.environ["AGORA_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('[keymap]\n"timelin.tip" = "T"\n"timeline.reply" = "t"\n')
    done = agora("config", "check", "--json")
    assert done.returncode == 8
    problems = json.loads(done.stdout)["problems"]
    assert any("unknown binding id 'timelin.tip'" in p and "timeline.tip" in p for p in problems)
    assert any("timeline.tip loses key 't' to timeline.reply" in p for p in problems)
