"""Keyword filter rules and their matching: words, tags and bounded regular expressions.

Rules live in the ``[filters]`` table of the settings file. Matching is one compiled matcher
per rule set, so the index's views (and through them the TUI, the CLI and notifications) all
decide the same way. Words and tags are literals folded into one alternation (linear time); a
user regex runs on the ``regex`` engine with a timeout, on at most ``MAX_SUBJECT`` characters,
and a pattern that times out once is disabled (the reading store remembers it for every process
until the rule is removed or added again), so a pattern that backtracks catastrophically costs
one bounded timeout, never a stalled timeline.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from tui.core.errors import UsageError
from tui.core.filters.model import FilterAction, FilterKind, FilterRule, Verdict

MAX_SUBJECT = 8_000
"""Characters of an item a regex looks at (post text is capped near this already)."""
REGEX_TIMEOUT = 0.02
"""Seconds one regex may spend on one item before it is disabled."""


_DURATION = re.compile(r"^(\d{1,6})\s*([smhdw])$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> int:
    """Seconds in ``30m``, ``12h``, ``7d``, ``2w``; raises UsageError otherwise."""
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise UsageError(
            f"{text[:40]!r} is not a duration.", hint="Use a number and s, m, h, d or w: 7d."
        )
    return int(match.group(1)) * _UNIT[match.group(2)]


_UNCOMBINABLE = re.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?[a-zA-Z]+\)")
"""Back-references and global inline flags would change meaning inside a combined pattern."""


def _combine(compiled: list[_Compiled]) -> Any:
    """One pattern matching where any of ``compiled`` matches, or None when unsafe to build."""
    if len(compiled) < 2 or any(_UNCOMBINABLE.search(c.rule.text) for c in compiled):
        return None
    import regex

    try:
        return regex.compile("|".join(f"(?:{c.rule.text})" for c in compiled), regex.IGNORECASE)
    except (regex.error, ValueError, OverflowError):
        return None


@dataclass
class _Compiled:
    rule: FilterRule
    pattern: Any
    """A compiled ``regex`` pattern (the engine loads only when a regex rule exists)."""


class KeywordMatcher:
    """The active rules compiled once; ``match`` returns the first rule an item falls under.

    Hiding rules are tried before collapsing ones, so a hidden item never shows collapsed.
    """

    def __init__(
        self, rules: list[FilterRule], now: float | None = None, slow: set[str] | None = None
    ) -> None:
        when = time.time() if now is None else now
        live = [r for r in rules if r.active(when)]
        live.sort(key=lambda r: (r.action != FilterAction.HIDE, r.id))
        self.rules = live
        self._words: dict[str, tuple[re.Pattern[str], dict[str, FilterRule]]] = {}
        self._tags: dict[str, dict[str, FilterRule]] = {}
        self._regexes: dict[str, list[_Compiled]] = {}
        self._combined: dict[str, Any] = {}
        """Per action, every regex in one alternation: one search tells whether any matches."""
        self.disabled: list[FilterRule] = []
        """Regex rules that hit the timeout and no longer run in this process."""
        for action in (FilterAction.HIDE.value, FilterAction.COLLAPSE.value):
            group = [r for r in live if r.action == action]
            words = {r.text.strip().casefold(): r for r in group if r.kind == FilterKind.WORD}
            if words:
                # Longest first, so a phrase wins over a word it starts with.
                alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                self._words[action] = (re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), words)
            self._tags[action] = {
                r.text.strip().lstrip("#").casefold(): r for r in group if r.kind == FilterKind.TAG
            }
            compiled = []
            for r in group:
                if r.kind == FilterKind.REGEX and slow and r.text in slow:
                    self.disabled.append(r)  # timed out before, here or in another process
                elif r.kind == FilterKind.REGEX:
                    import regex  # ~15 ms: only when the user has regex rules

                    try:
                        compiled.append(_Compiled(r, regex.compile(r.text, regex.IGNORECASE)))
                    except (regex.error, ValueError, OverflowError):
                        self.disabled.append(r)  # edited by hand into something invalid
            self._regexes[action] = compiled
            self._combined[action] = _combine(compiled)

    def __bool__(self) -> bool:
        return bool(self.rules)

    @property
    def hides(self) -> bool:
        """True when some active rule hides items (rather than collapsing them)."""
        return any(r.action == FilterAction.HIDE for r in self.rules)

    def match(self, text: str, tags: tuple[str, ...] = ()) -> Verdict | None:
        """The verdict for an item's text and tags, or None when no rule applies."""
        if not self.rules:
            return None
        folded = text[:MAX_SUBJECT].casefold()
        for action in (FilterAction.HIDE.value, FilterAction.COLLAPSE.value):
            verdict = self._match_action(action, folded, tags)
            if verdict is not None:
                return verdict
        return None

    def match_hidden(self, text: str, tags: tuple[str, ...] = ()) -> Verdict | None:
        """The verdict of the first hiding rule that applies (collapsing ones are not tried)."""
        return self._match_action(FilterAction.HIDE.value, text[:MAX_SUBJECT].casefold(), tags)

    def _match_action(self, action: str, folded: str, tags: tuple[str, ...]) -> Verdict | None:
        hide = action == FilterAction.HIDE
        words = self._words.get(action)
        if words is not None:
            found = words[0].search(folded)
            if found:
                rule = words[1][found.group(0)]
                return Verdict("word", f"filtered: {rule.describe()}", hide)
        tag_rules = self._tags.get(action)
        if tag_rules:
            for tag in (*tags, *re.findall(r"#(\w+)", folded)):
                tag_rule = tag_rules.get(tag.lstrip("#").casefold())
                if tag_rule is not None:
                    return Verdict("tag", f"filtered: {tag_rule.describe()}", hide)
        combined = self._combined.get(action)
        if combined is not None:
            try:
                if not combined.search(folded, timeout=REGEX_TIMEOUT):
                    return None
            except TimeoutError:
                self._combined[action] = None  # find (and switch off) the slow one below
        for item in list(self._regexes.get(action, ())):
            try:
                found_re = item.pattern.search(folded, timeout=REGEX_TIMEOUT)
            except TimeoutError:
                self._regexes[action].remove(item)
                self.disabled.append(item.rule)
                continue
            if found_re:
                return Verdict("regex", f"filtered: {item.rule.describe()}", hide)
        return None
