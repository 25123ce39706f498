"""The hostile corpus published on anvil, synced by the real indexer, read by every CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES
from tests.hostile.chain import publish_corpus, write_settings
from tests.hostile.corpus import forbidden
from tui.cli.main import main
from tui.core.chain.rpc import RpcClient


def _agora(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    got = capsys.readouterr()
    return code, got.out, got.err


def _read_commands() -> list[list[str]]:
    cmds = [
        ["timeline", "global", "--limit", "1000"],
        ["timeline", "home", "--me", DEV_ADDRESSES[0], "--limit", "1000"],
        ["thread", "1"],
        ["notifications", "--me", DEV_ADDRESSES[0]],
        ["search", "click"],
        ["search", "\x1b]0;"],
        ["articles"],
    ]
    cmds += [["profile", a] for a in DEV_ADDRESSES]
    cmds += [["thread", str(n)] for n in (2, 40, 100, 101, 102, 103)]
    cmds += [["article", "show", str(n)] for n in (1, 2, 3, 4, 5, 6, 7)]
    return cmds


def test_every_read_command_shows_the_corpus_safely(
    anvil: RpcClient, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world = publish_corpus(anvil, isolated_home)
    write_settings(world)
    code, out, err = _agora(["sync", "--json", "--no-fetch"], capsys)
    assert code == 0, err
    assert json.loads(out)["posts"] == world.count
    seen_pictures = False
    for cmd in _read_commands():
        for as_json in (False, True):
            args = cmd + (["--json"] if as_json else [])
            code, out, err = _agora(args, capsys)
            assert code in (0, 3), (args, err)
            assert forbidden(out) == [], args
            assert forbidden(err) == [], args
            assert "Traceback" not in out + err
            if as_json and code == 0:
                data = json.loads(out)
                assert out.isascii()  # JSON escapes everything outside ASCII
                assert forbidden(json.dumps(data, ensure_ascii=False)) == [], args
            seen_pictures = seen_pictures or "\u241b" in out or "\\u241b" in out
    assert seen_pictures, "escape sequences must be shown as visible pictures, not dropped silently"
    code, out, _ = _agora(["timeline", "global", "--limit", "1000", "--json"], capsys)
    texts = {p["id"]: p["text"] for p in json.loads(out)}
    assert "[@click=app.quit]click me[/]" in texts[world.posts["textual_click_quit"]]
    assert texts[world.posts["osc52_clipboard"]].startswith("\u241b]52;c;")
    assert "\u27e8RLO\u27e9" in texts[world.posts["bidi_rlo_address"]]
    code, out, _ = _agora(["articles", "--json"], capsys)
    arts = {a["id"]: a for a in json.loads(out)}
    assert 6 in arts and arts[6]["content_status"] != "verified"
    assert "\x1b" not in arts[6]["cid"] and "\u241b" in arts[6]["cid"]


def test_token_uri_of_hostile_article_is_cleaned_when_read(
    anvil: RpcClient, isolated_home: Path
) -> None:
    """tokenURI returns the stored bytes verbatim: anything showing it must sanitise it."""
    from tui.core.chain.abi import decode_result, encode_call
    from tui.core.text import clean_line

    world = publish_corpus(anvil, isolated_home)
    data = anvil.call(
        "eth_call",
        [
            {"to": world.deployment.articles, "data": encode_call("Articles", "tokenURI", [6])},
            "latest",
        ],
    )
    (uri,) = decode_result("Articles", "tokenURI", str(data))
    assert "\x1b" in uri  # the chain hands back the raw escape sequence …
    assert forbidden(clean_line(uri)) == []  # … and the sanitiser neutralises it
