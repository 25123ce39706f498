"""Articles read from the index: the list (newest first, an author's), one article, the
editions the active account holds, and each article's funding-round awards.

A mixin of ``IndexViews`` (tui/core/index/views.py), which supplies the connection, the active
account and the name helpers; the Articles tab, the article reader and ``agora articles`` all
read through it.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Any

from tui.core.errors import NotFoundError
from tui.core.index.bounds import MAX_ID, bounded, checksum, row_extra, row_status
from tui.core.index.bounds import page_limit as _limit
from tui.core.models import ArticleView, ContentStatus
from tui.core.names import profile_name
from tui.core.text import clean_line


class ArticleViews:
    """The article views (needs ``conn``, ``me``, ``_finalized``, ``_followed_names`` and
    ``_clash``)."""

    conn: sqlite3.Connection
    me: str

    def _finalized(self) -> int:
        raise NotImplementedError

    def _followed_names(self) -> dict[str, set[str]]:
        raise NotImplementedError

    @staticmethod
    def _clash(followed: dict[str, set[str]], address: str, name: str) -> bool:
        raise NotImplementedError

    _ARTICLE_SQL = """
        SELECT a.id, a.author, COALESCE(o.owner, a.author), a.cid, a.price_wei, a.max_editions,
               a.editions, a.block, a.tx_hash, a.timestamp, COALESCE(c.status, 'pending'),
               COALESCE(c.title, ''), COALESCE(c.text, ''), COALESCE(c.extra, '{}'),
               COALESCE(pc.title, ''), COALESCE(oc.title, '')
        FROM articles a
        LEFT JOIN owners o ON o.token_id = a.id
        LEFT JOIN content c ON c.cid = a.cid
        LEFT JOIN profiles pr ON pr.account = a.author
        LEFT JOIN content pc ON pc.cid = pr.cid AND pc.status = 'verified'
        LEFT JOIN profiles po ON po.account = COALESCE(o.owner, a.author)
        LEFT JOIN content oc ON oc.cid = po.cid AND oc.status = 'verified'
    """

    def _article(
        self, r: tuple[Any, ...], finalized: int, followed: dict[str, set[str]] | None = None
    ) -> ArticleView:
        status = row_status(r[10])
        name = profile_name(r[14])
        verified = status is ContentStatus.VERIFIED
        extra = row_extra(r[13]) if verified else {}
        return ArticleView(
            id=r[0],
            author=r[1],
            owner=r[2],
            cid=clean_line(r[3], 140),  # event data: attacker-chosen string
            title=r[11] if verified else "",
            description=r[12] if verified else "",
            body_cid=str(extra.get("body_cid", "")),
            price_wei=int(r[4]),
            max_editions=r[5],
            editions=r[6],
            content_status=status,
            block=r[7],
            tx_hash=r[8],
            timestamp=r[9],
            finalized=r[7] <= finalized,
            author_name=name,
            owner_name=profile_name(r[15]),
            name_clash=self._clash(followed or {}, r[1], name),
        )

    def _with_owned(self, articles: list[ArticleView]) -> list[ArticleView]:
        """Fill in the editions of each article that ``me`` holds now (owners table)."""
        if not self.me or not articles:
            return articles
        ids = [a.id for a in articles]
        marks = ",".join("?" * len(ids))
        owned: dict[int, list[int]] = {}
        for article_id, edition_id in self.conn.execute(
            f"""SELECT c.article_id, c.edition_id FROM collects c
                JOIN owners o ON o.token_id = c.edition_id
                WHERE o.owner = ? AND c.article_id IN ({marks}) ORDER BY c.edition_id""",
            [self.me, *ids],
        ):
            owned.setdefault(article_id, []).append(edition_id)
        return [
            dataclasses.replace(a, owned_editions=tuple(owned[a.id])) if a.id in owned else a
            for a in articles
        ]

    def articles(
        self, author: str | None = None, limit: int = 200, before_id: int | None = None
    ) -> list[ArticleView]:
        from tui.core.rounds.views import with_awards

        """Articles, newest first (only ``author``'s when given)."""
        params: dict[str, Any] = {
            "limit": _limit(limit),
            "before": bounded(before_id) if before_id is not None else MAX_ID,
        }
        where = "a.id < :before"
        if author:
            params["author"] = checksum(author)
            where += " AND a.author = :author"
        finalized = self._finalized()
        rows = self.conn.execute(
            f"{self._ARTICLE_SQL} WHERE {where} ORDER BY a.id DESC LIMIT :limit", params
        )
        followed = self._followed_names()
        return with_awards(
            self.conn, self._with_owned([self._article(r, finalized, followed) for r in rows])
        )

    def article(self, article_id: int) -> ArticleView:
        """One article; raises NotFoundError (edition ids are not articles)."""
        from tui.core.rounds.views import with_awards

        if not 0 <= article_id <= MAX_ID:
            raise NotFoundError(f"Unknown article #{article_id}: no indexed article has that id.")
        row = self.conn.execute(f"{self._ARTICLE_SQL} WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"Article #{article_id} is not in the index.", hint="Run `agora sync`."
            )
        article = self._article(row, self._finalized(), self._followed_names())
        return with_awards(self.conn, self._with_owned([article]))[0]

    def articles_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
