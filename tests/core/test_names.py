"""Display-name rules: a stranger's name never passes for an address, a badge or nothing."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.content.documents import parse_profile, profile_document
from tui.core.errors import ContentError
from tui.core.index.hydrate import parse_content
from tui.core.names import CHECK_GLYPHS, name_key, profile_name
from tui.core.text import clean_identity

IMPOSTORS = [
    "0x134C…D532",
    "0x134C...D532",
    "0x134c…d532",
    "Ada Quill ✓ verified 0x7099…79C8",
    "Ada Quill ✓",
    "Ada ✔️",
    "Ada ☑",
    "✅ Ada",
    "Ada 🗸",
    "Ada √",
    "Ada verified",
    "Ada (Verified)",
    "Ada vеrifiеd",  # Cyrillic е
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "Ada 0x7099",
    "０ｘ７０９９…７９Ｃ８",  # fullwidth folds to ASCII
    "0х7099…79C8",  # Cyrillic х
    "7099…79C8",
    "Ada 7099...79c8",
    "\u3164",
    "\u3164\u3164\u3164",
    "\u115f\u1160",
    "\uffa0",
    "\u2800\u2800",
    "\u200b\u2060\ufeff",
    "\u3000\u2003 ",
    "...",
    "\u0301\u0301",
    "\ufe0f",
]
FINE = [
    "Ada",
    "Ada Quill",
    "Zoë",
    "李小龍",
    "🦊 fox",
    "10x engineer",
    "Agreed... because",
    "Oxford",
]

hex40 = st.text(alphabet="0123456789abcdefABCDEF", min_size=40, max_size=40)
words = st.text(alphabet=string.ascii_letters + " ", max_size=20)
blank = st.sampled_from(
    [
        *("\u3164", "\u115f", "\u1160", "\uffa0", "\u2800", "\u200b", "\u2060", "\ufeff"),
        *("\u00ad", "\u034f", "\u180e", "\u17b4", "\ufe0f", "\U000e0041", "\u3000", "\u2003"),
        *(" ", "\u200d"),
    ]
)


@pytest.mark.parametrize("name", IMPOSTORS)
def test_impostor_names_are_neutralised(name: str) -> None:
    assert profile_name(name) == ""


@pytest.mark.parametrize("name", FINE)
def test_ordinary_names_are_kept(name: str) -> None:
    assert profile_name(name) == name


def test_blank_fillers_inside_a_name_are_dropped() -> None:
    assert profile_name("Ada\u3164\u3164\u3164Quill") == "AdaQuill"
    assert profile_name("Ada\u2800\u2800 \u3000 Quill") == "Ada Quill"
    assert clean_identity("tag\u3164") == "tag"


@settings(max_examples=200)
@given(before=words, address=hex40, after=words, short=st.booleans(), dots=st.booleans())
def test_any_address_shape_is_neutralised(
    before: str, address: str, after: str, short: bool, dots: bool
) -> None:
    shown = f"0x{address[:4]}{'...' if dots else '…'}{address[-4:]}" if short else "0x" + address
    assert profile_name(f"{before} {shown} {after}") == ""


@settings(max_examples=200)
@given(before=words, glyph=st.sampled_from(sorted(CHECK_GLYPHS)), after=words)
def test_any_check_glyph_is_neutralised(before: str, glyph: str, after: str) -> None:
    assert profile_name(before + glyph + after) == ""


@settings(max_examples=200)
@given(st.lists(blank, min_size=1, max_size=30))
def test_names_that_render_blank_are_neutralised(chars: list[str]) -> None:
    assert profile_name("".join(chars)) == ""


@settings(max_examples=300)
@given(st.text(max_size=120))
def test_what_survives_is_visible_and_claims_nothing(raw: str) -> None:
    name = profile_name(raw)
    assert profile_name(name) == name  # idempotent: views check stored names again
    if not name:
        return
    assert any(unicodedata.category(ch)[0] in "LNS" for ch in name)
    assert not any(ch in CHECK_GLYPHS for ch in name)
    assert not re.search(r"(?<![0-9])0x[0-9a-f]", name_key(name))
    assert not any(ord(ch) in (0x3164, 0x115F, 0x1160, 0xFFA0, 0x2800) for ch in name)
    assert "verif" not in name_key(name)
    assert len(name) <= 64


@settings(max_examples=200)
@given(st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=60))
def test_plain_latin_names_survive_with_spaces_collapsed(raw: str) -> None:
    if not raw.strip() or "verif" in raw.lower():
        return
    assert profile_name(raw) == " ".join(raw.split())


@given(st.text(alphabet=string.ascii_letters, min_size=1, max_size=30))
def test_name_key_ignores_case_and_width(name: str) -> None:
    assert name_key(name.upper()) == name_key(name.lower())
    assert name_key(unicodedata.normalize("NFKC", name)) == name_key(name)


def test_name_key_maps_cyrillic_lookalikes() -> None:
    assert name_key("Аdа") == name_key("ada")  # Cyrillic А and а


def test_hydrated_profile_with_an_impostor_name_keeps_its_bio_but_not_its_name() -> None:
    raw = (
        b'{"type": "agora.profile", "version": 1, '
        b'"name": "Ada Quill \\u2713 verified 0x7099\\u202679C8", "bio": "hello"}'
    )
    assert parse_profile(raw).name.startswith("Ada Quill")  # the schema is fine
    parsed = parse_content("profile", raw)
    assert parsed.title == ""
    assert parsed.text == "hello"


@pytest.mark.parametrize("name", ["0x134C…D532", "Ada ✓", "\u3164", "Ada verified"])
def test_writing_an_impostor_name_is_refused_with_a_reason(name: str) -> None:
    with pytest.raises(ContentError, match="Readers would not see this name"):
        profile_document(name, "bio")


def test_writing_a_name_with_fillers_keeps_what_readers_see() -> None:
    assert profile_document("Ada Quill")
    assert profile_document("")  # no name at all is fine: the address is shown
