"""Deploying TokenTips everywhere, and on the devnet a demo token with a few tips in it."""

from __future__ import annotations

from tui.core.chain.abi import bytecode, decode_result, encode_call, encode_signature
from tui.core.chain.extensions import DeployContext, Extension, SeedContext
from tui.core.tokens import DEMO_TOKEN, TOKEN_TIPS

DEMO_GRANT = 1_000 * 10**18
"""DEMO minted to each demo account."""
DEMO_TIPS = (("bram", 1, 5), ("chiara", 1, 12), ("ada", 2, 3), ("devi", 3, 20))
"""(tipper, post id, whole DEMO): the seeded token tips (a tipper never tips their own post)."""


def _deploy(ctx: DeployContext) -> dict[str, str]:
    from eth_abi import encode

    args = encode(["address"], [ctx.deployment.social]).hex()
    tips = ctx.deployer.create(bytecode("TokenTips") + args, what="Deploying TokenTips")
    contracts = {TOKEN_TIPS: tips}
    if ctx.devnet:
        contracts[DEMO_TOKEN] = ctx.deployer.create(
            bytecode("DemoToken"), what="Deploying the demo token"
        )
    return contracts


def _seed(ctx: SeedContext) -> None:
    from eth_account import Account

    from tui.core.chain.deploy import send_transaction
    from tui.core.chain.devnet import DEPLOYER_KEY
    from tui.core.chain.seed_data import DEV_KEYS

    token = ctx.deployment.contracts.get(DEMO_TOKEN)
    tips = ctx.deployment.contracts.get(TOKEN_TIPS)
    if not token or not tips:
        return
    rpc = ctx.rpc
    for key in DEV_KEYS.values():
        holder = Account.from_key(key).address
        mint = encode_signature("mint(address,uint256)", [holder, DEMO_GRANT])
        send_transaction(rpc, DEPLOYER_KEY, token, mint)
    social = ctx.deployment.social
    for who, post_id, whole in DEMO_TIPS:
        key = DEV_KEYS[who]
        out = rpc.eth_call(social, encode_call("Social", "authorOf", [post_id]))
        author = str(decode_result("Social", "authorOf", out)[0])
        if author.lower() == Account.from_key(key).address.lower() or int(author, 16) == 0:
            continue
        amount = whole * 10**18
        approve = encode_signature("approve(address,uint256)", [tips, amount])
        send_transaction(rpc, key, token, approve)
        tip = encode_signature("tipToken(uint256,address,uint256)", [post_id, token, amount])
        send_transaction(rpc, key, tips, tip)


EXTENSION = Extension(name="token tips", deploy=_deploy, seed=_seed)
