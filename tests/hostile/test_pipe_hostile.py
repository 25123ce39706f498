"""The pipe (`|` a post into the user's own command): content is data on stdin, output is cleaned."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.corpus import SHORT, forbidden
from tui.core.commands.pipe import run_pipe
from tui.core.text import clean_text


@pytest.mark.parametrize(
    "name", ["osc52_clipboard", "textual_click_quit", "c1_osc_8bit", "bidi_trojan_source"]
)
def test_pipe_output_is_sanitised(name: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = clean_text(SHORT[name]) + f" $(touch {marker}) `touch {marker}` ; touch {marker}"
    result = run_pipe(
        r"cat; printf '\033]52;c;cm0gLXJmIH4=\007\033]0;PWNED\007\233H'", {"text": text}, timeout=10
    )
    assert not marker.exists(), "post text was executed"
    assert forbidden(result.output) == [] and forbidden(result.command) == []
    assert "\u241b]52;c;" in result.output  # the command's own escapes are shown, not obeyed
