"""Content documents: what we write round-trips; what strangers write is checked."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.content.cid import cid_for
from tui.core.content.documents import (
    MAX_POST_TEXT,
    UnsupportedContent,
    article_body,
    article_metadata,
    parse_article_body,
    parse_article_metadata,
    parse_post,
    parse_profile,
    post_document,
    profile_document,
)
from tui.core.errors import ContentError

ADDR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


def test_post_round_trip_and_canonical_bytes() -> None:
    data = post_document("gm", created_at=1700000000, content_warning="food", tags=["gm"])
    assert data == post_document("gm", created_at=1700000000, content_warning="food", tags=["gm"])
    doc = parse_post(data)
    assert (doc.text, doc.created_at, doc.content_warning, doc.tags) == (
        "gm",
        1700000000,
        "food",
        ("gm",),
    )


def test_post_limits() -> None:
    post_document("é" * (MAX_POST_TEXT // 2), created_at=0)
    with pytest.raises(ContentError, match="limit"):
        post_document("é" * (MAX_POST_TEXT // 2 + 1), created_at=0)
    with pytest.raises(ContentError, match="needs some text"):
        post_document("   ", created_at=0)
    with pytest.raises(ContentError, match="addresses"):
        post_document("hi", created_at=0, mentions=["vitalik.eth"])


def test_profile_round_trip_and_nft_avatar() -> None:
    avatar = f"eip155:31337/erc721:{ADDR}/7"
    doc = parse_profile(
        profile_document("Ada", "math", avatar=avatar, links=["https://example.org"])
    )
    assert doc.name == "Ada" and doc.avatar_nft == (31337, ADDR, 7)
    with pytest.raises(ContentError):
        profile_document("Ada", links=["javascript:alert(1)"])


def test_hostile_profile_links_and_avatars_are_dropped() -> None:
    raw = {
        "type": "agora.profile",
        "version": 1,
        "name": "x",
        "bio": "",
        "avatar": "file:///etc/passwd",
        "links": ["https://ok.example", "-oProxyCommand=x", "https://a b"],
    }
    doc = parse_profile(json.dumps(raw).encode())
    assert doc.avatar == "" and doc.links == ("https://ok.example",)


def test_article_metadata_round_trip() -> None:
    body = article_body("# Title\n\nbody")
    meta = parse_article_metadata(article_metadata("Title", "sum", cid_for(body)))
    assert meta.body_cid == cid_for(body) and meta.name == "Title"
    assert parse_article_body(body).startswith("# Title")


def test_article_body_cap() -> None:
    with pytest.raises(ContentError, match="256 KiB"):
        article_body("x" * (256 * 1024 + 1))


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\xff\xfe",
        b"[]",
        b'{"type": "agora.post", "version": 1}',
        b'{"type": "agora.post", "version": 1, "text": 5}',
        b'{"type": "agora.post", "version": "1", "text": "x"}',
        b'{"type": "agora.post", "version": 1, "text": "x", "created_at": -1}',
        b'{"type": "agora.post", "version": 1, "text": "x", "tags": "notalist"}',
        b'{"type": "agora.profile", "version": 1, "name": "x"}',
        b"[" * 100_000,
        b'{"a": "' + b"x" * 20_000 + b'"}',
    ],
)
def test_malformed_posts_raise_content_error(raw: bytes) -> None:
    with pytest.raises(ContentError):
        parse_post(raw)


def test_newer_version_is_unsupported_not_invalid() -> None:
    raw = json.dumps({"type": "agora.post", "version": 9, "text": "x"}).encode()
    with pytest.raises(UnsupportedContent):
        parse_post(raw)


@given(st.binary(max_size=2048))
def test_parsers_only_raise_content_errors(data: bytes) -> None:
    for parse in (parse_post, parse_profile, parse_article_metadata, parse_article_body):
        with contextlib.suppress(ContentError):
            parse(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "type",
                "version",
                "text",
                "created_at",
                "tags",
                "mentions",
                "quote",
                "content_warning",
                "name",
                "bio",
                "links",
                "avatar",
                "body",
                "image",
                "agora",
            ]
        ),
        json_values,
    )
)
def test_parsers_survive_wrongly_typed_json(obj: dict[str, object]) -> None:
    data = json.dumps(obj).encode()
    for parse in (parse_post, parse_profile, parse_article_metadata):
        with contextlib.suppress(ContentError):
            parse(data)
