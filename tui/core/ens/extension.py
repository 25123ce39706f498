"""Names as an Agora capability: ENS deployed on the devnet, and the demo people named.

On the devnet ENS comes from its vendored npm bytecode, deployed by its own key (see deploy.py)
so its addresses are the same on every fresh chain. Elsewhere nothing is deployed: mainnet and
Sepolia have ENS at its published address, and other networks name a registry in settings.
The demo gives each demo person ``<handle>.eth``, a primary name, and an NFT avatar: an
identicon published as their own Articles token.
"""

from __future__ import annotations

from tui.core.chain.extensions import DeployContext, Extension, SeedContext


def deploy(ctx: DeployContext) -> dict[str, str]:
    if not ctx.devnet:
        return {}
    from tui.core.ens.deploy import deploy_ens_with_key

    return deploy_ens_with_key(ctx.rpc).to_contracts()


def seed(ctx: SeedContext) -> None:
    from tui.core.chain.deploy import send_transaction
    from tui.core.chain.seed_data import DEV_KEYS
    from tui.core.ens.demo import identicon_png, mint_avatar, nft_record
    from tui.core.ens.deploy import EnsDeployment
    from tui.core.ens.records import register_steps

    ens = EnsDeployment.from_contracts(ctx.deployment.contracts)
    if ens is None:
        return
    from eth_account import Account

    chain_id = ctx.rpc.chain_id()
    for handle, key in DEV_KEYS.items():
        ctx.progress(f"Naming {handle}.eth…")
        owner = Account.from_key(key).address
        token = mint_avatar(
            ctx.rpc,
            key,
            ctx.deployment.articles,
            ctx.content,
            identicon_png(handle),
            f"{handle}.eth avatar",
        )
        avatar = nft_record(chain_id, ctx.deployment.articles, token)
        for step in register_steps(ens, handle, owner, avatar=avatar):
            send_transaction(ctx.rpc, key, step.to, step.data)


NAMES = Extension(name="names", deploy=deploy, seed=seed)
