"""Accounts read from the index: a profile with its counts, whom an account follows and who
follows it, and the shown profile names of a set of addresses.

A mixin of ``IndexViews`` (tui/core/index/views.py), which supplies the connection, the active
account and the name-clash helpers; the Home timeline reads the follow list through it too.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tui.core.index.bounds import MAX_LIMIT, checksum, row_extra, row_status
from tui.core.index.bounds import page_limit as _limit
from tui.core.models import ContentStatus, ProfileView
from tui.core.names import profile_name
from tui.core.text import clean_line


class ProfileViews:
    """The profile views (needs ``conn``, ``me``, ``_followed_names`` and ``_clash``)."""

    conn: sqlite3.Connection
    me: str

    def _followed_names(self) -> dict[str, set[str]]:
        raise NotImplementedError

    @staticmethod
    def _clash(followed: dict[str, set[str]], address: str, name: str) -> bool:
        raise NotImplementedError

    def profile(self, address: str) -> ProfileView:
        """An account's profile and counts (empty fields when it never set a profile)."""
        account = checksum(address)
        row = self.conn.execute(
            """SELECT pr.cid, COALESCE(c.status, 'pending'), COALESCE(c.title, ''),
                      COALESCE(c.text, ''), COALESCE(c.extra, '{}')
               FROM profiles pr LEFT JOIN content c ON c.cid = pr.cid WHERE pr.account = ?""",
            (account,),
        ).fetchone()
        counts = self.conn.execute(
            """SELECT (SELECT COUNT(*) FROM follows WHERE followee = :a),
                      (SELECT COUNT(*) FROM follows WHERE follower = :a),
                      (SELECT COUNT(*) FROM posts WHERE author = :a),
                      (SELECT tips_received_wei FROM accounts WHERE address = :a),
                      (SELECT COUNT(*) FROM follows WHERE follower = :me AND followee = :a)""",
            {"a": account, "me": self.me},
        ).fetchone()
        base: dict[str, Any] = {
            "address": account,
            "followers": counts[0],
            "following": counts[1],
            "posts": counts[2],
            "tips_received_wei": int(counts[3] or 0),
            "followed_by_me": bool(counts[4]),
        }
        if row is None:
            return ProfileView(**base)
        status = row_status(row[1])
        if status is not ContentStatus.VERIFIED:
            return ProfileView(**base, cid=clean_line(row[0], 140), content_status=status)
        extra = row_extra(row[4])
        name = profile_name(row[2])
        return ProfileView(
            **base,
            cid=clean_line(row[0], 140),
            content_status=status,
            name=name,
            name_clash=self._clash(self._followed_names(), account, name),
            bio=row[3],
            avatar=str(extra.get("avatar", "")),
            avatar_verified=bool(extra.get("avatar_verified", False)),
            links=tuple(str(u) for u in extra.get("links", ())),
        )

    def following_addresses(self, address: str, limit: int = 10_000) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT followee FROM follows WHERE follower = ? ORDER BY block DESC LIMIT ?",
                (checksum(address), _limit(limit) if limit <= MAX_LIMIT else limit),
            )
        ]

    def followers(self, address: str, limit: int = 200) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT follower FROM follows WHERE followee = ? ORDER BY block DESC LIMIT ?",
                (checksum(address), _limit(limit)),
            )
        ]

    def following(self, address: str, limit: int = 200) -> list[str]:
        return self.following_addresses(address, _limit(limit))

    def _names(self, addresses: set[str]) -> dict[str, str]:
        """Address → shown profile name, for the addresses that have one."""
        if not addresses:
            return {}
        marks = ",".join("?" * len(addresses))
        return {
            a: name
            for a, t in self.conn.execute(
                f"""SELECT pr.account, c.title FROM profiles pr JOIN content c ON c.cid = pr.cid
                    WHERE c.status = 'verified' AND pr.account IN ({marks})""",
                list(addresses),
            )
            if (name := profile_name(t))
        }
