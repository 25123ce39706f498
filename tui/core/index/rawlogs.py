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
from typing import Any

from tui.core.chain.abi import EVENT_TOPICS
from tui.core.index.ingest import MAX_INT, Batch, decode_batch, posted_fields

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


def decode_raw_logs(body: bytes, social: str, articles: str) -> tuple[Batch, int] | None:
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
    posts, content, blocks = batch.rows["posts"], batch.content, batch.blocks
    social_l = social.lower()
    authors: dict[str, str] = {}
    others: list[dict[str, Any]] = []
    count = 0
    match = _LOG.match
    while pos < stop:
        m = match(text, pos)
        if m is None:
            return None
        address, topic_text, data, bh, bn_hex, ts_hex, tx, li_hex, removed = m.groups()
        topics = topic_text[1:-1].split('","') if topic_text else []
        count += 1
        pos = m.end()
        if pos < stop:
            if text[pos] != ",":
                return None
            pos += 1
            if pos >= stop:  # a trailing comma is not JSON
                return None
        if topics and topics[0] == _POSTED and address.lower() == social_l:
            fast = posted_fields(data, topics, authors)
            if fast is None or removed == "true":
                return None  # let the strict path judge (and keep posts in log order)
            pid, author, parent, cid = fast
            if pid > MAX_INT or parent > MAX_INT:
                batch.skipped += 1
                continue
            bn = int(bn_hex, 16)
            blocks[bn] = (bh, int(ts_hex, 16))
            posts.append((pid, author, parent, cid, bn, int(li_hex, 16), bh, tx, blocks[bn][1]))
            content.append((cid, "post"))
            batch.posts += 1
            continue
        others.append(
            {
                "address": address,
                "topics": topics,
                "data": data,
                "blockHash": bh,
                "blockNumber": "0x" + bn_hex,
                "blockTimestamp": "0x" + ts_hex,
                "transactionHash": tx,
                "logIndex": "0x" + li_hex,
                "removed": removed == "true",
            }
        )
    if pos != stop:
        return None
    if others:
        rest = decode_batch(others, social, articles)
        if rest.posts:  # a Posted log the fast decoder did not take: keep the strict order
            return None
        batch.extend(rest)
    return batch, count
