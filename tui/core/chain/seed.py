"""Seeding a fresh devnet with the demo in seed_data: fast, deterministic, locally signed.

Every transaction is signed here with eth_account (the dev keys never leave this process),
sent, and mined alone in its own block by ``evm_mine`` at a timestamp spread over the past week
(a fresh devnet's genesis is two weeks old). Nothing waits for a receipt until the end, when
all of them are fetched in a few batches and checked. One transaction per block also makes post and
article ids follow the script's order, which is how later steps refer to earlier ones.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from tui.core.chain.abi import decode_result, encode_call, to_checksum
from tui.core.chain.rpc import Call, RpcClient, RpcError
from tui.core.chain.seed_data import (
    DEV_KEYS,
    PERSONAS,
    SCRIPT,
    Article,
    Collect,
    Follow,
    Post,
    Profile,
    Repost,
    Step,
    Tip,
)
from tui.core.content.cid import cid_for
from tui.core.content.documents import (
    article_body,
    article_metadata,
    post_document,
    profile_document,
)
from tui.core.content.store import BlockStore
from tui.core.errors import ChainError, DevnetError

HISTORY_SECONDS = 7 * 86400
"""The demo's timeline spans the past week."""
RECENT_GAP = 20 * 60
"""The newest demo item is this many seconds old."""
PRIORITY_FEE = 1_000_000_000
GAS = {
    Profile: 300_000,
    Follow: 150_000,
    Post: 200_000,
    Repost: 100_000,
    Tip: 150_000,
    Article: 600_000,
    Collect: 600_000,
}
"""Fixed, generous gas limits (unused gas is not charged): estimating each would cost a round
trip, and an estimate against the state before the previous seed transaction can be wrong."""
RECEIPT_BATCH = 100


@dataclass
class SeedSummary:
    """What the seed created, for the CLI's report and the tests."""

    accounts: int = 0
    profiles: int = 0
    posts: int = 0
    replies: int = 0
    reposts: int = 0
    follows: int = 0
    tips: int = 0
    articles: int = 0
    collected: int = 0
    transactions: int = 0
    first_block: int = 0
    last_block: int = 0

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class _Planned:
    label: str
    raw: str
    timestamp: int


def _wei(eth: str) -> int:
    return int(Decimal(eth) * 10**18)


def _timestamps(count: int, start: int, end: int, rng: random.Random) -> list[int]:
    """``count`` strictly increasing timestamps from ``start`` to ``end``, unevenly spaced."""
    if end - start < count:
        return [start + i for i in range(count)]
    weights = [rng.uniform(0.2, 1.8) for _ in range(count)]
    scale = (end - start - count) / sum(weights)
    out: list[int] = []
    t = float(start)
    for weight in weights:
        t += weight * scale
        out.append(int(t) + len(out))
    return out


def _call_uint(rpc: RpcClient, contract: str, address: str, fn: str) -> int:
    value = decode_result(contract, fn, rpc.eth_call(address, encode_call(contract, fn, [])))[0]
    return int(value)


def seed_demo(
    rpc: RpcClient,
    *,
    social: str,
    articles: str,
    content: BlockStore,
    now: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> SeedSummary:
    """Play the demo script on fresh contracts and return what was created.

    Content documents are written to ``content`` before their transactions are sent, as a real
    client does. Raises DevnetError when the contracts already hold posts (ids would not match
    the script) and ChainError when a transaction is refused or reverts.
    """
    from eth_account import Account

    say = progress or (lambda _msg: None)
    social, articles = to_checksum(social), to_checksum(articles)
    post_base = _call_uint(rpc, "Social", social, "postCount")
    token_base = _call_uint(rpc, "Articles", articles, "tokenCount")
    if post_base or token_base:
        raise DevnetError("The devnet contracts already hold data; the demo needs fresh ones.")

    chain_id = rpc.chain_id()
    accounts = {h: Account.from_key(k) for h, k in DEV_KEYS.items()}
    address = {h: acct.address for h, acct in accounts.items()}
    nonce_replies = rpc.batch(
        [Call("eth_getTransactionCount", [a, "pending"]) for a in address.values()]
    )
    nonces: dict[str, int] = {}
    for handle, reply in zip(address, nonce_replies, strict=True):
        if isinstance(reply, RpcError):
            raise ChainError(f"Cannot read the nonce of demo account {handle}: {reply}")
        nonces[handle] = int(reply, 16)

    # An empty block reveals the node's clock, which can be ahead of the latest block (after
    # evm_setTime); the history must start after it or evm_mine refuses the timestamps.
    rpc.call("evm_mine")
    latest = rpc.get_block("latest") or {}
    base_fee = int(str(latest.get("baseFeePerGas", "0x3b9aca00")), 16)
    max_fee = 2 * base_fee + PRIORITY_FEE
    now = int(time.time()) if now is None else now
    last_ts = int(str(latest.get("timestamp", "0x0")), 16)
    start = max(last_ts + 1, now - HISTORY_SECONDS)
    times = _timestamps(len(SCRIPT), start, max(start, now - RECENT_GAP), random.Random(7))

    summary = SeedSummary(accounts=len(accounts))
    say(f"Signing {len(SCRIPT)} demo transactions…")
    planned: list[_Planned] = []
    # Documents are written by a few threads (each write is fsynced, which releases the GIL)
    # while this thread signs; all are on disk before the first transaction is sent.
    writers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="seed-content")
    writes: list[tuple[str, Future[str]]] = []

    def put(document: bytes) -> str:
        cid = cid_for(document)
        writes.append((cid, writers.submit(content.put, document)))
        return cid

    try:
        _sign_all(
            planned, times, put, accounts, address, nonces, chain_id, max_fee, social, articles,
            summary, post_base, token_base,
        )  # fmt: skip
        for cid, write in writes:
            if write.result() != cid:
                raise DevnetError(f"The content store returned another CID for {cid}.")
    finally:
        writers.shutdown(wait=True)

    say(f"Sending {len(planned)} demo transactions…")
    hashes = []
    # Automine is paused so that each transaction gets a block of its own, mined synchronously
    # by evm_mine at its timestamp (with automine, sending returns before the block is mined and
    # the next evm_setNextBlockTimestamp can land on the wrong block).
    rpc.call("evm_setAutomine", [False])
    try:
        for item in planned:
            try:
                hashes.append(str(rpc.call("eth_sendRawTransaction", [item.raw])))
            except RpcError as exc:
                raise ChainError(
                    f"Seeding the demo: {item.label} was refused: {exc.rpc_message}"
                ) from None
            rpc.call("evm_mine", [item.timestamp])
    finally:
        rpc.call("evm_setAutomine", [True])
    # Back to wall-clock time for everything the user does next.
    rpc.call("evm_setTime", [max(now, times[-1] + 1)])

    blocks = _check_receipts(rpc, hashes, planned)
    summary.transactions = len(hashes)
    summary.first_block, summary.last_block = min(blocks), max(blocks)
    return summary


def _sign_all(
    planned: list[_Planned],
    times: list[int],
    put: Callable[[bytes], str],
    accounts: dict[str, Any],
    address: dict[str, str],
    nonces: dict[str, int],
    chain_id: int,
    max_fee: int,
    social: str,
    articles: str,
    summary: SeedSummary,
    post_base: int,
    token_base: int,
) -> None:
    """Encode and sign every step of the script, in order, into ``planned``."""
    post_ids: dict[str, int] = {}
    article_ids: dict[str, int] = {}
    next_post, next_token = post_base + 1, token_base + 1
    for step, ts in zip(SCRIPT, times, strict=True):
        to, data, value = _encode_step(
            step, ts, put, address, post_ids, article_ids, social, articles, summary
        )
        if isinstance(step, Post):
            post_ids[step.ref] = next_post
            next_post += 1
        elif isinstance(step, Article):
            article_ids[step.ref] = next_token
            next_token += 1
        elif isinstance(step, Collect):
            next_token += 1
        tx: dict[str, Any] = {
            "type": 2,
            "chainId": chain_id,
            "nonce": nonces[step.who],
            "to": to,
            "value": value,
            "data": data,
            "gas": GAS[type(step)],
            "maxFeePerGas": max_fee,
            "maxPriorityFeePerGas": PRIORITY_FEE,
        }
        nonces[step.who] += 1
        signed = accounts[step.who].sign_transaction(tx)
        raw = "0x" + bytes(signed.raw_transaction).hex()
        planned.append(_Planned(f"{type(step).__name__.lower()} by {step.who}", raw, ts))


def _check_receipts(rpc: RpcClient, hashes: list[str], planned: list[_Planned]) -> list[int]:
    blocks: list[int] = []
    for start in range(0, len(hashes), RECEIPT_BATCH):
        chunk = hashes[start : start + RECEIPT_BATCH]
        replies = rpc.batch([Call("eth_getTransactionReceipt", [h]) for h in chunk])
        for offset, reply in enumerate(replies):
            item = planned[start + offset]
            if not isinstance(reply, dict):
                raise ChainError(f"Seeding the demo: {item.label} was not mined.")
            if int(str(reply.get("status", "0x0")), 16) != 1:
                raise ChainError(f"Seeding the demo: {item.label} reverted.")
            blocks.append(int(str(reply["blockNumber"]), 16))
    return blocks


def _encode_step(
    step: Step,
    ts: int,
    put: Callable[[bytes], str],
    address: dict[str, str],
    post_ids: dict[str, int],
    article_ids: dict[str, int],
    social: str,
    articles: str,
    summary: SeedSummary,
) -> tuple[str, str, int]:
    """(to, calldata, value) of one step; ``put`` stores its content and returns the CID."""
    if isinstance(step, Profile):
        persona = PERSONAS[step.who]
        cid = put(profile_document(persona.name, persona.bio, links=persona.links))
        summary.profiles += 1
        return social, encode_call("Social", "setProfile", [cid]), 0
    if isinstance(step, Follow):
        summary.follows += 1
        return social, encode_call("Social", "follow", [address[step.whom]]), 0
    if isinstance(step, Post):
        doc = post_document(
            step.text,
            created_at=ts,
            content_warning=step.cw,
            tags=step.tags,
            mentions=[address[h] for h in step.mentions],
            quote=post_ids[step.quote] if step.quote else 0,
        )
        cid = put(doc)
        parent = post_ids[step.reply_to] if step.reply_to else 0
        if parent:
            summary.replies += 1
        else:
            summary.posts += 1
        return social, encode_call("Social", "post", [cid, parent]), 0
    if isinstance(step, Repost):
        summary.reposts += 1
        return social, encode_call("Social", "repost", [post_ids[step.target]]), 0
    if isinstance(step, Tip):
        summary.tips += 1
        return social, encode_call("Social", "tip", [post_ids[step.target]]), _wei(step.eth)
    if isinstance(step, Article):
        body_cid = put(article_body(step.body))
        meta_cid = put(article_metadata(step.title, step.summary, body_cid))
        summary.articles += 1
        call = encode_call("Articles", "publish", [meta_cid, _wei(step.price_eth), step.editions])
        return articles, call, 0
    if isinstance(step, Collect):
        summary.collected += 1
        article_id = article_ids[step.target]
        price = next(
            _wei(s.price_eth) for s in SCRIPT if isinstance(s, Article) and s.ref == step.target
        )
        return articles, encode_call("Articles", "collect", [article_id]), price
    raise DevnetError(f"Unknown demo step {step!r}.")
