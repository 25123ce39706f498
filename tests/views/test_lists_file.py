"""The saved-lists file: what a hand edit may leave in it is never read back as a member."""

from __future__ import annotations

import json
from pathlib import Path

from tests.views.world import PEOPLE
from tui.core.lists import PeopleLists


def test_only_addresses_are_read_back(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    hostile = "\x1b]52;c;ZXZpbA==\x07"
    data = {"lists": {"friends": [PEOPLE[1], hostile, 7, "0x12"], "Bad Name": [PEOPLE[2]]}}
    (isolated_home / "lists.json").write_text(json.dumps(data))
    assert PeopleLists.load().lists == {"friends": [PEOPLE[1]]}
