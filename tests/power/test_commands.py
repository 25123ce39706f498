"""The command registry: parsing to typed args, macros, errors, completion and history."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.commands import COMMANDS, parse_command, parse_macro, split_macro
from tui.core.commands.complete import candidates, complete_line
from tui.core.commands.history import CommandHistory
from tui.core.errors import UsageError

ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


def test_tip_amount_becomes_wei() -> None:
    call = parse_command("tip 0.001")
    assert call.name == "tip" and call.args == {"amount": 10**15}
    assert parse_command("tip").args == {"amount": None}  # no amount: the modal asks


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("tip lots", "'lots' is not an amount of ETH"),
        ("tip 0.0000000000000000001", "at most 18 decimals"),
        ("tip 0", "more than 0 ETH"),
        ("tip 1 2", "takes no more arguments"),
        ("timeline sideways", "must be one of: home, global, articles, notifications"),
        ("follow bob", "must be a 0x address"),
        ("thread -3", "positive whole number"),
        ("tpi 1", "Unknown command 'tpi'"),
        ("account", "account needs ACCOUNT"),
        ('search "unclosed', 'Missing closing "'),
        ("", "Empty command"),
    ],
)
def test_errors_are_usage_errors_that_say_what_to_do(line: str, message: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_command(line)
    assert message in str(info.value)


def test_unknown_command_suggests_the_closest() -> None:
    with pytest.raises(UsageError) as info:
        parse_command("tpi")
    assert "Did you mean:" in str(info.value) and "tip" in str(info.value)


def test_typed_arguments() -> None:
    assert parse_command("timeline GLOBAL").args == {"kind": "global"}
    assert parse_command(f"follow {ADDRESS}").args == {"address": ADDRESS}
    assert parse_command("thread 42").args == {"post_id": 42}
    assert parse_command("down").args == {"count": None}
    assert parse_command("account alice").args == {"account": "alice"}


def test_text_arguments_keep_the_rest_of_the_line_verbatim() -> None:
    assert parse_command("post it's  [b]fine[/b] $(rm -rf ~)").args == {
        "text": "it's  [b]fine[/b] $(rm -rf ~)"
    }
    assert parse_command('search "two words"').args == {"query": "two words"}
    assert parse_command("post").args == {"text": None}  # no text: open the editor


def test_macro_splits_on_unquoted_semicolons_and_parses_everything_first() -> None:
    calls = parse_macro('timeline global; top; search "a;b"; tip 0.001')
    assert [c.name for c in calls] == ["timeline", "top", "search", "tip"]
    assert calls[2].args == {"query": "a;b"}
    with pytest.raises(UsageError):  # one bad command: nothing runs
        parse_macro("timeline global; tip lots")
    assert split_macro(" ; top ;; ") == ["top"]


def test_every_command_has_help_and_an_area() -> None:
    for spec in COMMANDS.values():
        assert spec.help and spec.area in {
            "navigate",
            "write",
            "wallet",
            "tools",
            "reading",
            "communities",
        }
        assert spec.usage.startswith(spec.name)


@given(st.text(max_size=200))
def test_parsing_never_raises_anything_but_usage_errors(text: str) -> None:
    with contextlib.suppress(UsageError):
        parse_macro(text)


def test_completion_of_names_and_arguments() -> None:
    assert complete_line("ti") == ("ti", ["timeline", "tip"])
    assert complete_line("time") == ("timeline ", [])
    assert complete_line("timeline g") == ("timeline global ", [])
    line, options = complete_line("timeline ")
    assert line == "timeline " and options == [
        "articles",
        "communities",
        "global",
        "home",
        "notifications",
    ]
    assert complete_line("top; timeline n") == ("top; timeline notifications ", [])
    sources = {"accounts": lambda: ["alice", "bob", ADDRESS]}
    assert complete_line("account a", sources) == ("account alice ", [])
    assert candidates("network ", {"networks": lambda: ["devnet", "sepolia"]}) == [
        "devnet",
        "sepolia",
    ]
    assert candidates("tip 0.0") == []  # free-form arguments offer nothing


def test_history_persists_and_walks_like_a_shell(tmp_path: Path) -> None:
    path = tmp_path / "command-history"
    history = CommandHistory(path)
    for line in ("timeline global", "tip 0.001", "tip 0.001", "top"):
        history.add(line)
    assert path.read_text().splitlines() == ["timeline global", "tip 0.001", "top"]
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    again = CommandHistory(path)
    assert [again.previous(), again.previous(), again.previous(), again.previous()] == [
        "top",
        "tip 0.001",
        "timeline global",
        None,
    ]
    assert again.next() == "tip 0.001"
    assert again.next() == "top"
    assert again.next() == ""


def test_history_keeps_the_newest_entries(tmp_path: Path) -> None:
    history = CommandHistory(tmp_path / "h", limit=3)
    for i in range(5):
        history.add(f"down {i + 1}")
    assert CommandHistory(tmp_path / "h", limit=3).entries == ["down 3", "down 4", "down 5"]
