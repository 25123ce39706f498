"""Private messages as a chain extension: deploy the Inbox, and seed demo conversations.

The devnet demo gives four demo people a DM key in their profile and a few conversations
among them (Eli has a key and no messages: the one who sees nothing).
"""

from __future__ import annotations

from tui.core.chain.extensions import DeployContext, Extension, SeedContext

DEMO_KEYED = ("ada", "bram", "chiara", "devi", "eli")
DEMO_CONVERSATIONS: tuple[tuple[str, str, str], ...] = (
    ("ada", "bram", "Bram, are you coming to the devnet meetup on Thursday?"),
    ("bram", "ada", "Yes! I'll bring the laptop with the demo chain on it."),
    ("ada", "bram", "Great. Bring the slides about view tags too."),
    ("chiara", "ada", "Loved your piece on content addressing. May I quote it?"),
    ("ada", "chiara", "Of course, just link the CID so readers can check it."),
    ("devi", "bram", "Your tip arrived, thank you! Coffee is on me."),
)
DEMO_TIME = 1_700_000_000


def deploy(ctx: DeployContext) -> dict[str, str]:
    from tui.core.chain.abi import bytecode

    return {"inbox": ctx.deployer.create(bytecode("Inbox"), what="Deploying Inbox")}


def seed(ctx: SeedContext) -> None:
    """Publish demo people's DM keys in their profiles, then play the demo conversations."""
    from eth_account import Account

    from tui.core.chain.abi import decode_result, encode_call, encode_signature
    from tui.core.chain.deploy import send_transaction
    from tui.core.chain.seed_data import DEV_KEYS
    from tui.core.content.documents import ProfileDocument, parse_profile, profile_document
    from tui.core.messages.crypto import DmKey
    from tui.core.messages.intent import FUNCTION, message_intent
    from tui.core.messages.message import seal_message
    from tui.core.wallet.secret import Secret
    from tui.core.wallet.signer import Signer

    inbox = ctx.deployment.contracts.get("inbox")
    if not inbox:
        return
    social = ctx.deployment.social
    signers = {
        who: Signer(Account.from_key(key).address, Secret.from_hex_key(key))
        for who, key in DEV_KEYS.items()
        if who in DEMO_KEYED
    }
    keys = {who: DmKey.from_signer(s) for who, s in signers.items()}
    ctx.progress("Private messages: publishing demo DM keys")
    for who, signer in signers.items():
        data = ctx.rpc.eth_call(social, encode_call("Social", "profileOf", [signer.address]))
        (cid,) = decode_result("Social", "profileOf", data)
        raw = ctx.content.get(cid) if cid else None
        old = parse_profile(raw) if raw else ProfileDocument(name="")
        doc = profile_document(
            old.name, old.bio, old.avatar, old.links, keys[who].public.hex(), keys[who].epoch
        )
        call = encode_call("Social", "setProfile", [ctx.content.put(doc)])
        send_transaction(ctx.rpc, DEV_KEYS[who], social, call)
    ctx.progress("Private messages: demo conversations")
    for n, (sender, recipient, body) in enumerate(DEMO_CONVERSATIONS):
        to_them, to_me = seal_message(
            signers[sender], keys[sender], signers[recipient].address, keys[recipient].public,
            body, ts=DEMO_TIME + 60 * n, chain_id=ctx.rpc.chain_id(),
        )  # fmt: skip
        intent = message_intent(signers[recipient].address, to_them, to_me, ctx.content)
        data = encode_signature(FUNCTION, list(intent.args))
        send_transaction(ctx.rpc, DEV_KEYS[sender], inbox, data)


EXTENSION = Extension(name="messages", deploy=deploy, seed=seed)
"""Listed in ``tui.core.chain.extensions.EXTENSIONS``."""
