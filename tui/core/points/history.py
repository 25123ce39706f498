"""The rule's inputs read straight from the chain: a community's points parameters, its
posts, moderation and owner/moderator changes, the tips on its posts and its redemptions,
as records in (block, log index) order (see ``rule``).

Reading logs rather than the local index keeps verification independent of what this client
has indexed: ``agora points verify`` recomputes from the node alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eth_hash.auto import keccak

from tui.core.chain.abi import EventDecoder, decode_log, decode_result, encode_call, load_abi
from tui.core.chain.rpc import RpcClient
from tui.core.points.rule import Config, Record

ZERO = "0x" + "0" * 40


@dataclass(frozen=True)
class Contracts:
    social: str
    communities: str
    points: str
    from_block: int = 0
    articles: str = ""
    """The Articles contract: collects of articles linked from posts count (empty: none)."""

    @classmethod
    def of(cls, network: Any) -> Contracts:
        """The contracts of a configured network (one with communities and points)."""
        from tui.core.points import KEY

        return cls(
            network.social,
            network.contracts["communities"],
            network.contracts[KEY],
            network.deploy_block,
            network.articles,
        )


@dataclass(frozen=True)
class PointsInfo:
    """A community's points parameters and where its roots stand."""

    community: int
    token: str
    config: Config
    next_epoch: int
    current_root: bytes
    current_total: int
    pending_epoch: int | None
    pending_root: bytes
    pending_total: int
    pending_block: int
    root_delay: int


def call(rpc: RpcClient, address: str, contract: str, fn: str, args: list[Any]) -> Any:
    out = rpc.eth_call(address, encode_call(contract, fn, args))
    result = decode_result(contract, fn, out)
    return result[0] if len(result) == 1 else result


def read_info(rpc: RpcClient, points: str, community: int) -> PointsInfo | None:
    """None when the community has not enabled points."""

    def view(fn: str, *extra: Any) -> Any:
        return call(rpc, points, "Points", fn, [community, *extra])

    token = str(view("tokenOf"))
    if int(token, 16) == 0:
        return None
    pending_block = int(view("pendingBlock"))
    return PointsInfo(
        community=community,
        token=token,
        config=Config(
            int(view("startBlock")),
            int(view("epochBlocks")),
            int(view("epochCap")),
            int(view("modShareBps")),
        ),
        next_epoch=int(view("nextEpoch")),
        current_root=bytes(view("currentRoot")),
        current_total=int(view("currentTotal")),
        pending_epoch=int(view("pendingEpoch")) if pending_block else None,
        pending_root=bytes(view("pendingRoot")),
        pending_total=int(view("pendingTotal")),
        pending_block=pending_block,
        root_delay=int(call(rpc, points, "Points", "rootDelay", [])),
    )


def _topic(n: int) -> str:
    return "0x" + n.to_bytes(32, "big").hex()


CHUNK = 50_000
"""Blocks per eth_getLogs request: public nodes refuse wider ranges."""
TIPPED = "0x" + keccak(b"Tipped(uint256,address,address,uint256)").hex()
POSTED = "0x" + keccak(b"Posted(uint256,address,uint256,string)").hex()
PUBLISHED = "0x" + keccak(b"ArticlePublished(uint256,address,string,uint256,uint256)").hex()
COLLECTED = "0x" + keccak(b"Collected(uint256,uint256,address,uint256)").hex()
TOPIC_BATCH = 100
"""Ids per topic filter (an OR list): nodes bound the size of a filter."""

Fetch = Callable[[str], bytes]
"""Verified bytes of a CID (``GatewayFetcher.get``); raises ContentError when unavailable."""


def document_fetch(store: Any, gateways: Any = ()) -> Fetch:
    """Post documents from the local store, else verified from the network's gateways (a
    fetcher per document, closed after it: only linking posts' documents are read)."""
    from tui.core.content.fetch import GatewayFetcher

    def fetch(cid: str) -> bytes:
        data = store.get(cid) if store is not None else None
        if data is not None:
            return bytes(data)
        with GatewayFetcher(store, list(gateways)) as fetcher:
            return fetcher.get(cid)

    return fetch


def _logs(
    rpc: RpcClient, start: int, end: int, address: str, topics: list[Any]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for first in range(start, end + 1, CHUNK):
        out.extend(rpc.get_logs(first, min(end, first + CHUNK - 1), [address], topics))
    return out


def load_records(
    rpc: RpcClient,
    where: Contracts,
    community: int,
    to_block: int,
    fetch: Fetch | None = None,
) -> list[Record]:
    """Every record of ``community`` up to ``to_block`` (inclusive), in chain order.

    Collects of linked articles are read when ``where.articles`` and ``fetch`` are given (a
    link lives in the post's document): a document that cannot be fetched raises ContentError,
    since the rule cannot be computed without it.
    """
    records: list[Record] = []
    communities = EventDecoder(load_abi("Communities"))
    logs = _logs(rpc, where.from_block, to_block, where.communities, [None, _topic(community)])
    for log in logs:
        ev = communities.decode(log)
        if ev is None or ev.removed:
            continue
        at = (ev.block_number, ev.log_index)
        a = ev.args
        if ev.name == "CommunityCreated" or ev.name == "OwnerChanged":
            records.append(("owner", *at, a["owner"]))
        elif ev.name == "CommunityPost":
            records.append(("post", *at, a["id"], a["author"], a["parent"]))
        elif ev.name == "ModeratorChanged":
            records.append(("moderator", *at, a["account"], a["added"]))
        elif ev.name == "Moderated":
            records.append(("mod", *at, a["action"], a["target"]))
    posts = {r[3] for r in records if r[0] == "post"}
    if posts:
        for log in _logs(rpc, where.from_block, to_block, where.social, [TIPPED]):
            ev = decode_log(log)
            if ev is not None and ev.name == "Tipped" and ev.args["id"] in posts:
                a = ev.args
                records.append(
                    ("tip", ev.block_number, ev.log_index, a["id"], a["sender"], a["amount"])
                )
    decoder = EventDecoder(load_abi("Points"))
    for log in _logs(rpc, where.from_block, to_block, where.points, [None, _topic(community)]):
        ev = decoder.decode(log)
        if ev is not None and ev.name == "Redeemed":
            records.append(("burn", ev.block_number, ev.log_index, ev.args["amount"]))
    if where.articles and fetch is not None:
        records.extend(_article_records(rpc, where, records, to_block, fetch))
    records.sort(key=lambda r: (r[1], r[2]))
    return records


def _by_topic(
    rpc: RpcClient, where: Contracts, to_block: int, address: str, topic0: str, ids: list[int]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(0, len(ids), TOPIC_BATCH):
        topic1 = [_topic(n) for n in ids[i : i + TOPIC_BATCH]]
        out.extend(_logs(rpc, where.from_block, to_block, address, [topic0, topic1]))
    return out


def _article_records(
    rpc: RpcClient, where: Contracts, records: list[Record], to_block: int, fetch: Fetch
) -> list[Record]:
    """Articles published and collected, and the community posts that link them.

    Only what can count is read: the collected articles, their publishing, and the documents
    of the community's posts written by those articles' authors (a link counts only from the
    article's own author).
    """
    from tui.core.content.documents import parse_post
    from tui.core.errors import ContentError

    collects = [
        ev
        for ev in map(
            decode_log, _logs(rpc, where.from_block, to_block, where.articles, [COLLECTED])
        )
        if ev is not None and ev.name == "Collected" and not ev.removed
    ]
    if not collects:
        return []
    collected = sorted({int(ev.args["articleId"]) for ev in collects})
    published = [
        ev
        for ev in map(
            decode_log, _by_topic(rpc, where, to_block, where.articles, PUBLISHED, collected)
        )
        if ev is not None and ev.name == "ArticlePublished" and not ev.removed
    ]
    authors = {ev.args["author"] for ev in published}
    candidates = {r[3]: r for r in records if r[0] == "post" and r[4] in authors}
    out: list[Record] = [
        ("article", ev.block_number, ev.log_index, ev.args["tokenId"], ev.args["author"])
        for ev in published
    ]
    wanted = set(collected)
    for log in _by_topic(rpc, where, to_block, where.social, POSTED, sorted(candidates)):
        ev = decode_log(log)
        if ev is None or ev.name != "Posted" or ev.removed or ev.args["id"] not in candidates:
            continue
        data = fetch(ev.args["cid"])  # unavailable: the rule cannot be computed, say so
        try:
            article = parse_post(data).article
        except ContentError:
            continue  # a malformed document links nothing (the same for every client)
        if article in wanted:
            post = candidates[ev.args["id"]]
            out.append(("link", post[1], post[2], post[3], article))
    linked = {r[4] for r in out if r[0] == "link"}
    out += [
        ("collect", ev.block_number, ev.log_index, ev.args["articleId"], ev.args["collector"])
        for ev in collects
        if ev.args["articleId"] in linked  # a collect of an article no post links counts nothing
    ]
    return out


def points_events(rpc: RpcClient, where: Contracts, community: int, to_block: int) -> list[Any]:
    """The community's Points events (roots proposed, accepted, vetoed; claims; redemptions)."""
    decoder = EventDecoder(load_abi("Points"))
    logs = _logs(rpc, where.from_block, to_block, where.points, [None, _topic(community)])
    return [ev for ev in map(decoder.decode, logs) if ev is not None and not ev.removed]
