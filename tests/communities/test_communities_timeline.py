"""The Communities timeline: the posts of the communities the user joined, newest first, each
named with its community, moderation collapses applied; the same in the CLI."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from tests.cli_wallet.conftest import kit, passphrase_file  # noqa: F401 - fixtures
from tests.cli_wallet.test_cli_flows import agora
from tests.communities.test_cli import read, rules, run  # noqa: F401 - fixture
from tests.index.kit import Agora
from tui.core.errors import UsageError
from tui.core.index.views import IndexViews
from tui.ui.backends.fake import FAKE_ME
from tui.ui.backends.fake_communities import CAROL, build


def test_joined_communities_posts_newest_first_with_their_community() -> None:
    conn = build()
    views = IndexViews(conn, FAKE_ME)
    posts = views.timeline("communities", limit=100)
    joined = [r[0] for r in conn.execute("SELECT post_id FROM community_posts WHERE community = 1")]
    assert [p.id for p in posts] == sorted(joined, reverse=True)  # #1 only: the one joined
    assert {p.community for p in posts} == {"Vyper Workshop"}
    assert views.timeline_count("communities") == len(posts)
    carol = [p for p in posts if p.author == CAROL]
    assert carol and all(p.filtered is not None and p.filtered.by == "community" for p in carol)
    assert all("rule 2" in p.filtered.reason for p in carol if p.filtered is not None)
    assert all(p.filtered is None for p in posts if p.author != CAROL)
    older = views.timeline("communities", before_id=posts[1].id, limit=2)
    assert [p.id for p in older] == [p.id for p in posts[2:4]]
    assert [p.id for p in views.timeline("communities/noreplies", limit=100)] == [
        p.id for p in posts if not p.parent
    ]
    with pytest.raises(UsageError, match="needs an account"):
        IndexViews(conn, "").timeline("communities")


def test_cli_timeline_communities(
    kit: Agora,  # noqa: F811
    passphrase_file: Path,  # noqa: F811
    rules: Path,  # noqa: F811
) -> None:
    pw = passphrase_file
    run(pw, "create", "Gardeners", "--goal", "Grow food together", "--rules", str(rules))
    first = run(pw, "post", "1", "Tomatoes need sun")["post"]
    second = run(pw, "post", "1", "Buy my seeds!")["post"]
    run(pw, "hide", str(second), "--rule", "2")
    done = agora("timeline", "communities", "--json")
    assert done.returncode == 0, done.stderr
    import json

    posts = {p["id"]: p for p in json.loads(done.stdout)}
    assert list(posts) == [second, first]
    assert posts[first]["community"] == "Gardeners"
    assert posts[first]["text"] == "Tomatoes need sun"
    assert posts[second]["filtered"]["by"] == "community"
    text = agora("timeline", "communities")
    assert text.returncode == 0, text.stderr
    assert f"#{first}" in text.stdout and "in Gardeners" in text.stdout
    assert "Buy my seeds!" not in text.stdout  # collapsed, with the moderation's reason


def test_own_pending_community_posts_are_pending_rows_of_the_communities_tab(
    isolated_home: Path,
) -> None:
    """A community post in the outbox shows in Communities (◷, with its community), not in
    Home or Global, where the indexed post will appear once it lands."""
    from dataclasses import replace

    from tests.ui.test_integration import _entry
    from tui.core.actions.outbox import Outbox
    from tui.core.content.documents import post_document
    from tui.core.context import AgoraContext
    from tui.core.wallet.stores import FakeKeyStore
    from tui.core.wallet.wallet import Wallet
    from tui.ui.backend import CoreBackend

    ctx = AgoraContext.load()
    me = Wallet(ctx.home, FakeKeyStore()).create("me").address
    cid = ctx.content.put(post_document("pending in the workshop", created_at=1_750_000_000))
    entry = replace(
        _entry(me, cid),
        kind="community.post",
        intent={"kind": "community.post", "args": [3, cid, 0], "summary": "Post"},
    )
    Outbox(ctx.home / "outbox.sqlite").insert(entry)
    backend: Any = CoreBackend(ctx)
    backend.chain_id = 31337
    (row,) = backend.pending_posts("communities")
    assert (row.text, row.pending, row.community, row.parent) == (
        "pending in the workshop", True, "community #3", 0,
    )  # fmt: skip
    assert backend.pending_posts("global") == backend.pending_posts("home") == []


def test_a_community_timeline_shows_own_pending_posts_on_top() -> None:
    """The community's own timeline (CoreCommunities) puts the user's outbox posts into it
    first, as ◷ rows, and pages on from its newest indexed post below them."""
    import threading
    from types import SimpleNamespace

    from tui.core.models import ContentStatus, PostView
    from tui.ui.backends.communities import CoreCommunities

    index = SimpleNamespace(conn=build(), me=FAKE_ME)
    mine = PostView(
        -1, FAKE_ME, 0, "bafy", "on its way", ContentStatus.VERIFIED, 0, "0x01", 0,
        pending=True, community="community #1",
    )  # fmt: skip
    elsewhere = dataclasses.replace(mine, id=-2, community="community #3")

    class Backend:  # the CoreBackend parts CoreCommunities reads, over the fake index
        _read_lock = threading.Lock()

        def _store(self) -> Any:
            return index

        def _sync_me(self, _index: Any) -> None:
            return None

        def pending_posts(self, kind: str) -> list[PostView]:
            assert kind == "communities"
            return [mine, elsewhere]

    source = CoreCommunities(Backend())
    rows = source.timeline(1, None, 3)
    assert [r.post.id for r in rows][:1] == [-1] and rows[0].post.pending
    assert rows[0].post.community == ""  # its own timeline needs no "in ..." label
    indexed = IndexViews(index.conn, FAKE_ME).timeline("communities", limit=2)
    assert [r.post.id for r in rows[1:]] == [p.id for p in indexed]
    assert source.timeline_count(1) == len(source.timeline(1, None, 100))
    assert [r.post.id for r in source.timeline(1, -1, 2)] == [p.id for p in indexed]
    assert [r.post.id for r in source.timeline(3, None, 10) if r.post.pending] == [-2]
    assert all(r.post.id > 0 for r in source.timeline(2, None, 10))  # nothing pending there
