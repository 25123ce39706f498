"""The skeleton's own guarantees: CIDs, paths, errors, and a core free of Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.chain.rpc import RpcClient
from tui.core.config.paths import config_file, data_dir
from tui.core.content.cid import cid_for, parse_cid, verify
from tui.core.errors import ContentError


def test_cid_matches_ipfs_add_cid_version_1() -> None:
    # `printf 'hello world\n' | ipfs add --cid-version=1 -q`
    assert (
        cid_for(b"hello world\n") == "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
    )
    # `ipfs add --cid-version=1` of an empty file
    assert cid_for(b"") == "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"


def test_cid_refuses_more_than_one_block() -> None:
    cid_for(b"x" * 256 * 1024)
    with pytest.raises(ContentError, match="256 KiB"):
        cid_for(b"x" * (256 * 1024 + 1))


def test_verify_and_parse() -> None:
    cid = cid_for(b"agora")
    assert verify(cid, b"agora")
    assert not verify(cid, b"agora!")
    for bad in ("", "Qm" + "a" * 44, "b" + "a" * 58, cid[:-1] + "!", "../../etc/passwd"):
        with pytest.raises(ContentError):
            parse_cid(bad)


def test_paths_follow_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGORA_CONFIG", str(tmp_path / "x.toml"))
    monkeypatch.setenv("AGORA_HOME", str(tmp_path / "home"))
    assert config_file() == tmp_path / "x.toml"
    assert data_dir() == tmp_path / "home"


def test_core_never_imports_textual() -> None:
    """The CLI and scripts use the core without loading the TUI toolkit."""
    code = (
        "import pkgutil, importlib, sys, tui.core\n"
        "for m in pkgutil.walk_packages(tui.core.__path__, 'tui.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "import tui.cli.main\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_rpc_talks_to_anvil(anvil: RpcClient) -> None:
    assert anvil.chain_id() == 31337
    assert anvil.block_number() >= 0


def test_dev_addresses_match_dev_keys() -> None:
    from eth_account import Account

    from tests.conftest import DEV_ADDRESSES, DEV_KEYS

    assert [Account.from_key(k).address for k in DEV_KEYS] == DEV_ADDRESSES
