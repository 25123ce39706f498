"""Home includes the posts of the communities the user joined (and stops when they leave)."""

from __future__ import annotations

from tui.core.chain.abi import DecodedEvent
from tui.core.index import communities as index
from tui.core.index.views import IndexViews
from tui.ui.backends.fake import FAKE_ME
from tui.ui.backends.fake_communities import BRENDAN, CAROL, build


def test_home_has_joined_communities_posts_until_the_user_leaves() -> None:
    conn = build()
    views = IndexViews(conn, FAKE_ME)
    home = views.timeline("home", limit=100)
    ids = {p.id for p in home}
    # Community #1 (joined) posts by people the user does not follow are on home...
    assert {101, 103} <= ids and any(p.author == BRENDAN for p in home)
    # ...but not those of communities the user did not join (#2's post is 108).
    assert 108 not in ids
    assert views.timeline_count("home") == len(home)
    left = DecodedEvent(
        "Left", {"community": 1, "account": FAKE_ME}, "0x" + "11" * 20, 999, "0x" + "ff" * 32,
        "0x" + "ee" * 32, 0, False,
    )  # fmt: skip
    index.store(conn, index.decode(left, 0))
    after = {p.id for p in views.timeline("home", limit=100)}
    assert 101 not in after and 103 not in after
    assert views.timeline_count("home") == len(after)


def test_a_post_its_community_hid_stays_collapsed_outside_it() -> None:
    """Home, Global and threads collapse what the community's moderators hid (and the posts of
    an author they banned), with the moderation's reason: leaving the community's own screen
    must not undo a moderation."""
    conn = build()
    views = IndexViews(conn, FAKE_ME)
    shown = {p.id: p for p in views.timeline("global", limit=200)}
    hidden = [p for p in shown.values() if p.filtered is not None]
    assert hidden, "the fake community hides a promotion and bans its author"
    for post in hidden:
        assert post.author == CAROL
        assert post.filtered is not None and post.filtered.by == "community"
        assert "rule 2" in post.filtered.reason
    # Carol's posts where she is not banned (her own fork, #4) stay open.
    fork_posts = conn.execute("SELECT post_id FROM community_posts WHERE community = 4")
    for (pid,) in fork_posts:
        assert shown[pid].filtered is None
    # Posts of people nobody moderated are untouched.
    assert all(p.filtered is None for p in shown.values() if p.author != CAROL)
