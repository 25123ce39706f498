"""Settings: defaults, round trip, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.config.settings import Network, Settings, load_settings, save_settings
from tui.core.errors import ConfigError


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == Settings()


def test_round_trip(tmp_path: Path) -> None:
    net = Network(
        name="base-sepolia",
        rpc_url="https://sepolia.base.org",
        chain_id=84532,
        social="0x" + "1" * 40,
        articles="0x" + "2" * 40,
        deploy_block=5,
        gateways=["https://ipfs.example"],
    )
    settings = Settings(
        network="base-sepolia", networks={"base-sepolia": net}, keymap={"timeline.tip": "T"}
    )
    path = save_settings(settings, tmp_path / "s.toml")
    assert load_settings(path) == settings


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("network = ", "not valid TOML"),
        ("colour = 'red'", "Unknown settings"),
        ("theme = 5", "wrong type"),
        ("[networks.x]\nrpc_url = 'ftp://x'\nchain_id = 1", "http"),
        ("[networks.x]\nrpc_url = 'http://x'", "incomplete"),
        ("[networks.x]\nrpc_url = 'http://x'\nchain_id = 1\nsocial = 'nope'", "address"),
        ("[networks.x]\nrpc_url = 'http://x'\nchain_id = 1\nfoo = 1", "unknown keys"),
        ("[keymap]\n'timeline.tip' = 5", "keymap"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "s.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_saved_files_are_private_and_leave_no_temp_files(tmp_path: Path) -> None:
    path = save_settings(Settings(theme="nord"), tmp_path / "cfg" / "s.toml")
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["s.toml"]
