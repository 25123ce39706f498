"""The devnet's points demo: points in the Vyper Workshop (community 1), two epochs of
contributions, each root computed by the rule, proposed by the moderator, accepted after the
veto window and claimed; in the first, Ada links an article of hers from a post and Bram
collects it (a contribution of 3); Devi redeems a perk; Ada's second-epoch points are left
claimable so the claim flow has something to do.

Played after the communities demo, through the contracts' ordinary functions; the tree
documents go to the content store before their proposals, as a real client does.
"""

from __future__ import annotations

import time
from typing import Any

from tui.core.chain.abi import encode_call
from tui.core.chain.extensions import SeedContext
from tui.core.chain.seed_data import DEV_KEYS
from tui.core.content.documents import article_body, article_metadata, post_document
from tui.core.points import KEY
from tui.core.points.rule import MIN_TIP_WEI, UNIT

WORKSHOP = 1
EPOCH_BLOCKS = 12
CAP = 1_000 * UNIT
MOD_SHARE_BPS = 1_000


def seed(ctx: SeedContext) -> None:
    from eth_account import Account

    from tui.core.chain.deploy import send_transaction
    from tui.core.points import intents
    from tui.core.points.distribution import compute
    from tui.core.points.history import Contracts, document_fetch, load_records, read_info

    points = ctx.deployment.contracts.get(KEY)
    communities = ctx.deployment.contracts.get("communities")
    if not points or not communities:
        return
    rpc = ctx.rpc
    who = {h: Account.from_key(k).address for h, k in DEV_KEYS.items()}
    now = int(time.time())

    def send(handle: str, to: str, data: str, value: int = 0) -> dict[str, Any]:
        return send_transaction(rpc, DEV_KEYS[handle], to, data, value=value)

    def pts(handle: str, fn: str, args: list[Any]) -> dict[str, Any]:
        return send(handle, points, encode_call("Points", fn, args))

    def post(handle: str, text: str, parent: int = 0, article: int = 0) -> int:
        cid = ctx.content.put(post_document(text, created_at=now, article=article))
        send(handle, communities, encode_call("Communities", "post", [WORKSHOP, cid, parent]))
        out = rpc.eth_call(ctx.deployment.social, encode_call("Social", "postCount", []))
        return int(out, 16)

    def tip(handle: str, post_id: int) -> None:
        data = encode_call("Social", "tip", [post_id])
        send(handle, ctx.deployment.social, data, value=MIN_TIP_WEI)

    def settle(epoch: int, claimers: tuple[str, ...]) -> None:
        info = read_info(rpc, points, WORKSHOP)
        assert info is not None
        end = info.config.end(epoch)
        head = rpc.block_number()
        if head < end:
            rpc.call("anvil_mine", [hex(end - head)])
        where = Contracts(ctx.deployment.social, communities, points, ctx.deployment.block,
                          ctx.deployment.articles)  # fmt: skip
        records = load_records(rpc, where, WORKSHOP, end - 1, document_fetch(ctx.content))
        dist = compute(info.config, records, epoch)
        intent = intents.propose(ctx.content, WORKSHOP, dist)
        pts("devi", "proposeRoot", list(intent.args))
        rpc.call("anvil_mine", [hex(info.root_delay)])
        pts("chiara", "acceptRoot", [WORKSHOP])
        for handle in claimers:
            found = dist.proof(who[handle])
            if found:
                pts(handle, "claim", [WORKSHOP, who[handle], found[0], found[1]])

    ctx.progress("Seeding the points demo…")
    pts(
        "bram",
        "enablePoints",
        [WORKSHOP, "Workshop Points", "WSP", EPOCH_BLOCKS, CAP, MOD_SHARE_BPS],
    )
    # epoch 0: the owner and the moderator engage with Ada's review request
    review = post("ada", "Review request: a tip jar with a withdrawal queue (link in my profile).")
    post("bram", "The queue looks right; emit an event when a withdrawal is queued.", review)
    tip("devi", review)
    checklist = post("devi", "My audit checklist for Vyper 0.4, corrections welcome.")
    post("bram", "Add: check every external call's return value.", checklist)
    # Ada links an article of hers from a post, and Bram collects it (a contribution of 3)
    body = ctx.content.put(article_body("# Withdrawal queues\n\nWhy a queue beats a loop."))
    meta = ctx.content.put(article_metadata("Withdrawal queues", "A tip jar pattern", body))
    send("ada", ctx.deployment.articles, encode_call("Articles", "publish", [meta, 0, 50]))
    out = rpc.eth_call(ctx.deployment.articles, encode_call("Articles", "tokenCount", []))
    article = int(out, 16)
    post("ada", "I wrote the queue up as an article: collect it if it helps.", 0, article)
    send("bram", ctx.deployment.articles, encode_call("Articles", "collect", [article]))
    settle(0, ("ada", "devi"))
    # epoch 1: Ada, now trusted, gives back; Devi redeems a perk (a pinned post)
    post("ada", "Point 7 saved me last week, thank you.", checklist)
    tip("bram", review)
    pts("devi", "redeem", [WORKSHOP, 1, 5 * UNIT])
    settle(1, ("devi",))
    ctx.progress("Seeded points in community #1 (two epochs; Ada's second is claimable).")
