"""The demo seed: every on-chain CID is in the local store and parses; the story is varied."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from tui.core.chain.abi import EventDecoder, decode_log, load_abi
from tui.core.chain.devnet import Devnet
from tui.core.chain.rpc import RpcClient
from tui.core.chain.seed import seed_demo
from tui.core.chain.seed_data import DEV_KEYS, SCRIPT, Post
from tui.core.content.documents import (
    parse_article_body,
    parse_article_metadata,
    parse_post,
    parse_profile,
)
from tui.core.content.store import LocalContentStore
from tui.core.errors import DevnetError


def test_seeded_chain_matches_the_local_store(devnet: Devnet) -> None:
    result = devnet.up()
    record = result.record
    store = LocalContentStore(devnet.home / "content")
    with RpcClient(record.rpc_url) as rpc:
        head = rpc.block_number()
        raw_logs = rpc.get_logs(0, head, [record.social, record.articles])
        events = [e for e in (decode_log(log) for log in raw_logs) if e is not None]
        # Community posts are Social posts too; the communities demo is checked on its own.
        community = EventDecoder(load_abi("Communities"))
        in_communities = {
            e.args["id"]
            for e in map(community.decode, rpc.get_logs(0, head, [record.contracts["communities"]]))
            if e is not None and e.name == "CommunityPost"
        }
        events = [e for e in events if e.name != "Posted" or e.args["id"] not in in_communities]
        # The post images demo is an extension's (checked in tests/images), not the base seed's.
        with_images = [
            e
            for e in events
            if e.name == "Posted" and parse_post(store.get(e.args["cid"]) or b"").attachments
        ]
        assert len(with_images) == 1
        events = [e for e in events if e not in with_images]
        stamps = {
            n: int(rpc.get_block(n)["timestamp"], 16)  # type: ignore[index]
            for n in {e.block_number for e in events}
        }
    kinds = Counter(e.name for e in events)
    assert kinds["Posted"] >= 40
    assert kinds["ProfileUpdated"] >= 5 and kinds["Followed"] >= 10  # extensions may add keys
    assert kinds["Reposted"] >= 5 and kinds["Tipped"] >= 5
    assert kinds["ArticlePublished"] >= 2 and kinds["Collected"] >= 1
    assert record.seed["posts"] + record.seed["replies"] == kinds["Posted"]

    posts = {}
    for event in events:
        if event.name == "Posted":
            data = store.get(event.args["cid"])
            assert data is not None, f"post {event.args['id']} is not in the local store"
            doc = parse_post(data)
            posts[event.args["id"]] = (event, doc)
            # created_at is the moment of its block (spread over the past days).
            assert abs(doc.created_at - stamps[event.block_number]) <= 1
        elif event.name == "ProfileUpdated":
            profile = parse_profile(store.get(event.args["cid"]) or b"")
            assert profile.name and profile.bio
        elif event.name == "ArticlePublished":
            meta = parse_article_metadata(store.get(event.args["cid"]) or b"")
            assert parse_article_body(store.get(meta.body_cid) or b"").startswith("# ")
    assert sorted(posts) == list(range(1, len(posts) + 1))
    assert any(e.args["parent"] for e, _ in posts.values()), "the demo has replies"
    for event, _ in posts.values():
        parent = event.args["parent"]
        assert parent == 0 or parent < event.args["id"]
    docs = [doc for _, doc in posts.values()]
    assert sum(1 for d in docs if d.content_warning) >= 3
    assert sum(1 for d in docs if d.tags) >= 20
    assert any(d.mentions for d in docs) and any(d.quote for d in docs)
    assert len({e.args["author"] for e, _ in posts.values()}) == len(DEV_KEYS)

    times = sorted(d.created_at for d in docs)
    now = time.time()
    assert times[-1] - times[0] > 3 * 86400, "posts are spread over several days"
    assert now - 8 * 86400 < times[0] and times[-1] < now
    with RpcClient(record.rpc_url) as rpc:  # after seeding, the chain's clock is back to now
        rpc.call("evm_mine")
        latest = int(rpc.get_block("latest")["timestamp"], 16)  # type: ignore[index]
    assert abs(latest - now) < 120


def test_seed_refuses_contracts_with_data(devnet: Devnet) -> None:
    record = devnet.up().record
    with RpcClient(record.rpc_url) as rpc, pytest.raises(DevnetError, match="fresh"):
        seed_demo(
            rpc,
            social=record.social,
            articles=record.articles,
            content=LocalContentStore(devnet.home / "content"),
        )


def test_script_refers_only_backwards() -> None:
    """Every step names a post or article created by an earlier step."""
    seen: set[str] = set()
    for step in SCRIPT:
        for ref in (getattr(step, "reply_to", ""), getattr(step, "quote", "")):
            assert not ref or ref in seen, ref
        target = getattr(step, "target", "")
        assert not target or target in seen, target
        ref = getattr(step, "ref", "")
        if ref:
            assert ref not in seen, f"duplicate ref {ref}"
            seen.add(ref)
    assert sum(isinstance(s, Post) for s in SCRIPT) >= 40
