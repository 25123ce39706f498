"""The CLI shapes scripts rely on: mute/unmute/block/unblock, filter add|list|remove, bookmarks."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.filters.kit import AUTHORS, make_home
from tui.cli.main import main


def agora(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    try:
        main([*args, "--json"])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    out = captured.out if captured.out.strip() else captured.err  # errors go to stderr
    return code, json.loads(out) if out.strip() else None


@pytest.fixture
def home(isolated_home: Path) -> Path:
    return make_home(
        isolated_home,
        [(1, AUTHORS[1], "hello"), (2, AUTHORS[2], "big spoiler here"), (3, AUTHORS[3], "#cats")],
        names={AUTHORS[1]: "Alice"},
        tags={3: ["cats"]},
    )


def test_mute_by_name_collapses_in_the_json_timeline(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = agora(capsys, "mute", "alice")
    assert code == 0 and out == {"address": AUTHORS[1], "level": "mute", "changed": True}
    code, posts = agora(capsys, "timeline", "global")
    by_id = {p["id"]: p for p in posts}
    assert by_id[1]["filtered"] == {"by": "mute", "reason": "muted: Alice"}
    assert "filtered" not in by_id[2]
    code, out = agora(capsys, "unmute", AUTHORS[1].lower())
    assert out["level"] is None and out["changed"]
    code, posts = agora(capsys, "timeline", "global")
    assert all("filtered" not in p for p in posts)


def test_filters_are_stored_in_the_settings_and_hide_or_collapse(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rule = agora(capsys, "filter", "add", "spoiler", "--expires", "7d")
    assert code == 0 and rule["id"] == 1 and rule["kind"] == "word" and rule["expires"] > 0
    code, rule = agora(capsys, "filter", "add", "#cats", "--tag", "--hide")
    assert rule == {"id": 2, "text": "cats", "kind": "tag", "action": "hide", "expires": 0,
                    "expired": False, "disabled": False}  # fmt: skip
    settings = tomllib.loads(Path(os.environ["AGORA_CONFIG"]).read_text())
    assert [r["text"] for r in settings["filters"]["rules"]] == ["spoiler", "cats"]
    code, posts = agora(capsys, "timeline", "global")
    assert [p["id"] for p in posts] == [2, 1]  # #3 hidden: absent
    assert posts[0]["filtered"] == {"by": "word", "reason": "filtered: word 'spoiler'"}
    code, listing = agora(capsys, "filter", "list")
    assert [r["id"] for r in listing["filters"]] == [1, 2] and listing["people"] == []
    code, removed = agora(capsys, "filter", "remove", "2")
    assert code == 0 and removed["id"] == 2
    code, posts = agora(capsys, "timeline", "global")
    assert [p["id"] for p in posts] == [3, 2, 1]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("filter", "add", "(", "--regex"), 2),
        (("filter", "add", "x", "--tag", "--regex"), 2),
        (("filter", "add", "x", "--expires", "soon"), 2),
        (("filter", "remove", "9"), 3),
        (("mute", "nobody-by-that-name"), 3),
        (("block", "0x12"), 2),
        (("bookmark", "99"), 3),
        (("bookmark", "abc"), 2),
    ],
)
def test_mistakes_are_clear_errors(
    home: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], code: int
) -> None:
    got, out = agora(capsys, *args)
    assert got == code and "error" in out and "Traceback" not in json.dumps(out)


def test_bookmarks(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert agora(capsys, "bookmark", "1")[1] == {
        "kind": "post", "id": 1, "bookmarked": True, "changed": True
    }  # fmt: skip
    agora(capsys, "bookmark", "3")
    _code, items = agora(capsys, "bookmarks")
    assert [(i["kind"], i["id"]) for i in items] == [("post", 3), ("post", 1)]
    _code, out = agora(capsys, "unbookmark", "3")
    assert out["bookmarked"] is False and out["changed"]
    assert [i["id"] for i in agora(capsys, "bookmarks")[1]] == [1]
    main(["unbookmark", "3"])
    assert capsys.readouterr().out == "There was no bookmark on post #3.\n"  # not "Removed"


def test_block_hides_notifications_in_the_cli(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_home(isolated_home, [(1, AUTHORS[0], "mine"), (2, AUTHORS[1], "reply")], parents={2: 1})
    assert len(agora(capsys, "notifications")[1]) == 1
    agora(capsys, "block", AUTHORS[1])
    assert agora(capsys, "notifications")[1] == []
    assert agora(capsys, "filter", "list")[1]["people"] == [
        {"address": AUTHORS[1], "name": "", "level": "block"}
    ]


COMMENTED = """\
# Ada's settings: the cached chain
network = "cached"   # offline on purpose

[networks.cached]
rpc_url = "http://127.0.0.1:9"
chain_id = 31337
social = "0x1111111111111111111111111111111111111111"
articles = "0x2222222222222222222222222222222222222222"

# my keys
[keymap]
"timeline.tip" = "T"
"""
SPOILER = """
[[filters.rules]]
id = 1
text = "spoiler"
kind = "word"
action = "collapse"
expires = 0
"""


def test_filter_add_and_remove_change_only_the_rule_blocks(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(COMMENTED)
    make_home(isolated_home, [(1, AUTHORS[1], "a spoiler")])
    assert agora(capsys, "filter", "add", "spoiler")[0] == 0
    assert config.read_text() == COMMENTED + SPOILER
    assert agora(capsys, "filter", "add", "#cats", "--tag", "--hide")[0] == 0
    cats = SPOILER.replace("id = 1", "id = 2").replace('"spoiler"', '"cats"')
    cats = cats.replace('"word"', '"tag"').replace('"collapse"', '"hide"')
    assert config.read_text() == COMMENTED + SPOILER + cats
    assert agora(capsys, "filter", "remove", "1")[0] == 0
    assert config.read_text() == COMMENTED + cats
    assert agora(capsys, "filter", "remove", "2")[0] == 0
    assert config.read_text() == COMMENTED


def test_removing_a_missing_filter_writes_nothing(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(COMMENTED + SPOILER)
    make_home(isolated_home)
    before = config.stat()
    code, out = agora(capsys, "filter", "remove", "7")
    after = config.stat()
    assert code == 3 and "No filter #7" in out["message"]
    assert config.read_text() == COMMENTED + SPOILER
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
