"""Home includes the posts of the communities the user joined (and stops when they leave)."""

from __future__ import annotations

from tui.core.chain.abi import DecodedEvent
from tui.core.index import communities as index
from tui.core.index.views import IndexViews
from tui.ui.backends.fake import FAKE_ME
from tui.ui.backends.fake_communities import BRENDAN, build


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
