"""Property tests of the sanitiser and of every content parser, plus the whole corpus."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.hostile.corpus import ALL, IMPOSTOR, INVALID_UTF8, MALFORMED_JSON, forbidden
from tui.core.content.documents import (
    parse_article_body,
    parse_article_metadata,
    parse_post,
    parse_profile,
)
from tui.core.errors import ContentError
from tui.core.text import MAX_COMBINING, MAX_TEXT, clean_identity, clean_line, clean_text

_any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=400)
_nasty = st.text(
    st.sampled_from(
        [
            "\x1b",
            "\x07",
            "\x9b",
            "\x9d",
            "\u202e",
            "\u2066",
            "\u200b",
            "\u200d",
            "⃝",
            "́",
            "[",
            "]",
            "/",
            "@",
            "=",
            "$",
            "\n",
            "\r",
            "\t",
            "a",
            "�",
            "\U000e0041",
        ]
    ),
    max_size=300,
)


@pytest.mark.parametrize("name", sorted(ALL))
def test_corpus_entry_is_clean_everywhere(name: str) -> None:
    raw = ALL[name]
    for out in (clean_text(raw), clean_line(raw), clean_identity(raw)):
        assert forbidden(out) == [], name
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in out)
        assert not any(0xE0000 <= ord(c) <= 0xE007F for c in out)
        out.encode("utf-8")  # always encodable: a surrogate would crash the writer
    assert "\n" not in clean_line(raw) and "\t" not in clean_line(raw)
    assert len(clean_text(raw)) <= MAX_TEXT
    ident = clean_identity(raw)
    assert not any(ord(c) in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF) for c in ident)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in ident)


@given(st.one_of(_any_text, _nasty), st.integers(min_value=0, max_value=500))
def test_clean_text_is_safe_bounded_and_idempotent(text: str, limit: int) -> None:
    out = clean_text(text, limit)
    assert forbidden(out) == []
    assert len(out) <= max(limit, 1)
    assert clean_text(out, limit) == out
    out.encode("utf-8")


@given(st.one_of(_any_text, _nasty))
@example("\u0300\u0300\u1067\u200b\U000e0000\u200b")  # a dropped tag char inside a mark run
def test_clean_line_and_identity_are_single_line_and_idempotent(text: str) -> None:
    line = clean_line(text)
    assert "\n" not in line and "\t" not in line and forbidden(line) == []
    assert clean_line(line) == line
    ident = clean_identity(text)
    assert clean_identity(ident) == ident
    assert len(ident) <= 64


@given(
    st.text(st.sampled_from(["e", "\u0301", "\u20dd", "\ufe0f", "\u200d", "\u0489"]), max_size=500)
)
def test_stacked_marks_are_capped(text: str) -> None:
    out = clean_text(text)
    run = 0
    for ch in out:
        run = run + 1 if ch != "e" else 0
        assert run <= MAX_COMBINING


_PARSERS = [parse_post, parse_profile, parse_article_metadata]


@pytest.mark.parametrize("parser", [*_PARSERS, parse_article_body])
@pytest.mark.parametrize(
    "data", MALFORMED_JSON + INVALID_UTF8, ids=range(len(MALFORMED_JSON + INVALID_UTF8))
)
def test_parsers_refuse_malformed_documents_cleanly(parser: object, data: bytes) -> None:
    with contextlib.suppress(ContentError):  # the only error a parser may raise
        parser(data)  # type: ignore[operator]


@pytest.mark.parametrize("parser", [*_PARSERS, parse_article_body])
@given(data=st.binary(max_size=2000))
def test_parsers_only_raise_content_errors_on_random_bytes(parser: object, data: bytes) -> None:
    with contextlib.suppress(ContentError):  # the only error a parser may raise
        parser(data)  # type: ignore[operator]


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _nasty,
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
    ),
    max_leaves=20,
)


@pytest.mark.parametrize("kind", ["agora.post", "agora.profile", "agora.article"])
@given(
    fields=st.dictionaries(
        st.sampled_from(
            [
                "text",
                "name",
                "bio",
                "links",
                "tags",
                "mentions",
                "created_at",
                "body",
                "description",
                "content_warning",
                "avatar",
                "quote",
                "image",
                "version",
            ]
        ),
        _json_values,
        max_size=8,
    )
)
def test_parsers_only_raise_content_errors_on_wrongly_typed_json(
    kind: str, fields: dict[str, object]
) -> None:
    doc = {"version": 1, "type": kind, **fields}
    if kind == "agora.article":
        doc = {"agora": {"version": 1, "type": kind}, **fields}
    data = json.dumps(doc).encode("utf-8", "surrogatepass")
    for parser in _PARSERS:
        try:
            parsed = parser(data)
        except ContentError:
            continue
        for value in vars(parsed).values():
            if isinstance(value, str):
                assert len(value) <= 4096


@pytest.mark.parametrize("name", sorted(IMPOSTOR))
def test_impostor_profile_names_are_shown_as_no_name(name: str) -> None:
    """A profile document naming itself like an address, a badge or nothing shows no name."""
    from tui.core.index.hydrate import parse_content

    doc = {"type": "agora.profile", "version": 1, "name": IMPOSTOR[name], "bio": "b"}
    assert parse_content("profile", json.dumps(doc).encode()).title == ""
