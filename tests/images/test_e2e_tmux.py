"""End to end in a real terminal: attach an image in compose, post it on anvil, see it drawn
in the thread (half-blocks read back with `tmux capture-pane`)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.images.helpers import gradient_png
from tests.ui.write.test_e2e_tmux import Terminal, terminal  # noqa: F401  (a fixture)

pytestmark = [
    pytest.mark.anvil,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_attach_an_image_post_it_and_see_it_drawn(terminal: Terminal, tmp_path: Path) -> None:  # noqa: F811
    image = tmp_path / "gradient.png"
    image.write_bytes(gradient_png())
    terminal.wait_for("Home")
    terminal.press_until("n", "New post")
    terminal.type("a picture from tmux")
    terminal.wait_for("a picture from tmux")
    terminal.keys("C-l")
    terminal.wait_for("Attach an image")
    terminal.type(str(image))
    terminal.wait_for("gradient.png")
    terminal.keys("Enter")
    time.sleep(0.5)  # the focus moves to the alt field
    terminal.type("a gradient in tmux")
    terminal.wait_for("a gradient in tmux")
    terminal.keys("Enter")
    terminal.wait_for("1. image/png")
    terminal.keys("C-s")
    screen = terminal.wait_for("Confirm transaction")
    assert "post(string,uint256)" in screen
    terminal.keys("y")
    terminal.wait_for("confirmed in block")
    terminal.keys("2")
    screen = terminal.wait_for("a picture from tmux", timeout=20)
    assert "▣" in screen and "a gradient in tmux" in screen  # the card's marker
    terminal.press_until("Enter", "Thread #")
    screen = terminal.wait_for("▀▀▀▀▀▀▀▀")
    assert screen.count("▀") > 100  # drawn: 24×8 half-block cells
