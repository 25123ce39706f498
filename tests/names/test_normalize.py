"""Hostile names: confusables, invisible characters, very long names, junk; and namehash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.ens.normalize import (
    MAX_NAME_CHARS,
    InvalidName,
    dns_encode,
    is_normalized,
    namehash,
    normalize,
    reverse_name,
)


def test_namehash_matches_eip137() -> None:
    assert namehash("").hex() == "00" * 32
    assert namehash("eth").hex() == (
        "93cdeb708b7545dc668eb9280176169d1c33cfd8ed6f04690a0bcc88a93fc4ae"
    )
    assert namehash("foo.eth").hex() == (
        "de9b09fd7c5f901e23a3f19fecc54828e9c848539801e86591bd9801b019f84f"
    )


def test_case_folds() -> None:
    assert normalize("Ada.ETH") == "ada.eth"
    assert is_normalized("ada.eth") and not is_normalized("Ada.eth")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("\u0430da.eth", "Cyrillic"),  # Cyrillic а among Latin letters
        ("vitalik\u200b.eth", "invisible"),  # zero-width space
        ("ada\u202e.eth", "invisible"),  # right-to-left override
        ("ada\x1b[31m.eth", "invisible"),  # an escape sequence
        ("ada..eth", "empty"),
        ("ada eth", "not a valid"),
        ("", "empty"),
        ("   ", "empty"),
        ("a" * (MAX_NAME_CHARS + 1) + ".eth", "at most"),
    ],
)
def test_hostile_names_are_rejected(name: str, why: str) -> None:
    with pytest.raises(InvalidName) as err:
        normalize(name)
    assert why in str(err.value)
    assert "\x1b" not in str(err.value) and "\u202e" not in str(err.value)


def test_long_label_is_accepted_within_caps() -> None:
    name = "a" * 200 + ".eth"
    assert normalize(name) == name
    assert dns_encode(name)[0] == 200


def test_reverse_name() -> None:
    assert reverse_name("0x70997970C51812dc3A010C7d01b50e0d17dc79C8") == (
        "70997970c51812dc3a010c7d01b50e0d17dc79c8.addr.reverse"
    )


@given(st.text(max_size=300))
def test_normalize_never_crashes_and_is_idempotent(text: str) -> None:
    try:
        normal = normalize(text)
    except InvalidName as exc:
        assert str(exc)
        return
    assert normalize(normal) == normal
    assert len(namehash(normal)) == 32
