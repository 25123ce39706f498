"""Impostor profile names published on anvil, synced by the real indexer, read by the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.hostile.chain import HostileWorld, _doc, write_settings
from tests.hostile.corpus import IMPOSTOR
from tests.hostile.test_cli_hostile import _agora
from tui.core.chain.abi import encode_call
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore
from tui.core.names import CLASH_MARK
from tui.ui.timefmt import short_address

NAMES = {
    0: IMPOSTOR["name_hangul_filler"],  # the reader's own account
    1: "Ada Quill",  # followed by account 0
    2: "ada  QUILL",  # the same name at another address
    3: IMPOSTOR["name_badge_and_address"],
}


def test_impostor_names_read_as_the_address_and_twins_are_marked(
    anvil: RpcClient, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world = HostileWorld(
        anvil, deploy_contracts(anvil, DEV_KEYS[0]), LocalContentStore(isolated_home / "content")
    )
    for who, name in NAMES.items():
        world.profile(who, _doc({"type": "agora.profile", "version": 1, "name": name}))
        world.post(who, _doc({"type": "agora.post", "version": 1, "text": f"post by {who}"}))
    world._send(0, "Social", encode_call("Social", "follow", [DEV_ADDRESSES[1]]))
    write_settings(world)
    code, _, err = _agora(["sync", "--json", "--no-fetch"], capsys)
    assert code == 0, err

    me = ["--me", DEV_ADDRESSES[0]]
    code, out, err = _agora(["timeline", "global", "--json", *me], capsys)
    assert code == 0, err
    by = {p["author"]: p for p in json.loads(out)}
    assert by[DEV_ADDRESSES[1]]["author_name"] == "Ada Quill"
    assert by[DEV_ADDRESSES[1]]["name_clash"] is False
    assert by[DEV_ADDRESSES[2]]["author_name"] == "ada QUILL"
    assert by[DEV_ADDRESSES[2]]["name_clash"] is True
    assert by[DEV_ADDRESSES[3]]["author_name"] == ""  # badge and address: no name
    assert by[DEV_ADDRESSES[0]]["author_name"] == ""  # renders blank: no name

    code, out, _ = _agora(["timeline", "global", *me], capsys)
    twin = next(line for line in out.splitlines() if "ada QUILL" in line)
    assert short_address(DEV_ADDRESSES[2]) in twin and CLASH_MARK in twin
    assert "✓" not in out and "verified" not in out
    assert DEV_ADDRESSES[3] in out  # the address stands where the name would have been

    code, out, _ = _agora(["profile", DEV_ADDRESSES[3], "--json"], capsys)
    assert json.loads(out)["profile"]["name"] == ""
