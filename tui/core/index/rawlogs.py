"""Decoding an eth_getLogs answer straight from its bytes: one regex instead of json.loads.

A 100,000-log answer is about 90 MB of JSON; json.loads builds 100,000 dicts of ten strings
that the decoder reads once and drops, which costs more than the decoding itself. Nodes print
logs in a fixed layout, so one pattern picks the fields out of the text. The matches must tile
the whole result array exactly, and every Posted log must take the fast decoder; anything else
(another layout, a missing ``blockTimestamp``, a removed log, odd data) returns None and the
caller parses the answer with json.loads as before, so both paths accept the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tui.core.chain.abi import EVENT_TOPICS, to_checksum
from tui.core.index.ingest import MAX_INT, Batch, decode_batch, posted_fields

if TYPE_CHECKING:
    from tui.core.index.sources import ActiveSource

_HEAD = re.compile(r'\{"jsonrpc":"2\.0","id":\d{1,20},"result":\[')
_TOPIC = r'"0x[0-9a-f]{64}"'
_LOG = re.compile(
    r'\{"address":"(0x[0-9a-fA-F]{40})",'
    rf'"topics":\[((?:{_TOPIC}(?:,{_TOPIC}){{0,3}})?)\],'
    r'"data":"(0x[0-9a-f]*)",'
    r'"blockHash":"(0x[0-9a-f]{64})",'
    r'"blockNumber":"0x([0-9a-f]{1,15})",'
    r'"blockTimestamp":"0x([0-9a-f]{1,15})",'
    r'"transactionHash":"(0x[0-9a-f]{64})",'
    r'"transactionIndex":"0x[0-9a-f]{1,15}",'
    r'"logIndex":"0x([0-9a-f]{1,15})",'
    r'"removed":(false|true)\}'
)
"""One log as anvil and reth print it (at most 15 hex digits: numbers stay in SQLite's range)."""
_POSTED = EVENT_TOPICS["Posted"]
_POSTED_LOG = re.compile(
    r'\{"address":"(0x[0-9a-fA-F]{40})",'
    rf'"topics":\["{_POSTED}","0x0{{49}}([0-9a-f]{{15}})","0x0{{24}}([0-9a-f]{{40}})",'
    r'"0x0{49}([0-9a-f]{15})"\],'
    r'"data":"0x0{62}200{48}([0-9a-f]{16})([0-9a-f]{64,})",'
    r'"blockHash":"(0x[0-9a-f]{64})",'
    r'"blockNumber":"0x([0-9a-f]{1,15})",'
    r'"blockTimestamp":"0x([0-9a-f]{1,15})",'
    r'"transactionHash":"(0x[0-9a-f]{64})",'
    r'"transactionIndex":"0x[0-9a-f]{1,15}",'
    r'"logIndex":"0x([0-9a-f]{1,15})",'
    r'"removed":false\}'
)
"""A well-formed, lower-case Posted log: the hot case, its fields picked out directly. It
accepts a subset of what ``posted_fields`` accepts, with the same results; anything else goes
through ``_LOG`` and ``posted_fields``. Ids of at most 15 hex digits (below SQLite's limit, so no
range check) and a CID length of at most 16 keep the integer parsing short."""


def fast_layout(body: bytes) -> bool:
    """True when ``body`` opens like an answer ``decode_raw_logs`` can take (a cheap check)."""
    text = body[:4096].decode("ascii", "replace")
    head = _HEAD.match(text)
    if head is None:
        return False
    pos = head.end()
    return text[pos : pos + 1] == "]" or bool(_POSTED_LOG.match(text, pos) or _LOG.match(text, pos))


def decode_raw_logs(
    body: bytes, social: str, articles: str, sources: Mapping[str, ActiveSource] | None = None
) -> tuple[Batch, int] | None:
    """(rows, number of logs) of a raw eth_getLogs answer, or None to take the json.loads path."""
    try:
        text = body.decode("ascii").rstrip()
    except UnicodeDecodeError:
        return None
    head = _HEAD.match(text)
    if head is None or not text.endswith("]}"):
        return None
    pos, stop = head.end(), len(text) - 2
    batch = Batch()
    social_l = social.lower()
    authors: dict[str, str] = {}
    others: list[dict[str, Any]] = []
    count = 0
    match, match_posted = _LOG.match, _POSTED_LOG.match
    posts, content, blocks, fromhex = (
        batch.rows["posts"],
        batch.content,
        batch.blocks,
        bytes.fromhex,
    )
    fast_posts = 0
    last_block = ("", "", "")  # (number, hash, time) as text: logs come block by block
    number = time = 0
    while pos < stop:
        m = match_posted(text, pos)
        if m is not None:  # the hot path, inlined: it runs once per post
            address, pid, author_hex, parent, size_hex, payload, bh, bn, ts, tx, li = m.groups()
            size = int(size_hex, 16) * 2
            if size <= len(payload) and (address == social_l or address.lower() == social_l):
                author = authors.get(author_hex)
                if author is None:
                    author = authors[author_hex] = to_checksum(author_hex)
                cid = fromhex(payload[:size]).decode("utf-8", "replace")
                if (bn, bh, ts) != last_block:
                    last_block = (bn, bh, ts)
                    number, time = int(bn, 16), int(ts, 16)
                    blocks[number] = (bh, time)
                posts.append(
                    (int(pid, 16), author, int(parent, 16), cid, number, int(li, 16), bh, tx, time)
                )
                content.append((cid, "post"))
                fast_posts += 1
            else:
                m = None
        if m is None:
            m = match(text, pos)
            if m is None:
                return None
            log = _generic(m.groups(), social_l, authors, batch)
            last_block = ("", "", "")  # it may have stored another hash for the same block
            if log is False:
                return None
            if log is not True:
                others.append(log)
        count += 1
        pos = m.end()
        if pos < stop:  # the next log, after exactly one comma
            if text[pos] != "," or pos + 1 >= stop:
                return None
            pos += 1
    batch.posts += fast_posts
    if others:
        rest = decode_batch(others, social, articles, sources=sources)
        if rest.posts:  # a Posted log the fast decoders did not take: keep the strict order
            return None
        batch.extend(rest)
    return batch, count


def _add_post(
    batch: Batch, fields: tuple[int, str, int, str], bh: str, bn: int, ts: int, li: int, tx: str
) -> None:
    pid, author, parent, cid = fields
    if pid > MAX_INT or parent > MAX_INT:
        batch.skipped += 1
        return
    batch.blocks[bn] = (bh, ts)
    batch.rows["posts"].append((pid, author, parent, cid, bn, li, bh, tx, ts))
    batch.content.append((cid, "post"))
    batch.posts += 1


def _generic(
    groups: tuple[str, ...], social_l: str, authors: dict[str, str], batch: Batch
) -> dict[str, Any] | bool:
    """Add a ``_LOG`` match that is a Posted log (True), refuse it (False), or return it as the
    dict json.loads would have made, for the generic decoder."""
    address, topic_text, data, bh, bn, ts, tx, li, removed = groups
    topics = topic_text[1:-1].split('","') if topic_text else []
    if topics and topics[0] == _POSTED and address.lower() == social_l:
        fields = posted_fields(data, topics, authors)
        if fields is None or removed == "true":
            return False  # let the strict path judge (and keep posts in log order)
        _add_post(batch, fields, bh, int(bn, 16), int(ts, 16), int(li, 16), tx)
        return True
    return {
        "address": address,
        "topics": topics,
        "data": data,
        "blockHash": bh,
        "blockNumber": "0x" + bn,
        "blockTimestamp": "0x" + ts,
        "transactionHash": tx,
        "logIndex": "0x" + li,
        "removed": removed == "true",
    }
