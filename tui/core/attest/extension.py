"""The endorsements capability on the devnet: EAS deployed with Agora's schemas, and a demo.

Listed in ``tui.core.chain.extensions.EXTENSIONS``. ``deploy`` finds EAS (the network's
published or predeploy address) or, on the devnet, deploys the vendored one at the OP Stack
predeploy addresses, then registers the two schemas where absent. ``seed`` has the demo
people endorse each other, citing their own posts as evidence, and the owners of the first two
demo communities (when the communities capability is there) acknowledge an expert each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.core.chain.extensions import Extension

if TYPE_CHECKING:
    from tui.core.chain.extensions import DeployContext, SeedContext

DEMO_ENDORSEMENTS = (
    ("ada", "bram", "Vyper"),
    ("devi", "bram", "Vyper"),
    ("eli", "bram", "smart contracts"),
    ("bram", "devi", "Security"),
    ("ada", "devi", "security"),
    ("chiara", "ada", "Writing"),
    ("devi", "eli", "Terminal UIs"),
    ("bram", "eli", "terminal-UIs"),
    ("eli", "chiara", "Photography"),
)
"""(endorser, endorsed, skill): look-alike spellings on purpose, they count as one skill."""
DEMO_EXPERTS = (("bram", "Vyper", 4), ("devi", "Security", 5), ("eli", "Terminal UIs", 3))
"""Who the owner of each demo community acknowledges (the first one that is not the owner)."""


def deploy(ctx: DeployContext) -> dict[str, str]:
    from tui.core.attest.deploy import ensure_eas

    known = str(ctx.deployment.contracts.get("eas", ""))
    return ensure_eas(ctx.rpc, ctx.deployer, known=known, devnet=ctx.devnet)


def _addresses() -> dict[str, tuple[str, str]]:
    from eth_account import Account

    from tui.core.chain.seed_data import DEV_KEYS

    return {who: (Account.from_key(key).address, key) for who, key in DEV_KEYS.items()}


def _first_posts(ctx: SeedContext) -> dict[str, str]:
    """Each author's first post CID (the evidence they are endorsed with)."""
    from tui.core.chain.abi import decode_log

    logs = ctx.rpc.get_logs(ctx.deployment.block, ctx.rpc.block_number(), [ctx.deployment.social])
    first: dict[str, str] = {}
    for log in logs:
        event = decode_log(log)
        if event is not None and event.name == "Posted":
            first.setdefault(str(event.args["author"]), str(event.args["cid"]))
    return first


def _owners(ctx: SeedContext, count: int) -> list[tuple[int, str]]:
    """(community id, owner) of the first ``count`` communities, when Communities is deployed."""
    from tui.core.attest.eas import selector

    address = str(ctx.deployment.contracts.get("communities", ""))
    if not address:
        return []
    out: list[tuple[int, str]] = []
    for cid in range(1, count + 1):
        try:
            raw = ctx.rpc.eth_call(address, "0x" + selector("ownerOf(uint256)") + f"{cid:064x}")
        except Exception:
            return out
        owner = raw[-40:]
        if owner.strip("0"):
            from tui.core.chain.address import to_checksum

            out.append((cid, to_checksum(owner)))
    return out


def seed(ctx: SeedContext) -> None:
    from tui.core.actions.calls import build_call
    from tui.core.attest.eas import uid_from_receipt
    from tui.core.attest.intents import acknowledge, endorse
    from tui.core.chain.deploy import send_transaction
    from tui.core.config.settings import Network

    eas_address = str(ctx.deployment.contracts.get("eas", ""))
    if not eas_address:
        return
    people = _addresses()
    evidence = _first_posts(ctx)
    network = Network(
        name="devnet", rpc_url=ctx.rpc.url, chain_id=ctx.deployment.chain_id,
        contracts=dict(ctx.deployment.contracts),
    )  # fmt: skip
    endorsed: dict[tuple[str, str], str] = {}

    def send(intent: Any, key: str) -> str:
        call = build_call(intent, network, ctx.content)
        receipt = send_transaction(ctx.rpc, key, call.to, call.data)
        return uid_from_receipt(receipt, eas_address)

    for who, whom, skill in DEMO_ENDORSEMENTS:
        address = people[whom][0]
        uid = send(endorse(address, skill, "", evidence.get(address, "")), people[who][1])
        endorsed.setdefault((whom, skill.casefold()), uid)
    by_address = {address: (who, key) for who, (address, key) in people.items()}
    used: set[str] = set()
    for community, owner in _owners(ctx, 2):
        if owner not in by_address:
            continue
        owner_handle, owner_key = by_address[owner]
        for whom, skill, level in DEMO_EXPERTS:
            if whom == owner_handle or whom in used:
                continue
            used.add(whom)
            address = people[whom][0]
            ref = endorsed.get((whom, skill.casefold()), "0x" + "00" * 32)
            intent = acknowledge(
                address, skill, str(community), level, evidence.get(address, ""), ref
            )
            send(intent, owner_key)
            break
    ctx.progress(f"Endorsements: {len(DEMO_ENDORSEMENTS)} demo endorsements, {len(used)} experts.")


EXTENSION = Extension("endorsements", deploy, seed)
