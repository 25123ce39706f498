"""The DM public key in the profile document: written, read back, malformed ones dropped."""

from __future__ import annotations

import json

import pytest

from tui.core.content.documents import parse_profile, profile_document
from tui.core.errors import ContentError

KEY = "ab" * 32


def test_profile_carries_the_dm_key_and_epoch() -> None:
    doc = parse_profile(profile_document("Ada", dm_key=KEY, dm_epoch=2))
    assert (doc.dm_key, doc.dm_epoch) == (KEY, 2)
    assert parse_profile(profile_document("Ada")).dm_key == ""


def test_writing_a_malformed_key_is_refused() -> None:
    with pytest.raises(ContentError):
        profile_document("Ada", dm_key="xyz")


@pytest.mark.parametrize(
    "dm",
    [{"key": "AB" * 32}, {"key": KEY, "epoch": -1}, {"key": KEY, "epoch": True}, "x", {"key": 1}],
)
def test_malformed_keys_from_strangers_are_dropped(dm: object) -> None:
    raw = {"type": "agora.profile", "version": 1, "name": "Eve", "bio": "", "dm": dm}
    assert parse_profile(json.dumps(raw).encode()).dm_key == ""
