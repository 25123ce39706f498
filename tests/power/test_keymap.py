"""The [keymap] table: binding ids collected from the code, overrides, command keys, problems."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

from tui.cli.main import main
from tui.ui.command_line import CommandLineScreen
from tui.ui.keymap import collect_bindings, is_key, keymap_problems, split_keymap


def test_every_binding_has_a_dotted_id_a_description_and_a_tooltip() -> None:
    bindings = collect_bindings()
    ids = {b.id for b in bindings}
    assert {"app.command_line", "app.pipe", "timeline.tip", "compose.send", "list.down"} <= ids
    for info in bindings:
        assert "." in info.id and info.description and info.tooltip, info


def test_override_changes_the_current_key_only() -> None:
    tip = {b.id: b for b in collect_bindings({"timeline.tip": "T"})}["timeline.tip"]
    assert (tip.key, tip.default) == ("T", "t")


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ("ctrl+t", True),
        ("f5", True),
        ("?", True),
        ("question_mark", True),
        ("shift+tab", True),
        ("ctrl+alt+x", True),
        ("F5", False),
        ("ctrl+", False),
        ("banana+x", False),
        ("not_a_key_name", False),
        ("", False),
    ],
)
def test_is_key(key: str, valid: bool) -> None:
    assert is_key(key) is valid


def test_split_sorts_overrides_and_command_keys() -> None:
    split = split_keymap({"timeline.tip": "T", "ctrl+t": "tip 0.001", ":": "help"})
    assert split.bindings == {"timeline.tip": "T"}
    assert split.commands == {"ctrl+t": "tip 0.001", "colon": "help"}
    assert split.problems == []


@pytest.mark.parametrize(
    ("keymap", "expected"),
    [
        ({"timelin.tip": "T"}, "unknown binding id 'timelin.tip' (did you mean timeline.tip?)"),
        ({"timeline.tip": "F5"}, "timeline.tip: 'F5' is not a key Textual knows"),
        ({"ctrl+t": "tip lots"}, "key 'ctrl+t': 'lots' is not an amount of ETH"),
        ({"ctrl+t": "fly away"}, "key 'ctrl+t': Unknown command 'fly'"),
        ({"two words": "help"}, "'two words' is neither a binding id"),
        ({"timeline.reply": "t"}, "clash in TimelineScreen: timeline.tip loses key 't' to timeline.reply"),
        ({"timeline.reply": "x", "timeline.tip": "x"}, "timeline.reply and timeline.tip are all bound to 'x'"),
        ({"p": "timeline home"}, "key 'p' runs 'timeline home', so timeline.profile (TimelineScreen)"),
        ({"timeline.tip": "n"}, "on TimelineScreen, timeline.tip and app.compose share key 'n'"),
        ({"timeline.tip": "j"}, "key 'j': list.down (VirtualList) takes it first wherever that widget has focus, so timeline.tip (TimelineScreen) does not fire there"),
        ({"list.down": "t"}, "key 't': list.down (VirtualList) takes it first wherever that widget has focus, so timeline.tip (TimelineScreen)"),
    ],
)  # fmt: skip
def test_problems_are_explained(keymap: dict[str, str], expected: str) -> None:
    problems = list(keymap_problems(keymap))
    assert any(expected in p for p in problems), problems


def test_clean_keymaps_have_no_problems() -> None:
    assert list(keymap_problems({})) == []
    assert list(keymap_problems({"timeline.tip": "T", "f9": "timeline global; top"})) == []
    # Swapping two keys is not a clash.
    assert list(keymap_problems({"timeline.reply": "t", "timeline.tip": "r"})) == []


def _readme_keymap_example() -> str:
    """The ``[keymap]`` example of README.md's Keys section, verbatim."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", readme, re.S)
    examples = [b for b in blocks if b.startswith("[keymap]")]
    assert len(examples) == 1, "README.md should hold one ```toml block starting with [keymap]"
    return examples[0]


def test_readme_keymap_example_passes_config_check(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's own example: keeping ``down`` on list.down loses command.next nothing."""
    example = _readme_keymap_example()
    assert list(keymap_problems(tomllib.loads(example)["keymap"])) == []
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(example, encoding="utf-8")
    try:
        main(["config", "check"])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert (code, capsys.readouterr().out) == (0, "OK\n")


@pytest.mark.parametrize(
    ("keymap", "expected"),
    [
        # A key added beside the defaults still clashes.
        ({"list.down": "j,down,t"}, "key 't': list.down (VirtualList) takes it first"),
        ({"command.next": "down,n"}, "on CommandLineScreen, command.next and app.compose"),
        ({"list.top": "g,home,r"}, "list.top (VirtualList) takes it first wherever that widget"),
    ],
)
def test_added_keys_still_clash(keymap: dict[str, str], expected: str) -> None:
    problems = list(keymap_problems(keymap))
    assert any(expected in p for p in problems), problems


def test_a_list_key_only_clashes_on_screens_that_hold_a_list() -> None:
    """The wallet and the thread hold no list: a list key on their keys loses them nothing."""
    assert list(keymap_problems({"list.top": "g,home,x"})) == []  # wallet.cancel_tx keeps x
    problems = sorted(keymap_problems({"list.top": "g,home,r"}))
    assert len(problems) == 3, problems  # the three screens with a list and r: reply
    assert "community.reply (CommunityScreen)" in problems[0], problems
    assert "feed.reply (FeedScreen)" in problems[1], problems
    assert "timeline.reply (TimelineScreen)" in problems[2], problems


def test_screens_hold_what_their_code_builds() -> None:
    from tui.ui.keymap_hosts import can_hold
    from tui.ui.screens.profile import ProfileScreen
    from tui.ui.screens.search import SearchScreen
    from tui.ui.screens.timeline import TimelineScreen
    from tui.ui.screens.wallet import WalletScreen
    from tui.ui.widgets.virtual_list import VirtualList

    for screen in (TimelineScreen, ProfileScreen, SearchScreen):
        assert can_hold(screen, VirtualList), screen
    assert not can_hold(WalletScreen, VirtualList)
    assert not can_hold(CommandLineScreen, VirtualList)
