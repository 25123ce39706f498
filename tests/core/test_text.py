"""The sanitiser: nothing a stranger writes reaches the terminal as a control sequence."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tui.core.text import MAX_COMBINING, clean_identity, clean_line, clean_text


def _dangerous(ch: str) -> bool:
    cp = ord(ch)
    return (cp < 0x20 and ch not in "\n\t") or 0x7F <= cp <= 0x9F or cp in (0x2028, 0x2029)


def test_escape_sequences_become_visible() -> None:
    osc52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
    out = clean_text(f"hi {osc52} there")
    assert "\x1b" not in out and "\x07" not in out
    assert "␛]52;c;" in out


def test_eight_bit_c1_controls_are_replaced() -> None:
    out = clean_text("a\x9b31mred\x9d0;title\x9c")
    assert not any(0x80 <= ord(c) <= 0x9F for c in out)


def test_bidi_overrides_are_shown() -> None:
    assert clean_text("abc\u202edef") == "abc⟨RLO⟩def"


def test_newlines_tabs_and_zwj_survive() -> None:
    family = "👩\u200d👩\u200d👧"
    assert clean_text(f"a\n\tb {family}") == f"a\n\tb {family}"
    assert clean_text("a\r\nb\rc\u2028d") == "a\nb\nc\nd"


def test_combining_flood_is_capped() -> None:
    out = clean_text("e" + "\u0301" * 500)
    assert len(out) == 1 + MAX_COMBINING


def test_length_cap() -> None:
    out = clean_text("x" * 1000, limit=10)
    assert len(out) == 10 and out.endswith("…")


def test_identity_has_no_invisible_or_bidi() -> None:
    assert clean_identity("  ali\u200bce\u202e\n ") == "alice⟨RLO⟩"
    assert clean_identity("vita\u00adlik") == "vitalik"


@given(st.text())
def test_clean_text_never_emits_control_characters(text: str) -> None:
    out = clean_text(text)
    assert not any(_dangerous(c) for c in out)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in out)


@given(st.text())
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_clean_line_is_one_bounded_line(text: str, limit: int) -> None:
    out = clean_line(text, limit)
    assert "\n" not in out and "\t" not in out
    assert len(out) <= limit


@given(st.text())
def test_identity_has_no_format_characters(text: str) -> None:
    out = clean_identity(text)
    assert not any(unicodedata.category(c) == "Cf" for c in out)
    assert not any(_dangerous(c) for c in out)
