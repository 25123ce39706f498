"""Read models from the index: timelines, threads, profiles, notifications, articles, search.

Every list is keyset-paginated on a stable id (``before_id``/``after_id``) so the TUI's virtual
lists ask for a page at any depth in constant time; counters come from columns the triggers
maintain. Text columns were sanitised when the content was verified, so rows map straight to
``tui.core.models`` objects; profile names pass the name rules again on the way out, so a name
stored before a rule existed is neutralised too.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from typing import TYPE_CHECKING, Any

from tui.core.errors import NotFoundError, UsageError
from tui.core.index import community_home as communities
from tui.core.index.article_views import ArticleViews
from tui.core.index.bounds import MAX_ID, MAX_LIMIT, checksum
from tui.core.index.bounds import bounded as _bounded
from tui.core.index.bounds import page_limit as _limit
from tui.core.index.bounds import row_extra as _extra
from tui.core.index.bounds import row_status as _status
from tui.core.index.notification_views import NotificationViews
from tui.core.index.profile_views import ProfileViews
from tui.core.index.schema import get_meta
from tui.core.models import (
    ContentStatus,
    PostView,
    ThreadNode,
    ThreadView,
)
from tui.core.names import name_key, profile_name
from tui.core.tags import tag_name
from tui.core.text import clean_line
from tui.core.timeline_view import TimelineView, parse_kind

_HOME = TimelineView("home")


def _attachments(value: Any) -> tuple[Any, ...]:
    """A post's stored images (the document parser loads only for posts that have some)."""
    if not value:
        return ()
    from tui.core.content.documents import stored_attachments

    return stored_attachments(value)


if TYPE_CHECKING:
    from tui.core.index.filters import ReadingFilter

MAX_THREAD_NODES = 2000
MAX_ANCESTORS = 500

_POST_COLUMNS = """
    p.id, p.author, p.parent, p.cid, p.block, p.tx_hash, p.timestamp, p.replies, p.reposts,
    p.tips_wei, COALESCE(c.status, 'pending'), COALESCE(c.text, ''), COALESCE(c.extra, '{}'),
    COALESCE(pc.title, '')
"""
_POST_FROM = """
    FROM posts p
    LEFT JOIN content c ON c.cid = p.cid
    LEFT JOIN profiles pr ON pr.account = p.author
    LEFT JOIN content pc ON pc.cid = pr.cid AND pc.status = 'verified'
"""
_PEOPLE = """people(a) AS (SELECT :me UNION SELECT followee FROM follows WHERE follower = :me)"""
_HOME_WHERE = """(p.author IN (SELECT a FROM people)
    OR p.id IN (SELECT post_id FROM reposts WHERE by IN (SELECT a FROM people)))"""


_TAG_WHERE = "p.id IN (SELECT post_id FROM post_tags WHERE tag = :tag)"
"""A post carries a tag when its document lists it (``tags``) or its text has ``#tag`` as a
word: ``post_tags`` (tui/core/index/tags.py) holds those pairs, filled as documents are
verified, so a tag timeline reads one range of its key instead of every post."""


def fts_query(text: str) -> str:
    """Turn user text into a safe FTS5 query: every word quoted, all words required."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)[:20]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class IndexViews(ArticleViews, ProfileViews, NotificationViews):
    """Queries over one index database; ``me`` is the active account (may be empty)."""

    def __init__(self, conn: sqlite3.Connection, me: str = "") -> None:
        self.conn = conn
        self.me = checksum(me) if me else ""
        self.reading: ReadingFilter | None = None
        """Mutes and keyword filters applied to every list below (None: nothing filtered)."""
        self._followed: tuple[tuple[Any, ...], dict[str, set[str]]] | None = None

    # --- helpers ------------------------------------------------------------------------

    def _finalized(self) -> int:
        return int(get_meta(self.conn, "finalized_block", "-1") or -1)

    def _followed_names(self) -> dict[str, set[str]]:
        """Name key → the followed accounts with that name (for ``name_clash``).

        Cached until the index changes (``data_version`` counts other connections' commits,
        ``total_changes`` this one's) or the active account does.
        """
        if not self.me:
            return {}
        stamp = (
            self.me,
            self.conn.execute("PRAGMA data_version").fetchone()[0],
            self.conn.total_changes,
        )
        if self._followed is not None and self._followed[0] == stamp:
            return self._followed[1]
        keys: dict[str, set[str]] = {}
        for account, title in self.conn.execute(
            """SELECT f.followee, c.title FROM follows f
               JOIN profiles pr ON pr.account = f.followee
               JOIN content c ON c.cid = pr.cid AND c.status = 'verified'
               WHERE f.follower = ?""",
            (self.me,),
        ):
            name = profile_name(title)
            if name:
                keys.setdefault(name_key(name), set()).add(account)
        self._followed = (stamp, keys)
        return keys

    @staticmethod
    def _clash(followed: dict[str, set[str]], address: str, name: str) -> bool:
        """Whether ``name`` is a followed account's name while ``address`` is not theirs."""
        owners = followed.get(name_key(name)) if name and followed else None
        return owners is not None and address not in owners

    def _post(
        self,
        row: tuple[Any, ...],
        finalized: int,
        reposted_by: str = "",
        followed: dict[str, set[str]] | None = None,
    ) -> PostView:
        status = _status(row[10])
        extra = _extra(row[12]) if status is ContentStatus.VERIFIED else {}
        name = profile_name(row[13])
        return PostView(
            id=row[0],
            author=row[1],
            parent=row[2],
            cid=clean_line(row[3], 140),  # event data: attacker-chosen string
            text=row[11] if status is ContentStatus.VERIFIED else "",
            content_status=status,
            block=row[4],
            tx_hash=row[5],
            timestamp=row[6],
            replies=row[7],
            reposts=row[8],
            tips_wei=int(row[9]),
            finalized=row[4] <= finalized,
            author_name=name,
            name_clash=self._clash(followed or {}, row[1], name),
            content_warning=str(extra.get("content_warning", "")),
            created_at=int(extra.get("created_at", 0) or 0),
            tags=tuple(str(t) for t in extra.get("tags", ())),
            reposted_by=reposted_by,
            attachments=_attachments(extra.get("attachments")),
        )

    def _posts(self, sql: str, params: dict[str, Any] | tuple[Any, ...]) -> list[PostView]:
        finalized = self._finalized()
        followed = self._followed_names()
        posts = [
            self._post(r, finalized, followed=followed) for r in self.conn.execute(sql, params)
        ]
        return self._with_community_collapse(self._with_token_tips(posts))

    def _with_community_collapse(self, posts: list[PostView]) -> list[PostView]:
        """Posts their community's moderators hid (or whose author they banned) collapse
        outside the community too, with the moderation's reason (``v`` shows them)."""
        if not posts or not communities.has_posts(self.conn):
            return posts
        from tui.core.filters.model import Verdict
        from tui.core.index.community_views import CommunityViews

        found = CommunityViews(self.conn, self.me).collapses(posts)
        if not found:
            return posts
        return [
            dataclasses.replace(p, filtered=Verdict("community", found[p.id].label()))
            if p.id in found and p.filtered is None
            else p
            for p in posts
        ]

    def _with_token_tips(self, posts: list[PostView]) -> list[PostView]:
        """Attach the ERC-20 tips of a page of posts (one query; none when no token tips)."""
        from tui.core.tokens.views import label_amount, post_token_tips

        found = post_token_tips(self.conn, [p.id for p in posts])
        if not found:
            return posts
        network = getattr(self, "network", None)  # AgoraIndex knows its network's tokens

        def tips(post_id: int) -> tuple[tuple[str, int, str], ...]:
            return tuple((t, a, label_amount(network, t, a)) for t, a, _n in found[post_id])

        return [
            dataclasses.replace(p, token_tips=tips(p.id)) if p.id in found else p for p in posts
        ]

    def get_post(self, post_id: int) -> PostView:
        """One post; raises NotFoundError (also for ids no SQLite integer can hold)."""
        if not 0 <= post_id <= MAX_ID:
            raise NotFoundError(f"Unknown post #{post_id}: no indexed post has that id.")
        posts = self._posts(f"SELECT {_POST_COLUMNS} {_POST_FROM} WHERE p.id = ?", (post_id,))
        if not posts:
            raise NotFoundError(f"Post #{post_id} is not in the index.", hint="Run `agora sync`.")
        return posts[0]

    # --- timelines ----------------------------------------------------------------------

    def _timeline_filter(self, kind: str) -> tuple[str, str, dict[str, Any]]:
        """(WITH clause, WHERE condition, params) for a timeline kind and its modifiers."""
        view = parse_kind(kind)
        with_clause, where, params = self._base_filter(view.base, view.no_reposts)
        if view.no_replies:
            where = f"({where}) AND p.parent = 0"
        return with_clause, where, params

    def _base_filter(self, kind: str, no_reposts: bool) -> tuple[str, str, dict[str, Any]]:
        if kind == "global":
            return "", "1", {}
        if kind == "home":
            if not self.me:
                raise UsageError(
                    "The home timeline needs an account.",
                    hint="Create one with `agora account new`, or pass --me ADDRESS.",
                )
            where = "p.author IN (SELECT a FROM people)" if no_reposts else _HOME_WHERE
            where = f"({where} OR {communities.HOME_WHERE})"  # and the joined communities' posts
            return f"WITH {_PEOPLE}, {communities.JOINED}", where, {"me": self.me}
        if kind == "communities":  # the posts of the communities the user joined
            if not self.me:
                raise UsageError(
                    "The communities timeline needs an account.",
                    hint="Create one with `agora account new`, or pass --me ADDRESS.",
                )
            if not communities.has_posts(self.conn):
                return "", "0", {}
            return f"WITH {communities.JOINED}", communities.HOME_WHERE, {"me": self.me}
        if kind.startswith("tag:"):
            return "", _TAG_WHERE, {"tag": tag_name(kind.removeprefix("tag:"))}
        if kind.startswith("list:"):
            from tui.core.lists import PeopleLists

            members = PeopleLists.load().members(kind.removeprefix("list:"))
            where = "p.author IN (SELECT value FROM json_each(:members))"
            return "", where, {"members": json.dumps(members)}
        return "", "p.author = :author", {"author": checksum(kind)}

    def timeline(
        self,
        kind: str = "global",
        before_id: int | None = None,
        limit: int = 50,
        *,
        after_id: int | None = None,
    ) -> list[PostView]:
        """A page of ``home``, ``global``, ``tag:NAME``, ``list:NAME`` or an address's posts,
        newest first, filtered (``list:NAME``: the posts by the people of a saved list).

        Rows a filter hides are left out and the page is refilled from further on (a bounded
        number of times), so a page is short only at the timeline's end.
        """
        rows = self._timeline_rows(kind, before_id, limit, after_id=after_id)
        if self.reading is None:
            return rows
        shown = self.reading.posts(rows, self.me)
        for _ in range(20):
            if len(shown) >= limit or len(rows) < _limit(limit):
                break
            if after_id is not None:
                after_id = rows[0].id
                rows = self._timeline_rows(kind, None, limit, after_id=after_id)
                shown = self.reading.posts(rows, self.me) + shown
            else:
                rows = self._timeline_rows(kind, rows[-1].id, limit)
                shown += self.reading.posts(rows, self.me)
        return shown[-limit:] if after_id is not None else shown[:limit]

    def _timeline_rows(
        self,
        kind: str = "global",
        before_id: int | None = None,
        limit: int = 50,
        *,
        after_id: int | None = None,
    ) -> list[PostView]:
        """A page of ``home``, ``global``, ``tag:NAME``, ``list:NAME`` or an address's posts,
        newest first, unfiltered.

        ``before_id``: the newest ``limit`` posts with id < before_id. ``after_id``: the oldest
        ``limit`` posts with id > after_id (returned newest first).
        """
        before_id, after_id = _bounded(before_id), _bounded(after_id)
        view = parse_kind(kind)
        if view.base == "home":
            posts = self._home_page(before_id, after_id, _limit(limit), view)
            return self._mark_reposts(posts) if posts else posts
        if view.base == "communities":
            return self._communities_page(before_id, after_id, _limit(limit), view)
        with_clause, where, params = self._timeline_filter(kind)
        params = {**params, "limit": _limit(limit)}
        if after_id is not None:
            params["after"] = after_id
            sql = (
                f"{with_clause} SELECT {_POST_COLUMNS} {_POST_FROM} WHERE {where} "
                "AND p.id > :after ORDER BY p.id ASC LIMIT :limit"
            )
            posts = self._posts(sql, params)[::-1]
        else:
            params["before"] = before_id if before_id is not None else 2**63 - 1
            sql = (
                f"{with_clause} SELECT {_POST_COLUMNS} {_POST_FROM} WHERE {where} "
                "AND p.id < :before ORDER BY p.id DESC LIMIT :limit"
            )
            posts = self._posts(sql, params)
        return posts

    def timeline_at(self, kind: str, offset: int, limit: int = 50) -> list[PostView]:
        """The posts at positions ``offset``… of a timeline, newest first.

        For a jump into the unloaded middle (a scrollbar drag), where no loaded neighbour gives
        a keyset to page from. SQLite's OFFSET walks the positions it skips, so only such jumps
        use it; paging on from the rows it returns is by keyset again.
        """
        with_clause, where, params = self._timeline_filter(kind)
        params = {**params, "limit": _limit(limit), "offset": max(int(offset), 0)}
        ids = [
            row[0]
            for row in self.conn.execute(
                f"{with_clause} SELECT p.id FROM posts p WHERE {where} "
                "ORDER BY p.id DESC LIMIT :limit OFFSET :offset",
                params,
            )
        ]
        if not ids:
            return []
        posts = self._posts(
            f"SELECT {_POST_COLUMNS} {_POST_FROM} WHERE p.id IN ({','.join('?' * len(ids))}) "
            "ORDER BY p.id DESC",
            tuple(ids),
        )
        base = parse_kind(kind).base
        posts = self._mark_reposts(posts) if base == "home" else posts
        posts = self._with_community_names(posts) if base == "communities" else posts
        return self.reading.posts(posts, self.me) if self.reading is not None else posts

    def _home_page(
        self,
        before_id: int | None,
        after_id: int | None,
        limit: int,
        view: TimelineView = _HOME,
    ) -> list[PostView]:
        """One page of the home timeline, newest first, without reading the whole home.

        As one SQL condition ("by someone I follow, or reposted by them") SQLite gathers every
        matching post and sorts them: 8 ms at 10,000 home posts and linear in the home's size,
        in front of the first paint and of every page. Each person's posts come in id order
        from the ``posts_author`` index instead, so a page costs one short index range per
        person plus their reposts, merged here; the rows are then read by id.
        """
        self._timeline_filter("home")  # the same clear error without an account
        replies = "" if not view.no_replies else " AND parent = 0"
        people = [self.me, *self.following_addresses(self.me)]
        newest_first = after_id is None
        bound = (2**63 - 1 if before_id is None else before_id) if newest_first else after_id
        compare, order = ("<", "DESC") if newest_first else (">", "ASC")
        ids: set[int] = set()
        for person in people:
            ids.update(
                row[0]
                for row in self.conn.execute(
                    f"SELECT id FROM posts WHERE author = ? AND id {compare} ?{replies} "
                    f"ORDER BY id {order} LIMIT ?",
                    (person, bound, limit),
                )
            )
        if not view.no_reposts:
            ids.update(
                row[0]
                for row in self.conn.execute(
                    f"SELECT r.post_id FROM reposts r JOIN posts p ON p.id = r.post_id "
                    f"WHERE r.by IN ({','.join('?' * len(people))}) AND r.post_id {compare} ?"
                    + (" AND p.parent = 0" if view.no_replies else ""),
                    (*people, bound),
                )
            )
        ids.update(
            communities.home_post_ids(
                self.conn, self.me, compare, int(bound or 0), limit, view.no_replies
            )
        )
        page = sorted(ids, reverse=True)[:limit] if newest_first else sorted(ids)[:limit]
        if not page:
            return []
        marks = ",".join("?" * len(page))
        return self._posts(
            f"SELECT {_POST_COLUMNS} {_POST_FROM} WHERE p.id IN ({marks}) ORDER BY p.id DESC",
            tuple(page),
        )

    def _communities_page(
        self, before_id: int | None, after_id: int | None, limit: int, view: TimelineView
    ) -> list[PostView]:
        """A page of the posts of the communities the user joined, newest first, each named
        with its community; read per community from its index, as home reads per person."""
        self._timeline_filter("communities")  # the same clear error without an account
        if not communities.has_posts(self.conn):
            return []
        newest_first = after_id is None
        bound = (2**63 - 1 if before_id is None else before_id) if newest_first else after_id
        ids = communities.home_post_ids(
            self.conn, self.me, "<" if newest_first else ">", int(bound or 0), limit,
            view.no_replies,
        )  # fmt: skip
        page = sorted(ids, reverse=True)[:limit] if newest_first else sorted(ids)[:limit]
        if not page:
            return []
        marks = ",".join("?" * len(page))
        posts = self._posts(
            f"SELECT {_POST_COLUMNS} {_POST_FROM} WHERE p.id IN ({marks}) ORDER BY p.id DESC",
            tuple(page),
        )
        return self._with_community_names(posts)

    def _with_community_names(self, posts: list[PostView]) -> list[PostView]:
        """Say on each post which community it was posted in (its card's ``in NAME``)."""
        if not posts:
            return posts
        from tui.core.index.community_views import CommunityViews

        marks = ",".join("?" * len(posts))
        homes = dict(
            self.conn.execute(
                f"SELECT post_id, community FROM community_posts WHERE post_id IN ({marks})",
                [p.id for p in posts],
            ).fetchall()
        )
        names = CommunityViews(self.conn, self.me).names(set(homes.values()))
        return [
            dataclasses.replace(p, community=names.get(homes[p.id], "")) if p.id in homes else p
            for p in posts
        ]

    def _mark_reposts(self, posts: list[PostView]) -> list[PostView]:
        """Say who reposted the home rows whose author the user does not follow."""
        people = {self.me} | set(self.following_addresses(self.me))
        foreign = [p.id for p in posts if p.author not in people]
        if not foreign:
            return posts
        marks = self.conn.execute(
            f"SELECT post_id, by FROM reposts WHERE post_id IN ({','.join('?' * len(foreign))}) "
            "ORDER BY block, log_index",
            foreign,
        ).fetchall()
        by_post = {pid: by for pid, by in marks if by in people}
        names = self._names(set(by_post.values()))
        from dataclasses import replace

        return [
            replace(p, reposted_by=by_post[p.id], reposted_by_name=names.get(by_post[p.id], ""))
            if p.id in by_post
            else p
            for p in posts
        ]

    def timeline_count(self, kind: str = "global", newer_than: int | None = None) -> int:
        """How many posts the timeline has (with id > newer_than when given)."""
        with_clause, where, params = self._timeline_filter(kind)
        params = {**params, "newer": newer_than if newer_than is not None else -1}
        sql = f"{with_clause} SELECT COUNT(*) FROM posts p WHERE {where} AND p.id > :newer"
        count = int(self.conn.execute(sql, params).fetchone()[0])
        if self.reading is not None:  # rows a filter hides are not positions of the list
            count -= self._hidden_in(kind, params["newer"])
        return count

    def _hidden_in(self, kind: str, newer: int) -> int:
        """How many of the posts a hiding rule leaves out belong to timeline ``kind``."""
        assert self.reading is not None
        hidden = [i for i, _author in self.reading.hidden_posts(self.conn, self.me) if i > newer]
        if not hidden or kind == "global":
            return len(hidden)
        # Any other timeline (home, an author, a tag, a list, with or without replies): the
        # hidden posts its own condition selects.
        with_clause, where, params = self._timeline_filter(kind)
        sql = (
            f"{with_clause} SELECT COUNT(*) FROM posts p WHERE {where} "
            "AND p.id IN (SELECT value FROM json_each(:hidden))"
        )
        return int(self.conn.execute(sql, {**params, "hidden": json.dumps(hidden)}).fetchone()[0])

    def posts_by(
        self, address: str, limit: int = 50, before_id: int | None = None
    ) -> list[PostView]:
        return self.timeline(address, before_id, limit)

    # --- threads ------------------------------------------------------------------------

    def thread(self, post_id: int) -> ThreadView:
        """A post, its ancestors (root first) and its replies as a tree (oldest first)."""
        post = self.get_post(post_id)
        ancestors: list[PostView] = []
        parent, seen = post.parent, {post.id}
        while parent and parent not in seen and len(ancestors) < MAX_ANCESTORS:
            seen.add(parent)
            try:
                ancestor = self.get_post(parent)
            except NotFoundError:
                break
            ancestors.append(ancestor)
            parent = ancestor.parent
        rows = self.conn.execute(
            f"""WITH RECURSIVE tree(id, depth) AS (
                    SELECT id, 1 FROM posts WHERE parent = :root
                    UNION ALL
                    SELECT p.id, t.depth + 1 FROM posts p JOIN tree t ON p.parent = t.id
                    WHERE t.depth < 200
                    LIMIT {MAX_THREAD_NODES}
                )
                SELECT {_POST_COLUMNS} {_POST_FROM} WHERE p.id IN (SELECT id FROM tree)
                ORDER BY p.id""",
            {"root": post_id},
        ).fetchall()
        finalized = self._finalized()
        followed = self._followed_names()
        children: dict[int, list[PostView]] = {}
        replies = self._with_community_collapse(
            self._with_token_tips([self._post(r, finalized, followed=followed) for r in rows])
        )
        for reply in replies:
            children.setdefault(reply.parent, []).append(reply)

        def build(pid: int) -> tuple[ThreadNode, ...]:
            return tuple(ThreadNode(post=c, children=build(c.id)) for c in children.get(pid, []))

        thread = ThreadView(post=post, ancestors=tuple(reversed(ancestors)), replies=build(post_id))
        return self.reading.thread(thread, self.me) if self.reading is not None else thread

    # --- search -------------------------------------------------------------------------

    def search(self, query: str, limit: int = 100) -> list[PostView]:
        """Full-text search over the verified text of indexed posts, best match first."""
        match = fts_query(query)
        if not match:
            return []
        ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT rowid FROM post_fts WHERE post_fts MATCH ? ORDER BY rank LIMIT ?",
                (match, _limit(limit)),
            )
        ]
        if not ids:
            return []
        posts = self._posts(
            f"SELECT {_POST_COLUMNS} {_POST_FROM} WHERE p.id IN ({','.join('?' * len(ids))})",
            tuple(ids),
        )
        order = {pid: i for i, pid in enumerate(ids)}
        posts.sort(key=lambda p: order[p.id])
        return self.reading.posts(posts, self.me) if self.reading is not None else posts

    def posts_by_ids(self, ids: list[int]) -> list[PostView]:
        """The indexed posts among ``ids``, in that order (bookmarks), filters marked not hidden."""
        ids = ids[:MAX_LIMIT]
        if not ids:
            return []
        found = {
            p.id: p
            for p in self._posts(
                f"SELECT {_POST_COLUMNS} {_POST_FROM} WHERE p.id IN ({','.join('?' * len(ids))})",
                tuple(ids),
            )
        }
        posts = [found[i] for i in ids if i in found]
        return [self.reading.mark(p, self.me) for p in posts] if self.reading is not None else posts
