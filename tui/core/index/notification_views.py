"""Notifications: what happened to an account (replies, tips, follows, reposts, collects, and
each capability's own kinds), one UNION query over the index's event tables.

A mixin of ``IndexViews`` (tui/core/index/views.py), which supplies the connection, the active
account, the reading filters and the name helpers; the TUI's Alerts tab and ``agora
notifications`` both read through it, so they always agree.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tui.core.errors import UsageError
from tui.core.index.bounds import checksum
from tui.core.index.bounds import page_limit as _limit
from tui.core.models import NotificationView


def _extra_notifications(conn: sqlite3.Connection) -> dict[str, str]:
    """Notification queries of the capabilities whose tables this index holds."""
    from tui.core.index.sources import source_notifications

    return source_notifications(conn)


class NotificationViews:
    """The notification views (needs ``conn``, ``me``, ``reading`` and the name helpers)."""

    conn: sqlite3.Connection
    me: str
    reading: Any

    def _names(self, addresses: set[str]) -> dict[str, str]:
        raise NotImplementedError

    def _followed_names(self) -> dict[str, set[str]]:
        raise NotImplementedError

    @staticmethod
    def _clash(followed: dict[str, set[str]], address: str, name: str) -> bool:
        raise NotImplementedError

    def tips_received(self, address: str, limit: int = 100) -> list[NotificationView]:
        """Tips an account received, newest first."""
        return [
            n
            for n in self._notifications(checksum(address), ("tip",), _limit(limit), None)
            if n.kind == "tip"
        ]

    def notifications(
        self, limit: int = 200, before_block: int | None = None
    ) -> list[NotificationView]:
        """Replies to, tips to, follows of the active account, reposts of its posts and collects
        of its articles."""
        if not self.me:
            raise UsageError(
                "Notifications need an account.",
                hint="Create one with `agora account new`, or pass --me ADDRESS.",
            )
        kinds = ("reply", "tip", "follow", "repost", "collect", *_extra_notifications(self.conn))
        items = self._notifications(self.me, kinds, _limit(limit), before_block)
        return self.reading.notifications(items) if self.reading is not None else items

    def _notifications(
        self, me: str, kinds: tuple[str, ...], limit: int, before_block: int | None
    ) -> list[NotificationView]:
        parts = {
            "reply": """SELECT 'reply', p.author, p.block, p.log_index, p.timestamp, p.tx_hash,
                    p.id, 0, '0', CASE WHEN c.status = 'verified' THEN c.text ELSE '' END
                FROM posts p JOIN posts mine ON mine.id = p.parent AND mine.author = :me
                LEFT JOIN content c ON c.cid = p.cid
                WHERE p.author != :me AND p.block < :before""",
            "tip": """SELECT 'tip', t.sender, t.block, t.log_index, t.timestamp, t.tx_hash,
                    t.post_id, 0, t.amount, ''
                FROM tips t WHERE t.recipient = :me AND t.block < :before""",
            "follow": """SELECT 'follow', f.follower, f.block, f.log_index, f.timestamp,
                    f.tx_hash, 0, 0, '0', ''
                FROM follow_events f WHERE f.followee = :me AND f.follow = 1
                AND f.block < :before""",
            "repost": """SELECT 'repost', r.by, r.block, r.log_index, r.timestamp, r.tx_hash,
                    r.post_id, 0, '0', CASE WHEN c.status = 'verified' THEN c.text ELSE '' END
                FROM reposts r JOIN posts mine ON mine.id = r.post_id AND mine.author = :me
                LEFT JOIN content c ON c.cid = mine.cid
                WHERE r.by != :me AND r.block < :before""",
            "collect": """SELECT 'collect', k.collector, k.block, k.log_index, k.timestamp,
                    k.tx_hash, 0, k.article_id, k.price_wei, ''
                FROM collects k JOIN articles a ON a.id = k.article_id AND a.author = :me
                WHERE k.block < :before""",
            # ERC-20 tips are tips too; the token's address rides in the text column.
            "token_tip": """SELECT 'token_tip', t.sender, t.block, t.log_index, t.timestamp,
                    t.tx_hash, t.post_id, 0, t.amount, t.token
                FROM token_tips t WHERE t.recipient = :me AND t.block < :before""",
        }
        if "tip" in kinds and self._has_token_tips():
            kinds = (*kinds, "token_tip")
        parts.update(_extra_notifications(self.conn))
        sql = " UNION ALL ".join(parts[k] for k in kinds) + " ORDER BY 3 DESC, 4 DESC LIMIT :limit"
        params = {
            "me": me,
            "limit": limit,
            "before": before_block if before_block is not None else 2**63 - 1,
        }
        rows = self.conn.execute(sql, params).fetchall()
        names = self._names({r[1] for r in rows})
        followed = self._followed_names()
        return [
            NotificationView(
                kind="tip" if r[0] == "token_tip" else r[0],
                actor=r[1],
                block=r[2],
                timestamp=r[4],
                tx_hash=r[5],
                post_id=r[6],
                article_id=r[7],
                amount_wei=int(r[8]),
                actor_name=names.get(r[1], ""),
                text="" if r[0] == "token_tip" else r[9],
                name_clash=self._clash(followed, r[1], names.get(r[1], "")),
                token=r[9] if r[0] == "token_tip" else "",
                amount_label=self._token_label(r[9], int(r[8])) if r[0] == "token_tip" else "",
            )
            for r in rows
        ]

    def _has_token_tips(self) -> bool:
        """Whether this index has the token tips table (an old, read-only one may not)."""
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'token_tips'"
        ).fetchone()
        return row is not None

    def _token_label(self, token: str, amount: int) -> str:
        from tui.core.tokens.views import label_amount

        return label_amount(getattr(self, "network", None), token, amount)
