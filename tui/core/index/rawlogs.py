"""Decoding an eth_getLogs answer straight from its bytes: one regex instead of json.loads.

A 100,000-log answer is about 90 MB of JSON; json.loads builds 100,000 dicts of ten strings
that the decoder reads once and drops, which costs more than the decoding itself. Nodes print
logs in a fixed layout, so one pattern picks the fields out of the text. The matches must tile
the whole result array exactly, and every Posted log must take the fast decoder; anything else
(another layout, a missing ``blockTimestamp``, a removed log, odd data) returns None and the
caller parses the answer with json.loads as before, so both paths accept the same answers.
"""

from __future__ import annotations

import gc
import re
from binascii import unhexlify
from collections.abc import Iterator, Mapping
from itertools import repeat
from operator import getitem, itemgetter, le
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
_POSTED_LOG_TEXT = (
    r'\{"address":"(0x[0-9a-fA-F]{40})",'
    rf'"topics":\["{_POSTED}","0x0{{49}}([0-9a-f]{{15}})","0x0{{24}}([0-9a-f]{{40}})",'
    r'"0x0{49}([0-9a-f]{15})"\],'
    r'"data":"0x0{62}200{48}([0-9a-f]{16})([0-9a-f]{64,})",'
    r'"blockHash":"(0x[0-9a-f]{64})",'
    r'"blockNumber":"0x([0-9a-f]{1,15})",'
    r'"blockTimestamp":"0x([0-9a-f]{1,15})",'
    r'"transactionHash":"(0x[0-9a-f]{64})",'
    r'"transactionIndex":"0x([0-9a-f]{1,15})",'
    r'"logIndex":"0x([0-9a-f]{1,15})",'
    r'"removed":false\}'
)
_POSTED_LOG = re.compile(_POSTED_LOG_TEXT)
"""A well-formed, lower-case Posted log: the hot case, its fields picked out directly. It
accepts a subset of what ``posted_fields`` accepts, with the same results; anything else goes
through ``_LOG`` and ``posted_fields``. Ids of at most 15 hex digits (below SQLite's limit, so no
range check) and a CID length of at most 16 keep the integer parsing short."""
_POSTED_COLUMNS_TEXT = (
    r'\{"address":"(0x.{40})",'
    rf'"topics":\["{_POSTED}","0x0{{49}}([0-9a-f]{{15}})","0x0{{24}}(.{{40}})",'
    r'"0x0{49}([0-9a-f]{15})"\],'
    r'"data":"0x0{62}200{48}([0-9a-f]{16})([^"]{64,})",'
    r'"blockHash":"(.{66}","blockNumber":"0x[0-9a-f]{1,15}","blockTimestamp":"0x[0-9a-f]{1,15})",'
    r'"transactionHash":"(.{66})",'
    r'"transactionIndex":"0x([0-9a-f]{1,15})",'
    r'"logIndex":"0x([0-9a-f]{1,15})",'
    r'"removed":false\}'
)
_POSTED_COLUMNS = re.compile("," + _POSTED_COLUMNS_TEXT, re.DOTALL)
"""``_POSTED_LOG`` after the comma that ends the log before it, for ``findall``. Its long fields
(address, author, CID, hashes) are taken by length alone, which costs nothing per character;
``_only_posts`` then checks them as ``_POSTED_LOG`` would have, on the distinct values. A
block's hash, number and time are one group, which ``_BLOCK`` splits once per distinct block:
logs come block by block, so that is one string per log instead of three."""
_POSTED_FIRST = re.compile(_POSTED_COLUMNS_TEXT, re.DOTALL)
"""``_POSTED_COLUMNS`` for the first log of the array (no comma before it)."""
_BLOCK = re.compile(
    r'(0x[0-9a-f]{64})","blockNumber":"0x([0-9a-f]{1,15})","blockTimestamp":"0x([0-9a-f]{1,15})'
)
_VARIABLE = (5, 6, 8, 9)
"""Groups of ``_POSTED_COLUMNS`` whose length varies (CID, block, transaction and log index)."""
PROBE_CHARS = 64 * 1024
"""The head of an answer (about 70 logs) the column decoder checks before taking the rest."""
_HASHES = re.compile(r"(?:0x[0-9a-f]{64})*")
_AUTHORS = re.compile(r"(?:[0-9a-f]{40})*")


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
    enabled = gc.isenabled()
    gc.disable()  # 100,000 new tuples would start several full collections, finding nothing
    try:
        return _only_posts(text, pos, stop, social) or _log_by_log(
            text, pos, stop, social, articles, sources
        )
    finally:
        if enabled:
            gc.enable()


def _only_posts(text: str, pos: int, stop: int, social: str) -> tuple[Batch, int] | None:
    """The common answer of a timeline sync: nothing but well-formed Posted logs of ``social``.

    Decoded column by column: ``findall`` picks every log's fields out in one call, and the
    conversions run as ``map``s over whole columns instead of a Python loop per log. The
    matches must tile the result array exactly (each one starts with the comma after the one
    before it, and their lengths add up to the array's) and every field must be what
    ``_POSTED_LOG`` accepts; otherwise this returns None and the log-by-log decoder decides.
    The first ``PROBE_CHARS`` are tried alone first, so that an answer mixing other events
    (follows, tips…) is handed over after a short scan rather than a whole one.
    """
    first = _POSTED_FIRST.match(text, pos, stop)
    if first is None:
        return None
    fixed = first.end() - pos - sum(len(first[i + 1]) for i in _VARIABLE)
    found = [first.groups()]
    probe = text.find(',{"address"', min(first.end() + PROBE_CHARS, stop), stop)
    probe = stop if probe < 0 else probe
    found += _POSTED_COLUMNS.findall(text, first.end(), probe)
    if _covered(found, fixed) != probe - pos:
        return None
    if probe < stop:
        found += _POSTED_COLUMNS.findall(text, probe, stop)
    cols = list(zip(*found, strict=True))
    covered = len(found) * (fixed + 1) - 1 + sum(sum(map(len, cols[i])) for i in _VARIABLE)
    if covered != stop - pos:
        return None
    addresses, pids, author_hex, parents, sizes_hex, payloads, block_text, tx, _, li = cols
    social_l = social.lower()
    authors = set(author_hex)
    if (
        any(a != social_l and a.lower() != social_l for a in set(addresses))
        or not _AUTHORS.fullmatch("".join(authors))
        or not _HASHES.fullmatch("".join(set(tx)))
    ):
        return None
    blocks: dict[str, tuple[str, int, int]] = {}
    for one in set(block_text):
        parts = _BLOCK.fullmatch(one)
        if parts is None:
            return None
        blocks[one] = (parts[1], int(parts[2], 16), int(parts[3], 16))
    sizes = [int(size, 16) * 2 for size in sizes_hex]
    if not all(map(le, sizes, map(len, payloads))):
        return None
    try:
        unhexlify("".join(payloads))  # hex digits only, as ``_POSTED_LOG`` asks
    except ValueError:
        return None
    hexes: Iterator[str] = map(getitem, payloads, map(slice, sizes))
    cids = list(map(bytes.decode, map(bytes.fromhex, hexes), repeat("utf-8"), repeat("replace")))
    checksummed = {a: to_checksum(a) for a in authors}
    per_log = list(map(blocks.__getitem__, block_text))
    batch = Batch()
    batch.rows["posts"] = list(
        zip(
            map(int, pids, repeat(16)),
            map(checksummed.__getitem__, author_hex),
            map(int, parents, repeat(16)),
            cids,
            map(itemgetter(1), per_log),
            map(int, li, repeat(16)),
            map(itemgetter(0), per_log),
            tx,
            map(itemgetter(2), per_log),
            strict=True,
        )
    )
    batch.content = list(zip(cids, repeat("post")))
    batch.blocks = {n: (h, t) for h, n, t in blocks.values()}
    if len(batch.blocks) != len(blocks):
        return None  # a block number named with two hashes or times: the strict path flags it
    batch.posts = len(found)
    return batch, len(found)


def _covered(found: list[tuple[str, ...]], fixed: int) -> int:
    """Characters of the answer that ``found`` (first log, then comma and log) spans."""
    return len(found) * (fixed + 1) - 1 + sum(len(f[i]) for f in found for i in _VARIABLE)


def _log_by_log(
    text: str,
    pos: int,
    stop: int,
    social: str,
    articles: str,
    sources: Mapping[str, ActiveSource] | None,
) -> tuple[Batch, int] | None:
    """Any mix of logs in the layout of ``_LOG``, one match at a time."""
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
            address, pid, author_hex, parent, size_hex, payload, bh, bn, ts, tx, _, li = m.groups()
            size = int(size_hex, 16) * 2
            if size <= len(payload) and (address == social_l or address.lower() == social_l):
                author = authors.get(author_hex)
                if author is None:
                    author = authors[author_hex] = to_checksum(author_hex)
                cid = fromhex(payload[:size]).decode("utf-8", "replace")
                if (bn, bh, ts) != last_block:
                    last_block = (bn, bh, ts)
                    number, time = int(bn, 16), int(ts, 16)
                    if blocks.get(number, (bh, time)) != (bh, time):
                        return None  # two hashes for one block: the strict path flags it
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
    if batch.split:
        return None
    return batch, count


def _add_post(
    batch: Batch, fields: tuple[int, str, int, str], bh: str, bn: int, ts: int, li: int, tx: str
) -> None:
    pid, author, parent, cid = fields
    if pid > MAX_INT or parent > MAX_INT:
        batch.skipped += 1
        return
    batch.block(bn, bh, ts)
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
