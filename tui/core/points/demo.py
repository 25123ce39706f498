"""The devnet's points demo: points in the Vyper Workshop (community 1), two epochs of
contributions, each root computed by the rule, proposed by the moderator, accepted after the
veto window and claimed; in the first, Ada links an article of hers from a post and Bram
collects it (a contribution of 3); Devi redeems a perk; Ada's second-epoch points are left
claimable so the claim flow has something to do.

Then points in governance, in Terminal Commons (community 3, governed by vote): Eli enables
points, Devi earns an epoch's pool for a tool Eli merged, Eli makes votes weigh by earned
points (a member without a proof weighs 1) and sells membership for points; Eli proposes Bram
as a moderator, Devi votes yes with her proof (its weight is her earned points), Bram votes no
with weight 1 and the vote is left open; Devi buys blocks of membership.

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
COMMONS = 3
MEMBERSHIP_BLOCKS_PER_POINT = 600
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

    def com(handle: str, fn: str, args: list[Any]) -> dict[str, Any]:
        return send(handle, communities, encode_call("Communities", fn, args))

    def post(
        handle: str, text: str, parent: int = 0, article: int = 0, community: int = WORKSHOP
    ) -> int:
        cid = ctx.content.put(post_document(text, created_at=now, article=article))
        send(handle, communities, encode_call("Communities", "post", [community, cid, parent]))
        out = rpc.eth_call(ctx.deployment.social, encode_call("Social", "postCount", []))
        return int(out, 16)

    def tip(handle: str, post_id: int) -> None:
        data = encode_call("Social", "tip", [post_id])
        send(handle, ctx.deployment.social, data, value=MIN_TIP_WEI)

    def settle(
        epoch: int, claimers: tuple[str, ...], community: int = WORKSHOP, proposer: str = "devi"
    ) -> Any:
        info = read_info(rpc, points, community)
        assert info is not None
        end = info.config.end(epoch)
        head = rpc.block_number()
        if head < end:
            rpc.call("anvil_mine", [hex(end - head)])
        where = Contracts(ctx.deployment.social, communities, points, ctx.deployment.block,
                          ctx.deployment.articles)  # fmt: skip
        records = load_records(rpc, where, community, end - 1, document_fetch(ctx.content))
        dist = compute(info.config, records, epoch)
        intent = intents.propose(ctx.content, community, dist)
        pts(proposer, "proposeRoot", list(intent.args))
        rpc.call("anvil_mine", [hex(info.root_delay)])
        pts("chiara", "acceptRoot", [community])
        for handle in claimers:
            found = dist.proof(who[handle])
            if found:
                pts(handle, "claim", [community, who[handle], found[0], found[1]])
        return dist

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
    _governance(ctx, pts, com, post, settle, who)


def _governance(ctx: SeedContext, pts: Any, com: Any, post: Any, settle: Any, who: Any) -> None:
    """Terminal Commons: votes weighed by earned points and membership bought with points."""
    from tui.core.communities import documents as docs
    from tui.core.communities.fold import ProposalKind

    pts("eli", "enablePoints", [COMMONS, "Commons Points", "CMP", EPOCH_BLOCKS, 100 * UNIT, 0])
    tool = post(
        "devi", "tmux-title-guard: strips escape codes from window titles.", 0, community=COMMONS
    )
    post("eli", "Merged into our dotfiles, thank you!", tool, community=COMMONS)
    dist = settle(0, ("devi",), COMMONS, "eli")
    com("eli", "setPointsRules", [COMMONS, True, 1, 20 * UNIT])
    com("eli", "setPerk", [COMMONS, 1, MEMBERSHIP_BLOCKS_PER_POINT])
    why = ctx.content.put(docs.note_document("Bram answers every question here; let him tidy."))
    com("eli", "propose", [COMMONS, int(ProposalKind.ADD_MOD), int(who["bram"], 16), why])
    proposal = int(ctx.rpc.eth_call(
        ctx.deployment.contracts["communities"], encode_call("Communities", "proposalCount", [])
    ), 16)  # fmt: skip
    earned, proof = dist.proof(who["devi"])
    com("devi", "voteEarned", [proposal, True, 0, earned, proof])
    com("bram", "vote", [proposal, False])
    pts("devi", "redeem", [COMMONS, 1, 2 * UNIT])
    ctx.progress(f"Seeded points-weighted votes and membership in community #{COMMONS}.")
