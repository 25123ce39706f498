"""Reading a main timeline's first page (on a thread or the start-up reader): the source,
the reading position, the "read up to here" mark, and the user's own new posts counted as
seen. No widgets here: the screen (tui/ui/screens/timeline.py) shows what this returns."""

from __future__ import annotations

from typing import Any

from tui.core.models import ArticleView, PostView
from tui.core.timeline_view import with_mode
from tui.ui.pending import NO_PENDING, PendingActions, pending_of
from tui.ui.widgets.post_list import TimelineSource
from tui.ui.widgets.virtual_list import PAGE, ListSource, RowSource

POST_KINDS = ("home", "global", "communities")
"""Timelines that announce new posts (a line above the list, a count in the tab)."""


def _read_mark(source: TimelineSource, seen: int | None) -> int:
    """The oldest post newer than ``seen`` when older (read) posts lie below it, else 0."""
    if not seen or source.count == 0:
        return 0
    newer = source.backend.timeline_count(source.kind, newer_than=seen)
    if not newer or newer >= source.count:
        return 0
    rows = source.backend.timeline(source.kind, limit=1, after_id=seen)
    return rows[0].id if rows and rows[0].id > 0 else 0


def own_post(app: Any, post: PostView | None) -> bool:
    """A post the user sent from this session (its transaction hash is one Agora sent)."""
    sent = getattr(app, "sent_transactions", None) or ()
    return post is not None and post.tx_hash.lower() in {h.lower() for h in sent}


def _skip_own(app: Any, kind: str, source: TimelineSource, position: int) -> None:
    """The user's own posts just above what they had seen are seen too: the newest post seen
    moves past them (until the first post by someone else), and they are not counted as
    arrived. Only loaded rows are looked at: the user's own posts are the newest ones."""
    seen = app.ui_state.seen.get(kind)
    if not seen or not getattr(app, "sent_transactions", None):
        return
    newer = [
        (i, p)
        for i in range(min(source.count, PAGE))
        if (p := source.get(i)) is not None and p.id > seen
    ]
    for index, post in sorted(newer, key=lambda row: row[1].id):
        if not own_post(app, post):
            break
        app.ui_state.seen[kind] = post.id
        if index < position and source.arrived:
            source.arrived -= 1


class ArticleSource(ListSource[ArticleView]):
    """The articles timeline, with the user's pending actions read at the same time."""

    pending: PendingActions = NO_PENDING


def first_page(app: Any, kind: str, at_top: bool) -> tuple[RowSource, int]:
    """A timeline's source with its first page read, and the position to show (blocks).

    Takes the app, not a screen: it runs on plain threads too.
    """
    if kind in POST_KINDS:
        source = TimelineSource(app.backend, with_mode(kind, app.ui_state.hide.get(kind, "")))
        anchor = None if at_top else app.ui_state.positions.get(kind)
        seen = app.ui_state.seen.get(kind)
        position = source.load(anchor, seen)
        _skip_own(app, kind, source, position)
        source.read_mark = _read_mark(source, app.ui_state.seen.get(kind))
        return source, position
    if kind == "articles":
        articles = ArticleSource(app.backend.articles(), key=lambda a: a.id)
        articles.pending = pending_of(app.backend)
        return articles, 0
    return ListSource(app.backend.notifications(), key=lambda n: n.block), 0
