"""The timeline views from the CLI, on anvil: ``agora timeline tag:NAME``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEV_ADDRESSES
from tests.index.kit import Agora
from tests.views.conftest import agora_main


def test_tag_timeline_from_the_cli(agora_cli: Agora, capsys: pytest.CaptureFixture[str]) -> None:
    agora_cli.post(0, "learning #Rust this week")
    agora_cli.post(1, "nothing tagged")
    agora_cli.post(2, "more #rust, and #tui", parent=1)
    code, out, err = agora_main(["sync", "--json"], capsys)
    assert code == 0, out
    code, out, err = agora_main(["timeline", "tag:RUST", "--json"], capsys)
    assert code == 0
    assert [p["text"] for p in json.loads(out)] == [
        "more #rust, and #tui",
        "learning #Rust this week",
    ]
    code, out, err = agora_main(["timeline", "tag:tui"], capsys)
    assert code == 0 and "more #rust" in out and "learning" not in out
    code, out, err = agora_main(["timeline", "tag:no*pe", "--json"], capsys)
    assert code != 0 and "is not a tag" in out + err


def test_timeline_without_replies_or_reposts(
    agora_cli: Agora, capsys: pytest.CaptureFixture[str]
) -> None:
    agora_cli.post(0, "mine")
    agora_cli.post(1, "by a stranger")
    agora_cli.post(0, "my reply", parent=2)
    agora_cli.follow(0, 2)
    agora_cli.post(2, "by a friend")
    agora_cli.repost(2, 2)  # the friend reposts the stranger's post
    me = ["--me", DEV_ADDRESSES[0], "--json"]

    def texts(*args: str) -> list[str]:
        code, out, err = agora_main(["timeline", *args], capsys)
        assert code == 0, err
        return [p["text"] for p in json.loads(out)]

    assert texts("home", *me) == ["by a friend", "my reply", "by a stranger", "mine"]
    assert texts("home", "--no-replies", *me) == ["by a friend", "by a stranger", "mine"]
    assert texts("home", "--no-reposts", *me) == ["by a friend", "my reply", "mine"]
    assert texts("home", "--no-replies", "--no-reposts", *me) == ["by a friend", "mine"]
    assert texts("global", "--no-replies", "--json") == ["by a friend", "by a stranger", "mine"]


def test_saved_lists_and_their_timeline(
    agora_cli: Agora, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    agora_cli.post(0, "by zero")
    agora_cli.post(1, "by one")
    agora_cli.post(2, "by two")

    def run(*args: str) -> Any:
        code, out, err = agora_main([*args, "--json"], capsys)
        assert code == 0, err
        return json.loads(out)

    assert run("list", "create", "Friends") == {"list": "friends", "members": []}
    added = run("list", "add", "friends", DEV_ADDRESSES[2].lower(), DEV_ADDRESSES[0])
    assert added["added"] == [DEV_ADDRESSES[2], DEV_ADDRESSES[0]]
    assert run("list", "add", "friends", DEV_ADDRESSES[0])["added"] == []  # already there
    assert [p["text"] for p in run("timeline", "list:friends")] == ["by two", "by zero"]
    assert run("list", "remove", "friends", DEV_ADDRESSES[2])["members"] == [DEV_ADDRESSES[0]]
    assert run("list", "show") == {"lists": {"friends": [DEV_ADDRESSES[0]]}}
    assert [p["text"] for p in run("timeline", "list:Friends")] == ["by zero"]
    stored = json.loads((isolated_home / "lists.json").read_text())
    assert stored["lists"] == {"friends": [DEV_ADDRESSES[0]]}
    code, _out, err = agora_main(["list", "create", "friends"], capsys)
    assert code != 0 and "already exists" in err
    code, _out, err = agora_main(["timeline", "list:enemies"], capsys)
    assert code != 0 and "No list named 'enemies'" in err and "Traceback" not in err
    code, _out, err = agora_main(["list", "add", "friends", "0x123"], capsys)
    assert code != 0 and "is not a 0x address" in err
    assert run("list", "delete", "friends")["deleted"] is True
    assert run("list", "show") == {"lists": {}}


def test_an_unreadable_lists_file_is_reported_and_kept(
    agora_cli: Agora, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    path = isolated_home / "lists.json"
    isolated_home.mkdir(parents=True, exist_ok=True)
    path.write_text('{"lists": {"friends": [')  # cut short while edited by hand
    code, _out, err = agora_main(["list", "add", "friends", DEV_ADDRESSES[0]], capsys)
    assert code != 0 and "Cannot read the saved lists" in err
    assert path.read_text() == '{"lists": {"friends": ['


def test_notification_counts_by_type(agora_cli: Agora, capsys: pytest.CaptureFixture[str]) -> None:
    agora_cli.post(0, "mine")
    agora_cli.post(1, "a reply", parent=1)
    agora_cli.post(2, "another reply", parent=1)
    agora_cli.follow(1, 0)
    agora_cli.repost(2, 1)
    agora_cli.repost(0, 1)  # my own repost of my post is no notification
    me = ["--me", DEV_ADDRESSES[0]]
    code, out, err = agora_main(["notifications", "--counts", "--json", *me], capsys)
    assert code == 0, err
    assert json.loads(out) == {"reply": 2, "tip": 0, "follow": 1, "repost": 1, "collect": 0}
    code, out, err = agora_main(["notifications", "--counts", *me], capsys)
    assert out.strip() == "2 replies · 0 tips · 1 follow · 1 repost · 0 collects"
    code, out, err = agora_main(["notifications", "--json", *me], capsys)
    reposts = [n for n in json.loads(out) if n["kind"] == "repost"]
    assert [(n["actor"], n["post_id"], n["text"]) for n in reposts] == [
        (DEV_ADDRESSES[2], 1, "mine")
    ]
