"""Keyword matching: words, tags, regexes, expiry, hide-before-collapse, hostile patterns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.errors import UsageError
from tui.core.filters.model import FilterRule
from tui.core.filters.rules import KeywordMatcher, parse_duration

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄÖéß", min_size=1, max_size=8)
TEXTS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄÖéß ABC.,#!\n", max_size=80)


def _reference(words: list[str], text: str) -> bool:
    folded = text.casefold()
    return any(re.search(rf"(?<!\w){re.escape(w.strip().casefold())}(?!\w)", folded) for w in words)


@given(st.lists(WORDS, min_size=1, max_size=6), TEXTS)
def test_word_rules_match_exactly_the_whole_words_a_reference_finds(
    words: list[str], text: str
) -> None:
    matcher = KeywordMatcher([FilterRule(i + 1, w) for i, w in enumerate(words)])
    assert (matcher.match(text) is not None) == _reference(words, text)


@given(WORDS, TEXTS, TEXTS)
def test_a_word_matches_in_any_case_between_other_text(word: str, before: str, after: str) -> None:
    matcher = KeywordMatcher([FilterRule(1, word)])
    verdict = matcher.match(f"{before} {word.upper()} {after}")
    assert verdict is not None and verdict.by == "word" and not verdict.hide


@given(WORDS, TEXTS)
def test_hiding_rules_win_over_collapsing_ones(word: str, text: str) -> None:
    rules = [FilterRule(1, word), FilterRule(2, word, kind="tag", action="hide")]
    verdict = KeywordMatcher(rules).match(f"{text} {word} #{word}")
    assert verdict is not None and verdict.hide and verdict.by == "tag"


@given(WORDS, TEXTS, st.integers(1, 10**9))
def test_expired_rules_never_match(word: str, text: str, expires: int) -> None:
    rule = FilterRule(1, word, expires=expires)
    assert KeywordMatcher([rule], now=expires).match(f"{text} {word}") is None
    assert KeywordMatcher([rule], now=expires - 1).match(f"{text} {word}") is not None


PATTERNS = st.lists(
    st.sampled_from([r"ab+", r"^x", r"y$", r"c.d", r"[0-9]{2}", r"(a|b)c", r"\bq", r"é+", r"a\1"]),
    min_size=1,
    max_size=5,
)


@given(PATTERNS, st.text(alphabet="abcdxyqé09 \n", max_size=40))
def test_regex_rules_agree_with_each_pattern_searched_alone(patterns: list[str], text: str) -> None:
    import regex

    def alone(p: str) -> bool:
        try:
            return bool(regex.search(p, text.casefold(), regex.IGNORECASE))
        except regex.error:
            return False

    rules = [FilterRule(i + 1, p, kind="regex") for i, p in enumerate(patterns)]
    matcher = KeywordMatcher(rules)
    assert (matcher.match(text) is not None) == any(alone(p) for p in patterns)


def test_tags_match_the_post_tags_and_hashtags_in_the_text() -> None:
    matcher = KeywordMatcher([FilterRule(1, "#Llama", kind="tag")])
    assert matcher.match("nothing here", ("llama",)) is not None
    assert matcher.match("look #LLAMA") is not None
    assert matcher.match("a llama without a hash") is None
    assert matcher.match("#llamas") is None


def test_regex_rules_are_case_insensitive_and_reasons_name_the_rule() -> None:
    verdict = KeywordMatcher([FilterRule(1, r"crypto\s*giveaway", kind="regex")]).match(
        "Huge CRYPTO   Giveaway now"
    )
    assert verdict is not None
    assert verdict.to_json() == {"by": "regex", "reason": r"filtered: regex 'crypto\s*giveaway'"}


@pytest.mark.parametrize(
    ("pattern", "subject"),
    [
        (r"(x+x+)+y", "x" * 5000),
        (r"^(\w+\s?)*$", "a" * 5000 + "!"),
        (r"(a|aa)+$", "a" * 5000 + "!"),
    ],
)
def test_a_catastrophic_regex_is_bounded_and_then_disabled(pattern: str, subject: str) -> None:
    """Without the timeout each of these runs for minutes on this input."""
    rule = FilterRule(1, pattern, kind="regex")
    rule.validate()  # a valid pattern: only running it is dangerous
    matcher = KeywordMatcher([rule, FilterRule(2, "zebra"), FilterRule(3, "gnu+", kind="regex")])
    assert matcher.match(subject) is None
    assert matcher.disabled == [rule]  # it timed out once and no longer runs
    assert matcher.match(subject + " zebra") is not None  # the other rules still do
    assert matcher.match(subject + " gnuu") is not None


@pytest.mark.parametrize(
    "rule",
    [
        FilterRule(1, "("),
        FilterRule(1, "", kind="word"),
        FilterRule(1, "x" * 201),
        FilterRule(1, "a\x1b]52;"),
        FilterRule(1, "x", kind="glob"),
        FilterRule(1, "x", action="delete"),
    ],
)
def test_bad_rules_are_refused_clearly(rule: FilterRule) -> None:
    if rule.text == "(":
        rule.kind = "regex"
    with pytest.raises(UsageError):
        rule.validate()


def test_durations() -> None:
    assert parse_duration("30m") == 1800
    assert parse_duration("7d") == 7 * 86400
    assert parse_duration(" 2W ") == 14 * 86400
    for bad in ("", "7", "d", "-1d", "1y", "9999999d"):
        with pytest.raises(UsageError):
            parse_duration(bad)


def test_the_filters_table_round_trips_and_bad_rules_are_settings_errors(tmp_path: Path) -> None:
    from tui.core.config.settings import Settings, load_settings, save_settings
    from tui.core.errors import ConfigError

    settings = Settings()
    settings.filters.rules.append(FilterRule(1, "spoiler", expires=123))
    settings.filters.rules.append(FilterRule(2, r"\bx\b", kind="regex", action="hide"))
    path = save_settings(settings, tmp_path / "settings.toml")
    assert "[filters]" in path.read_text()
    assert load_settings(path).filters == settings.filters
    path.write_text('[[filters.rules]]\nid = 1\ntext = "("\nkind = "regex"\n')
    with pytest.raises(ConfigError, match="Filter rule 1"):
        load_settings(path)
    path.write_text('[filters]\nwords = ["x"]\n')
    with pytest.raises(ConfigError, match=r"\[filters\]"):
        load_settings(path)


def test_bookmark_references() -> None:
    from tui.core.filters.actions import parse_item

    assert parse_item("12") == ("post", 12)
    assert parse_item("post:12") == ("post", 12)
    assert parse_item("Article:3") == ("article", 3)
    assert parse_item("a:3") == ("article", 3)
    for bad in ("", "x", "article:", "user:1", "-1", "1" * 31):
        with pytest.raises(UsageError):
            parse_item(bad)
