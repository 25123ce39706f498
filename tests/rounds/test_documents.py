"""Scope and reason documents: the hypercert shape round-trips; hostile documents are refused."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.errors import ContentError
from tui.core.rounds.documents import (
    HYPERCERT_FIELDS,
    Scope,
    parse_reason,
    parse_scope,
    reason_document,
    scope_document,
    scope_from_fields,
)


def test_scope_has_the_six_hypercert_fields() -> None:
    scope = scope_from_fields(
        {
            "name": "Explainers",
            "work_scope": ["docs", "tutorials"],
            "work_timeframe": [1_700_000_000, 1_710_000_000],
            "contributors": ["0xabc"],
        }
    )
    doc = json.loads(scope_document(scope))
    assert doc["type"] == "agora.round-scope" and doc["version"] == 1
    assert sorted(doc["hypercert"]) == sorted(HYPERCERT_FIELDS)
    assert doc["hypercert"]["work_scope"] == {
        "name": "Work scope",
        "value": ["docs", "tutorials"],
        "display_value": "docs, tutorials",
    }
    assert doc["hypercert"]["work_timeframe"]["value"] == [1_700_000_000, 1_710_000_000]
    assert doc["hypercert"]["impact_timeframe"]["display_value"] == "indefinite → indefinite"
    assert parse_scope(scope_document(scope)) == scope


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "needs a name"),
        ({"name": "x", "work_scope": 5}, "must be a list"),
        ({"name": "x", "work_timeframe": [2, 1]}, "ends before it starts"),
        ({"name": "x", "work_timeframe": ["a", 1]}, "unix seconds"),
        ({"name": "x", "colour": "red"}, "Unknown scope field"),
        ({"name": "x" * 500}, "limit"),
    ],
)
def test_bad_scope_files(fields: dict, message: str) -> None:
    with pytest.raises(ContentError, match=message):
        scope_from_fields(fields)


@given(st.binary(max_size=300))
def test_parsing_junk_raises_only_content_errors(data: bytes) -> None:
    for parse in (parse_scope, parse_reason):
        with contextlib.suppress(ContentError):
            parse(data)


def test_reason_round_trip_and_limits() -> None:
    assert parse_reason(reason_document("clear and useful")) == "clear and useful"
    with pytest.raises(ContentError):
        reason_document("  ")
    with pytest.raises(ContentError):
        reason_document("x" * 1001)
    assert Scope(name="a").rights == ("Public Display",)
