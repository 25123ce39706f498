"""Mutes, blocks and keyword filters applied to what the index's views return.

One implementation for every reader: the views call ``ReadingFilter`` on their rows, so the
TUI, the CLI's ``--json`` and notifications decide identically. A collapsed row keeps its place
with ``filtered`` set (the front end shows one line); a hidden row is left out. The user's own
posts are never filtered.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.filters.model import FilterAction, FilterKind, FilterRule, Verdict
from tui.core.filters.rules import KeywordMatcher
from tui.core.filters.store import BLOCK, MUTE, ReadingStore
from tui.core.models import ContentStatus, NotificationView, PostView, ThreadNode, ThreadView

if TYPE_CHECKING:
    from tui.core.context import AgoraContext


def _short(address: str) -> str:
    return f"{address[:6]}…{address[-4:]}" if len(address) > 12 else address


class ReadingFilter:
    """The active mutes, blocks and keyword rules, ready to judge rows."""

    def __init__(
        self,
        rules: list[FilterRule] | None = None,
        people: dict[str, str] | None = None,
        store: ReadingStore | None = None,
    ) -> None:
        self.store = store
        self.rules = list(rules or [])
        self.matcher = self._matcher()
        self.config_path: Path | None = None
        """The settings file the rules come from: re-read when it changes."""
        self._config_stamp = 0.0
        self.people = dict(people if people is not None else (store.people() if store else {}))
        self._hidden_key: tuple[Any, ...] | None = None
        self._generation = 0
        """Bumped when the rules change: the hidden rows are judged again."""
        self._next_expiry = self._expiry()
        self._hidden: list[tuple[int, str]] = []

    @classmethod
    def open(cls, ctx: AgoraContext) -> ReadingFilter:
        """The rules from the settings and the people from ``AGORA_HOME/reading.sqlite``."""
        reading = cls(ctx.settings.filters.rules, store=ReadingStore(Path(ctx.home)))
        reading.config_path = Path(ctx.config_path)
        reading._config_stamp = reading._stamp()
        return reading

    def _stamp(self) -> float:
        try:
            return self.config_path.stat().st_mtime if self.config_path else 0.0
        except OSError:
            return 0.0

    def reload(self, rules: list[FilterRule] | None = None) -> None:
        """Re-read the people (and take new rules when given) after a change."""
        if rules is not None:
            self.rules = list(rules)
            self.matcher = self._matcher()
            self._generation += 1
            self._next_expiry = self._expiry()
        if self.store is not None:
            self.people = self.store.people()

    def _matcher(self) -> KeywordMatcher:
        slow = self.store.slow() if self.store is not None else set()
        matcher = KeywordMatcher(self.rules, slow=slow)
        self._noted = len(matcher.disabled)
        return matcher

    def _note_disabled(self) -> None:
        """Remember regexes that timed out while judging (``agora filter list`` shows them)."""
        if len(self.matcher.disabled) > self._noted and self.store is not None:
            self.store.record_slow([r.text for r in self.matcher.disabled[self._noted :]])
        self._noted = len(self.matcher.disabled)

    def disabled_texts(self) -> set[str]:
        """Regex rules switched off after a timeout (in this process or recorded by another)."""
        self._note_disabled()
        slow = self.store.slow() if self.store is not None else set()
        return {r.text for r in self.matcher.disabled} | slow

    def _fresh(self) -> None:
        """Take changes made elsewhere (``agora mute``, ``agora filter add`` beside the TUI)
        and let rules that expired since the last read stop applying."""
        if self.store is not None and self.store.changed_elsewhere():
            self.people = self.store.people()
        stamp = self._stamp()
        if stamp != self._config_stamp:
            self._config_stamp = stamp
            from tui.core.config.settings import load_settings
            from tui.core.errors import AgoraError

            # A settings file being edited by hand may not parse: keep the rules in force.
            with contextlib.suppress(AgoraError):
                self.reload(load_settings(self.config_path).filters.rules)
        elif time.time() >= self._next_expiry:
            self.reload(self.rules)

    def _expiry(self) -> float:
        now = time.time()
        return min((r.expires for r in self.rules if r.expires > now), default=float("inf"))

    def __bool__(self) -> bool:
        return bool(self.people) or bool(self.matcher)

    def verdict(self, post: PostView, me: str = "") -> Verdict | None:
        """Why ``post`` is collapsed or hidden, or None when it is shown as usual."""
        if me and post.author == me:
            return None
        level = self.people.get(post.author)
        if level is not None:
            who = post.author_name or _short(post.author)
            return Verdict(level, f"{'blocked' if level == BLOCK else 'muted'}: {who}")
        if post.content_status is not ContentStatus.VERIFIED or not self.matcher:
            return None
        return self.matcher.match(f"{post.content_warning}\n{post.text}", post.tags)

    def posts(self, posts: Iterable[PostView], me: str = "") -> list[PostView]:
        """The rows to show: hidden ones left out, collapsed ones with ``filtered`` set."""
        self._fresh()
        if not self:
            return list(posts)
        shown: list[PostView] = []
        for post in posts:
            verdict = self.verdict(post, me)
            if verdict is None:
                shown.append(post)
            elif not verdict.hide:
                shown.append(replace(post, filtered=verdict))
        self._note_disabled()
        return shown

    def mark(self, post: PostView, me: str = "") -> PostView:
        """One post opened on purpose: never hidden, but marked when a rule applies."""
        verdict = self.verdict(post, me)
        return post if verdict is None else replace(post, filtered=verdict)

    def thread(self, thread: ThreadView, me: str = "") -> ThreadView:
        """Replies filtered like timelines; in the user's own threads a blocked author's
        replies (and what hangs under them) are hidden."""
        self._fresh()
        if not self:
            return thread
        root = thread.ancestors[0] if thread.ancestors else thread.post
        mine = bool(me) and root.author == me

        def prune(nodes: tuple[ThreadNode, ...]) -> tuple[ThreadNode, ...]:
            kept: list[ThreadNode] = []
            for node in nodes:
                verdict = self.verdict(node.post, me)
                if verdict is not None and (verdict.hide or (mine and verdict.by == BLOCK)):
                    continue
                post = node.post if verdict is None else replace(node.post, filtered=verdict)
                kept.append(ThreadNode(post=post, children=prune(node.children)))
            return tuple(kept)

        view = ThreadView(
            post=self.mark(thread.post, me),
            ancestors=tuple(self.mark(a, me) for a in thread.ancestors),
            replies=prune(thread.replies),
        )
        self._note_disabled()
        return view

    def hidden_posts(self, conn: sqlite3.Connection, me: str = "") -> list[tuple[int, str]]:
        """(id, author) of every indexed post a hiding rule leaves out, for exact counts.

        Only hiding keyword rules remove rows from timelines (mutes and blocks collapse them),
        so without one this costs nothing. Candidates come from the full-text index (hiding
        words, ``#tags``) and a scan of the documents' tags; only a hiding regex needs every
        verified post. Each candidate is then judged by the same matcher as the pages. The
        result is kept until the rules, the newest post or the database (written by another
        connection) change.
        """
        if not self.matcher.hides:
            return []
        key = (
            self._generation,
            me,
            conn.execute("SELECT MAX(id) FROM posts").fetchone()[0],
            # Bumped by every commit of another connection: sync and hydration write through
            # their own, so newly verified content is judged on the next count.
            conn.execute("PRAGMA data_version").fetchone()[0],
        )
        if self._hidden_key == key:
            return self._hidden
        hidden: list[tuple[int, str]] = []
        for pid, author, text, extra in self._hide_candidates(conn):
            if author == me:
                continue
            try:
                data = json.loads(extra)
            except ValueError:
                data = {}
            data = data if isinstance(data, dict) else {}
            tags = tuple(str(t) for t in data.get("tags", ()) or ())
            verdict = self.matcher.match_hidden(f"{data.get('content_warning', '')}\n{text}", tags)
            if verdict is not None:
                hidden.append((int(pid), str(author)))
        self._hidden_key, self._hidden = key, hidden
        self._note_disabled()
        return hidden

    def _hide_candidates(self, conn: sqlite3.Connection) -> Iterable[tuple[Any, ...]]:
        """(id, author, text, extra) of the verified posts a hiding rule may match."""
        columns = """SELECT p.id, p.author, c.text, c.extra FROM posts p
               JOIN content c ON c.cid = p.cid WHERE c.status = 'verified'"""
        rules = [r for r in self.matcher.rules if r.action == FilterAction.HIDE]
        if any(r.kind == FilterKind.REGEX for r in rules):
            return conn.execute(columns)  # a regex can match anything: judge every post
        from tui.core.index.views import fts_query

        phrases = [fts_query(r.text) for r in rules]  # words, and tags written as #tag
        phrases = ["(" + p.replace('" "', '" + "') + ")" for p in phrases if p]
        tags = [
            '"' + r.text.strip().lstrip("#").lower() for r in rules if r.kind == FilterKind.TAG
        ]  # a tag only in the document's tags list: looked for in its JSON
        where = ["p.id IN (SELECT rowid FROM post_fts WHERE post_fts MATCH ?)"] if phrases else []
        where += ["instr(lower(c.extra), ?)"] * len(tags)
        if not where:
            return []
        params = ([" OR ".join(phrases)] if phrases else []) + tags
        return conn.execute(f"{columns} AND ({' OR '.join(where)})", params)

    def notifications(self, items: Iterable[NotificationView]) -> list[NotificationView]:
        """A blocked actor's notifications are left out; a muted one's and replies a keyword
        rule matches are collapsed (or left out by a hiding rule)."""
        self._fresh()
        if not self:
            return list(items)
        shown: list[NotificationView] = []
        for item in items:
            level = self.people.get(item.actor)
            if level == BLOCK:
                continue
            verdict: Verdict | None = None
            if level == MUTE:
                verdict = Verdict(MUTE, f"muted: {item.actor_name or _short(item.actor)}")
            elif item.text and self.matcher:
                verdict = self.matcher.match(item.text)
            if verdict is None:
                shown.append(item)
            elif not verdict.hide:
                shown.append(replace(item, filtered=verdict))
        self._note_disabled()
        return shown
