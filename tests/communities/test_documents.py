"""Community documents: encoders refuse bad input clearly, parsers refuse hostile bytes."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.communities import documents as docs
from tui.core.communities.content import PARSERS
from tui.core.errors import ContentError


def test_meta_round_trip_and_caps() -> None:
    data = docs.meta_document("Rust learners", "Help each other learn Rust", "Weekly threads")
    meta = docs.parse_meta(data)
    assert meta == docs.CommunityMeta(
        "Rust learners", "Help each other learn Rust", "Weekly threads"
    )
    assert json.loads(data)["type"] == "agora.community"
    with pytest.raises(ContentError, match="needs a name"):
        docs.meta_document("  ", "goal")
    with pytest.raises(ContentError, match="needs a goal"):
        docs.meta_document("name", "")
    with pytest.raises(ContentError, match="limit is 64"):
        docs.meta_document("n" * 65, "goal")
    with pytest.raises(ContentError, match="limit is 280"):
        docs.meta_document("name", "g" * 281)


def test_rules_from_a_users_file() -> None:
    text = "# our rules\n1. Be kind\n  and patient\n\n2) No spam\n3: Stay on topic\n"
    rules = docs.parse_rules_text(text)
    assert rules == [(1, "Be kind and patient"), (2, "No spam"), (3, "Stay on topic")]
    parsed = docs.parse_rules(docs.rules_document(rules))
    assert parsed.numbers() == {1, 2, 3}
    assert parsed.get(2) == docs.Rule(2, "No spam")
    with pytest.raises(ContentError, match="Line 1 of the rules is not numbered"):
        docs.parse_rules_text("Be kind\n1. ok")
    with pytest.raises(ContentError, match="out of order or repeated"):
        docs.parse_rules_text("2. a\n1. b")
    with pytest.raises(ContentError, match="at least one rule"):
        docs.parse_rules_text("# nothing\n")
    with pytest.raises(ContentError, match="from 1 to 99"):
        docs.parse_rules_text("100. too far")
    with pytest.raises(ContentError, match="At most 32 rules"):
        docs.rules_document([(n, "r") for n in range(1, 34)])


def test_reasons_cite_rules() -> None:
    reason = docs.parse_reason(docs.reason_document([3, 1, 3], "off topic"))
    assert reason == docs.Reason((1, 3), "off topic")
    with pytest.raises(ContentError, match="at least one rule"):
        docs.reason_document([])
    assert docs.parse_reason(docs.reason_document([], need_rule=False)).rules == ()
    with pytest.raises(ContentError, match="from 1 to 99"):
        docs.reason_document([0])
    with pytest.raises(ContentError, match="at most 8"):
        docs.reason_document(list(range(1, 10)))
    assert docs.parse_note(docs.note_document("Please look again")) == "Please look again"
    with pytest.raises(ContentError, match="Write a few words"):
        docs.note_document(" ")


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b"{}",
        b'{"type":"agora.rules","version":1,"rules":"1. x"}',
        b'{"type":"agora.rules","version":1,"rules":[{"n":true,"text":"x"}]}',
        b'{"type":"agora.rules","version":1,"rules":[{"n":1,"text":5}]}',
        b'{"type":"agora.moderation","version":1,"rules":[1.5]}',
        b'{"type":"agora.moderation","version":1,"rules":[1],"note":"' + b"x" * 600 + b'"}',
        b'{"type":"agora.community","version":1,"name":"x"}',
        b'{"type":"agora.community","version":2,"name":"x","goal":"y"}',
        b"\xff\xfe",
        b"{" * 100_000,
    ],
)
def test_hostile_documents_are_refused_with_content_errors(data: bytes) -> None:
    for parse in PARSERS.values():
        with pytest.raises(ContentError):
            parse(data)


def test_stored_text_is_sanitised() -> None:
    hostile = "\x1b[2J\x1b]0;pwned\x07Name\u202e"
    title, text, extra = PARSERS["community"](docs.meta_document(hostile, "goal\x1b[31m"))
    assert "\x1b" not in title and "\u202e" not in title and "\x07" not in title
    assert "\x1b" not in text
    _, _, extra = PARSERS["rules"](docs.rules_document([(1, "Rule \x1b[5m one")]))
    assert "\x1b" not in extra["rules"][0][1]


@given(st.binary(max_size=300))
def test_parsers_only_raise_content_errors(data: bytes) -> None:
    for parse in PARSERS.values():
        with contextlib.suppress(ContentError):
            parse(data)


@given(
    st.lists(
        st.tuples(st.integers(1, 99), st.text(min_size=1, max_size=40).filter(str.strip)),
        min_size=1,
        max_size=32,
        unique_by=lambda r: r[0],
    )
)
def test_rules_round_trip(rules: list[tuple[int, str]]) -> None:
    rules.sort()
    parsed = docs.parse_rules(docs.rules_document(rules))
    assert [(r.number, r.text) for r in parsed.rules] == [(n, t.strip()) for n, t in rules]
