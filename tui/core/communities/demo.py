"""The devnet's communities demo: three communities, posts and replies, a moderation history
with reasons and an appeal, an open proposal, and a fork that restored what its parent hid.

Played after the base demo (``tui.core.chain.seed``) by the same five people, through the
contract's ordinary functions; documents go to the content store before each transaction, as
a real client does. Community ids 1–4 and the order below are what the tests and the tmux
walkthrough expect.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tui.core.chain.abi import EventDecoder, encode_call, load_abi
from tui.core.chain.extensions import SeedContext
from tui.core.chain.seed_data import DEV_KEYS
from tui.core.communities import documents as docs
from tui.core.communities.deploy import KEY
from tui.core.communities.fold import Action, Governance, ProposalKind
from tui.core.content.documents import post_document

WORKSHOP_RULES = [
    (1, "Share code and questions about Vyper and smart-contract safety."),
    (2, "No advertising or paid promotions."),
    (3, "Critique the code, not the person."),
]
DARKROOM_RULES = [
    (1, "Members only: film, prints and darkroom technique."),
    (2, "Credit the photographer."),
]
COMMONS_RULES = [
    (1, "Keep it about terminals, editors and tiny tools."),
    (2, "Be generous with dotfiles."),
]
MARKET_RULES = [
    (1, "Tools for Vyper developers, including paid ones, are welcome."),
    (2, "Critique the code, not the person."),
]


def seed(ctx: SeedContext) -> None:
    """Play the communities demo on a freshly seeded devnet."""
    from eth_account import Account

    from tui.core.chain.deploy import send_transaction

    address = ctx.deployment.contracts.get(KEY)
    if not address:
        return
    who = {h: Account.from_key(k).address for h, k in DEV_KEYS.items()}
    decoder = EventDecoder(load_abi("Communities"))
    now = int(time.time())

    def call(handle: str, fn: str, args: list[Any]) -> dict[str, Any]:
        data = encode_call("Communities", fn, args)
        return send_transaction(ctx.rpc, DEV_KEYS[handle], address, data)

    def emitted(receipt: dict[str, Any], name: str, field: str) -> int:
        for log in receipt["logs"]:
            event = decoder.decode(log)
            if event is not None and event.name == name:
                return int(event.args[field])
        raise AssertionError(f"no {name} in the receipt")

    put: Callable[[bytes], str] = ctx.content.put

    def create(handle: str, name: str, goal: str, rules: list[tuple[int, str]], **kw: Any) -> int:
        meta = put(docs.meta_document(name, goal, kw.pop("description", "")))
        rules_cid = put(docs.rules_document(rules))
        args = [meta, rules_cid, kw.get("restricted", False), int(kw.get("governance", 0))]
        if "parent" in kw:
            receipt = call(handle, "fork", [kw["parent"], *args])
        else:
            receipt = call(handle, "create", args)
        return emitted(receipt, "CommunityCreated", "id")

    def post(handle: str, community: int, text: str, parent: int = 0) -> int:
        cid = put(post_document(text, created_at=now))
        return emitted(call(handle, "post", [community, cid, parent]), "CommunityPost", "id")

    def moderate(
        handle: str, c: int, action: Action, target: int, rules: list[int], note: str
    ) -> None:
        reason = put(docs.reason_document(rules, note, need_rule=action is not Action.UNBAN))
        call(handle, "moderate", [c, int(action), target, reason])

    ctx.progress("Seeding the communities demo…")
    workshop = create(
        "bram", "Vyper Workshop", "Learn and review Vyper contracts together", WORKSHOP_RULES,
        description="Bring a contract, leave with a review. Weekly office hours on Thursdays.",
    )  # fmt: skip
    darkroom = create(
        "chiara", "Trieste Darkroom", "A members' room for film photographers", DARKROOM_RULES,
        restricted=True,
    )  # fmt: skip
    commons = create(
        "eli", "Terminal Commons", "Tiny tools and the people who love them", COMMONS_RULES,
        governance=Governance.VOTE,
    )  # fmt: skip

    call("bram", "setModerator", [workshop, who["devi"], True])
    for handle in ("ada", "devi", "eli"):
        call(handle, "join", [workshop])
    welcome = post("bram", workshop, "Welcome! Post a contract you want reviewed, with a link.")
    question = post(
        "ada", workshop, "Is @nonreentrant enough for a tip function, or do I need CEI too?"
    )
    post(
        "bram",
        workshop,
        "Both: the lock stops re-entry, CEI keeps state right if you call out.",
        question,
    )
    post("devi", workshop, "And never forward all gas to an address you don't control.", question)
    promo = post("eli", workshop, "My Vyper keyboard-shortcuts course is 50% off this week!")
    moderate("devi", workshop, Action.HIDE, promo, [2], "Paid promotion.")
    note = put(docs.note_document("It is a course for Vyper developers; I think it is on topic."))
    call("eli", "appeal", [workshop, promo, note])
    post("ada", workshop, "Thanks all, adding CEI to my checklist.", welcome)

    # The fragment that pushes back: a fork whose moderators restore the hidden post.
    market = create(
        "eli", "Vyper Workshop (open market)", "The workshop, where tools may be sold too",
        MARKET_RULES, parent=workshop,
    )  # fmt: skip
    moderate(
        "eli", market, Action.RESTORE, promo, [1], "Tools for Vyper developers are welcome here."
    )
    post("eli", market, "Restored my course post here; the workshop's history came along.")
    again = post("eli", workshop, "Last call: the course discount ends tonight!")
    moderate("bram", workshop, Action.HIDE, again, [2], "Paid promotion, again.")
    moderate(
        "bram", workshop, Action.BAN, int(who["eli"], 16), [2], "Repeated promotion after a hide."
    )

    call("chiara", "invite", [darkroom, who["ada"]])
    call("ada", "join", [darkroom])
    print_day = post("chiara", darkroom, "Darkroom open Thursday from six. Bring your own paper.")
    post("ada", darkroom, "I'll bring the fibre paper I never dared to use.", print_day)

    for handle in ("devi", "bram"):
        call(handle, "join", [commons])
    post("eli", commons, "What should our first shared dotfile be?")
    post("devi", commons, "A tmux.conf that survives a hostile terminal title.")
    why = put(docs.note_document("Devi reviews everything anyway; let's make it official."))
    receipt = call(
        "eli", "propose", [commons, int(ProposalKind.ADD_MOD), int(who["devi"], 16), why]
    )
    proposal = emitted(receipt, "Proposed", "proposal")
    call("eli", "vote", [proposal, True])
    call("bram", "vote", [proposal, True])
    ctx.progress(f"Seeded communities #{workshop}–#{market}.")
