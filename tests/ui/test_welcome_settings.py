"""The welcome screen writes the settings file only when the user picks another network, and
then changes only the network line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Select

from tests.ui.conftest import build, settle
from tui.ui.screens.timeline import TimelineScreen
from tui.ui.screens.welcome import WelcomeScreen

pytestmark = pytest.mark.anyio

CUSTOM = """\
# my lab setup
network = "lab"
theme = "nord"
max_fee_eth = "0.02"

[networks.lab]
rpc_url = "http://127.0.0.1:9"
chain_id = 4242
deploy_block = 77

[keymap]
"timeline.tip" = "T"
"""


@pytest.fixture
def settings_file() -> Path:
    path = Path(os.environ["AGORA_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(CUSTOM.encode())
    return path


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_escape_leaves_the_settings_file_byte_identical(
    settings_file: Path, fixed_keyring: None, size: tuple[int, int]
) -> None:
    before = settings_file.stat()
    app = build(first_run=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.screen.query_one("#network-choice", Select).value == "lab"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
    after = settings_file.stat()
    assert settings_file.read_bytes() == CUSTOM.encode()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


async def test_picking_another_network_changes_only_that_line(
    settings_file: Path, fixed_keyring: None
) -> None:
    app = build(first_run=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#network-choice", Select).value = "devnet"
        await pilot.click("#skip")
        await settle(pilot)
    assert settings_file.read_text() == CUSTOM.replace('network = "lab"', 'network = "devnet"')


async def test_settings_save_writes_only_what_the_form_changed(settings_file: Path) -> None:
    """Settings: a new theme is one changed line; the comment, network and keymap stay."""
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one("#theme", Select).value = "gruvbox"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert settings_file.read_text() == CUSTOM.replace('theme = "nord"', 'theme = "gruvbox"')
