"""A regex switched off after its timeout is listed as such, in every process, until re-added."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.filters.kit import AUTHORS, make_home
from tests.filters.test_cli import agora
from tui.core.filters.model import FilterRule
from tui.core.filters.store import ReadingStore
from tui.core.index.filters import ReadingFilter
from tui.core.models import ContentStatus, PostView
from tui.ui.widgets.filters_form import rule_prompt

SLOW = r"(x+x+)+y"
"""Backtracks for minutes on a long run of x without a y."""


@pytest.fixture
def home(isolated_home: Path) -> Path:
    return make_home(isolated_home, [(1, AUTHORS[1], "x" * 3000), (2, AUTHORS[2], "xy")])


def test_cli_lists_a_timed_out_regex_as_disabled(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rule = agora(capsys, "filter", "add", SLOW, "--regex")
    assert code == 0 and rule["disabled"] is False
    code, posts = agora(capsys, "timeline", "global")
    assert code == 0 and [p["id"] for p in posts] == [2, 1]  # the slow one matched nothing
    code, listing = agora(capsys, "filter", "list")  # another process: it remembers
    assert [r["disabled"] for r in listing["filters"]] == [True]
    agora(capsys, "filter", "remove", "1")
    code, rule = agora(capsys, "filter", "add", SLOW, "--regex")
    code, listing = agora(capsys, "filter", "list")
    assert [r["disabled"] for r in listing["filters"]] == [False]  # added again: a new try


def test_a_timed_out_regex_stays_off_in_a_new_reading_filter(tmp_path: Path) -> None:
    rule = FilterRule(1, SLOW, kind="regex")
    post = PostView(
        id=1, author=AUTHORS[1], text="x" * 3000, timestamp=0, block=1, cid="c", parent=0,
        tx_hash="0x",
        content_status=ContentStatus.VERIFIED,
    )  # fmt: skip
    first = ReadingFilter([rule], store=ReadingStore(tmp_path))
    first.posts([post])
    assert first.disabled_texts() == {SLOW}
    again = ReadingFilter([rule], store=ReadingStore(tmp_path))
    assert again.matcher.disabled == [rule]  # no second timeout
    assert "disabled: timed out" in rule_prompt({"id": 1, "text": SLOW, "disabled": True}).plain
