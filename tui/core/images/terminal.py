"""Which way images are drawn: the ``[images] protocol`` setting, and ``auto`` detection.

``auto`` reads only the environment the terminal sets (``KITTY_WINDOW_ID``,
``TERM=xterm-kitty``, ``TERM_PROGRAM``, ``TERM=foot``…), never a query written to the terminal:
once Textual runs, the answer to a query (DA1, XTSMGRAPHICS) would arrive mixed with the
user's keystrokes, and a terminal that never answers would stall the wait. Anything unknown
gets half-blocks, which every truecolour terminal draws and which snapshots use; tmux and
screen get half-blocks too (they do not pass graphics through by default).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Protocol(StrEnum):
    """How an image reaches the screen."""

    KITTY = "kitty"
    SIXEL = "sixel"
    HALFBLOCK = "halfblock"
    OFF = "off"


CHOICES = ("auto", "kitty", "sixel", "halfblock", "off")
"""Values of the ``[images] protocol`` setting."""

_KITTY_PROGRAMS = {"wezterm", "ghostty"}
_SIXEL_PROGRAMS = {"iterm.app", "mintty", "mlterm", "contour", "blackbox"}
_SIXEL_TERMS = ("foot", "mlterm", "yaft", "contour", "xterm-sixel")


def detect(env: Mapping[str, str]) -> Protocol:
    """The best protocol the environment says the terminal has (half-blocks when unsure)."""
    term = env.get("TERM", "").lower()
    program = env.get("TERM_PROGRAM", "").lower()
    if env.get("TMUX") or term.startswith(("screen", "tmux")):
        return Protocol.HALFBLOCK
    if env.get("KITTY_WINDOW_ID") or term == "xterm-kitty" or term == "xterm-ghostty":
        return Protocol.KITTY
    if program in _KITTY_PROGRAMS or env.get("KONSOLE_VERSION"):
        return Protocol.KITTY
    if program in _SIXEL_PROGRAMS or term.startswith(_SIXEL_TERMS) or env.get("WT_SESSION"):
        return Protocol.SIXEL
    return Protocol.HALFBLOCK


def choose(setting: str, env: Mapping[str, str], *, headless: bool = False) -> Protocol:
    """The protocol for ``setting`` (one of ``CHOICES``) in this environment.

    ``headless`` (tests, snapshots, the web page) always draws half-blocks: terminal graphics
    would not reach a screenshot, and half-blocks are deterministic.
    """
    if setting == "off":
        return Protocol.OFF
    if headless:
        return Protocol.HALFBLOCK
    if setting == "auto":
        return detect(env)
    try:
        return Protocol(setting)
    except ValueError:
        return Protocol.HALFBLOCK
