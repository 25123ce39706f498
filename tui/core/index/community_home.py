"""How community posts join the timelines: the SQL the timeline views read them with.

Apart from ``tui.core.index.communities`` (the Communities event source: its decoder, the
moderation fold) because Home opens before the first frame and needs only these few lines.
"""

from __future__ import annotations

import sqlite3

JOINED = """joined(c) AS (SELECT m.community FROM community_members m
    WHERE m.account = :me AND m.joined = 1 AND NOT EXISTS (
        SELECT 1 FROM community_members n WHERE n.community = m.community
        AND n.account = m.account
        AND (n.block > m.block OR (n.block = m.block AND n.log_index > m.log_index))))"""
"""The communities ``:me`` is a member of now (the latest Joined/Left of each wins)."""
HOME_WHERE = (
    "p.id IN (SELECT post_id FROM community_posts WHERE community IN (SELECT c FROM joined))"
)
"""Home's condition for the posts of the communities the user joined."""


def has_posts(conn: sqlite3.Connection) -> bool:
    """Whether any community post is indexed (cheap: one row of an indexed table), so views
    of networks without communities skip the moderation fold entirely."""
    try:
        return conn.execute("SELECT 1 FROM community_posts LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:  # an older read-only index without the table
        return False


def home_post_ids(
    conn: sqlite3.Connection, me: str, compare: str, bound: int, limit: int, no_replies: bool
) -> set[int]:
    """Ids of a home page's worth of posts from the communities ``me`` joined (each community's
    posts in id order from its index, like home's per-person ranges)."""
    order = "DESC" if compare == "<" else "ASC"
    replies = " AND cp.parent = 0" if no_replies else ""
    ids: set[int] = set()
    for (community,) in conn.execute(f"WITH {JOINED} SELECT c FROM joined", {"me": me}).fetchall():
        ids.update(
            row[0]
            for row in conn.execute(
                f"SELECT cp.post_id FROM community_posts cp WHERE cp.community = ? "
                f"AND cp.post_id {compare} ?{replies} ORDER BY cp.post_id {order} LIMIT ?",
                (community, bound, limit),
            )
        )
    return ids
