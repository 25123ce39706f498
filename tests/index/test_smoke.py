from __future__ import annotations

from tests.conftest import DEV_ADDRESSES
from tests.index.kit import Agora
from tui.core.index.service import AgoraIndex
from tui.core.models import ContentStatus


def test_sync_posts_and_views(agora: Agora, index: AgoraIndex) -> None:
    agora.set_profile(1, "Brendan", "bio")
    agora.post(0, "hello world")
    agora.post(1, "a reply", parent=1)
    agora.follow(0, 1)
    agora.tip(2, 1, 10**18)
    agora.repost(2, 2)
    result = index.sync(rpc=agora.rpc)
    assert result.posts == 2
    posts = index.timeline("global")
    assert [p.id for p in posts] == [2, 1]
    assert posts[1].replies == 1
    assert posts[1].tips_wei == 10**18
    assert posts[0].reposts == 1
    assert posts[0].author_name == "Brendan"
    assert posts[1].text == "hello world"
    assert posts[1].content_status is ContentStatus.VERIFIED
    assert index.profile(DEV_ADDRESSES[1]).followers == 1
    assert [n.kind for n in index.notifications()] == ["tip", "reply"]
