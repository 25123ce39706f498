"""The devnet's rounds demo: one finished round with claims made, one open for allocation.

Played after the base demo, from the dev accounts, with real transactions; the chain's clock
is moved half a minute on, past the first round's short allocation window, with
``evm_increaseTime`` (a devnet only), so its claims can be made while it seeds.
"""

from __future__ import annotations

from tui.core.chain.deploy import send_transaction
from tui.core.chain.extensions import SeedContext
from tui.core.rounds.documents import Scope, reason_document, scope_document
from tui.core.rounds.model import KIND_ARTICLE, KIND_POST

DAY = 86400
ETH = 10**18


FINISHED_WINDOW = 30
"""Seconds the finished round allocates for before the clock is moved past its deadline."""


def _keys() -> list[str]:
    """ada, bram, chiara, devi, eli: funders are ada and eli, evaluators chiara and devi."""
    from tui.core.chain.seed_data import DEV_KEYS

    return list(DEV_KEYS.values())


def _address(key: str) -> str:
    from eth_account import Account

    return str(Account.from_key(key).address)


def _now(ctx: SeedContext) -> int:
    """The chain's clock: an empty block first, since evm_setTime moves only the next block."""
    ctx.rpc.call("evm_mine")
    block = ctx.rpc.get_block("latest")
    assert block is not None
    return int(str(block["timestamp"]), 16)


def _authors(ctx: SeedContext, table: str, count: int) -> dict[int, str]:
    """Authors (posts) or holders (articles) of the first ids, read on chain."""
    from tui.core.chain.abi import decode_result, encode_call

    contract, fn, to = (
        ("Social", "authorOf", ctx.deployment.social)
        if table == "posts"
        else ("Articles", "ownerOf", ctx.deployment.articles)
    )
    out = {}
    for i in range(1, count + 1):
        try:
            data = ctx.rpc.eth_call(to, encode_call(contract, fn, [i]))
            out[i] = str(decode_result(contract, fn, data)[0])
        except Exception:
            continue
    return out


def seed_demo(ctx: SeedContext) -> None:
    from tui.core.chain.abi import decode_result, encode_call

    rpc, rounds = ctx.rpc, ctx.deployment.contracts["rounds"]
    keys = _keys()
    evaluators = [keys[2], keys[3]]
    evaluator_addresses = {_address(k).lower() for k in evaluators}

    def send(key: str, fn: str, args: list, value: int = 0) -> None:
        send_transaction(rpc, key, rounds, encode_call("Rounds", fn, args), value=value)

    def read(contract: str, to: str, fn: str) -> int:
        return int(decode_result(contract, fn, rpc.eth_call(to, encode_call(contract, fn, [])))[0])

    posts = _authors(ctx, "posts", min(read("Social", ctx.deployment.social, "postCount"), 12))
    targets = [
        (KIND_POST, i, who) for i, who in posts.items() if who.lower() not in evaluator_addresses
    ][:3]
    articles = _authors(
        ctx, "articles", min(read("Articles", ctx.deployment.articles, "tokenCount"), 6)
    )
    targets += [
        (KIND_ARTICLE, i, who)
        for i, who in articles.items()
        if who.lower() not in evaluator_addresses
    ][:1]
    scope = Scope(
        name="Early explainers",
        description="Posts and articles that helped newcomers understand Agora.",
        work_scope=("explainers", "documentation"),
        contributors=(),
    )
    scope_cid = ctx.content.put(scope_document(scope))
    reason_cid = ctx.content.put(reason_document("Clear and useful to newcomers."))
    who = [_address(k) for k in evaluators]
    ctx.progress("Opening a finished funding round…")
    start = _now(ctx)
    allocate_end = start + FINISHED_WINDOW
    send(keys[0], "open", ["0x" + "0" * 40, ETH, scope_cid, who, 2, allocate_end,
                           allocate_end + 7 * DAY], ETH)  # fmt: skip
    finished = int(
        decode_result(
            "Rounds", "roundCount", rpc.eth_call(rounds, encode_call("Rounds", "roundCount", []))
        )[0]
    )
    for n, (kind, target, _payee) in enumerate(targets):
        for key in evaluators[: 2 if n < 2 else 1]:  # the third target misses quorum
            send(key, "allocate", [finished, kind, target, ETH // 10, reason_cid])
    rpc.call("evm_increaseTime", [max(allocate_end - _now(ctx), 0) + 1])
    rpc.call("evm_mine")
    key_of = {_address(k).lower(): k for k in keys}
    for kind, target, payee in targets[:1]:
        if payee.lower() in key_of:
            send(key_of[payee.lower()], "claim", [finished, kind, target])
    ctx.progress("Opening a funding round for allocation…")
    start = _now(ctx)
    open_scope = Scope(
        name="Community builders",
        description="Work that brought people together, before this round opened.",
        work_scope=("community",),
    )
    open_cid = ctx.content.put(scope_document(open_scope))
    send(keys[4], "open", ["0x" + "0" * 40, 2 * ETH, open_cid, who, 2, start + 5 * DAY,
                           start + 12 * DAY], 2 * ETH)  # fmt: skip
    current = finished + 1
    if targets:
        kind, target, _payee = targets[-1]
        send(evaluators[0], "allocate", [current, kind, target, ETH // 4, reason_cid])
