"""Points writes as ``CallIntent``s, one function per action.

Each builder checks what it can before anything is signed; the pipeline's simulation reports
the contract's own refusals ("not a moderator", "delay not over", "invalid proof"…).
"""

from __future__ import annotations

import json

from tui.core.actions.intents import CallIntent
from tui.core.chain.address import to_checksum
from tui.core.content.store import BlockStore
from tui.core.errors import UsageError
from tui.core.points import KEY
from tui.core.points.distribution import Distribution
from tui.core.units import format_units

MAX_MOD_SHARE_PERCENT = 10


def _call(kind: str, function: str, names: tuple[str, ...], args: tuple[object, ...], summary: str,
          *, money: bool = False, cids: tuple[str, ...] = (),
          units: tuple[int, str] | None = None) -> CallIntent:  # fmt: skip
    return CallIntent(
        kind=f"points.{kind}", contract=KEY, function=function, arg_names=names, args=args,
        summary=summary, money=money, cids=cids, units=units,
    )  # fmt: skip


def points(units: int, symbol: str = "points") -> str:
    return format_units(units, 18, symbol)


def enable(
    community: int, name: str, symbol: str, epoch_blocks: int, cap: int, mod_share_bps: int
) -> CallIntent:
    name, symbol = name.strip(), symbol.strip()
    if not name or len(name) > 25 or not name.isprintable():
        raise UsageError("The token name must be 1 to 25 printable characters.")
    if not symbol or len(symbol) > 5 or not symbol.isascii() or not symbol.isalnum():
        raise UsageError("The symbol must be 1 to 5 letters or digits.")
    if epoch_blocks <= 0:
        raise UsageError("An epoch must last at least one block.")
    if cap <= 0:
        raise UsageError("The epoch cap must be more than 0.")
    if not 0 <= mod_share_bps <= MAX_MOD_SHARE_PERCENT * 100:
        raise UsageError("The moderators' share is at most 10%.")
    return _call(
        "enable",
        "enablePoints(uint256,string,string,uint256,uint256,uint256)",
        ("community", "name", "symbol", "epochBlocks", "epochCap", "modShareBps"),
        (community, name, symbol, epoch_blocks, cap, mod_share_bps),
        f"Enable points in community #{community}: {name!r} ({symbol}), epochs of "
        f"{epoch_blocks} blocks, at most {points(cap, symbol)} each, "
        f"moderators' share {mod_share_bps / 100:g}%",
    )


def tree_document(dist: Distribution) -> bytes:
    return json.dumps(dist.document(), sort_keys=True, separators=(",", ":")).encode()


def propose(store: BlockStore, community: int, dist: Distribution) -> CallIntent:
    if dist.tree is None:
        raise UsageError(
            f"Nobody has earned points in community #{community} by epoch {dist.epoch}."
        )
    cid = store.put(tree_document(dist))
    return _call(
        "propose",
        "proposeRoot(uint256,uint256,bytes32,uint256,string)",
        ("community", "epoch", "root", "cumulativeTotal", "treeCid"),
        (community, dist.epoch, dist.root, dist.total, cid),
        f"Propose epoch {dist.epoch}'s root in community #{community}: {len(dist.leaves)} "
        f"accounts, {points(dist.total)} earned in all",
        cids=(cid,),
    )


def accept(community: int) -> CallIntent:
    return _call("accept", "acceptRoot(uint256)", ("community",), (community,),
                 f"Activate the pending points root of community #{community}")  # fmt: skip


def veto(community: int, reason_cid: str) -> CallIntent:
    return _call(
        "veto", "vetoRoot(uint256,string)", ("community", "reasonCid"), (community, reason_cid),
        f"Veto the pending points root of community #{community}", cids=(reason_cid,),
    )  # fmt: skip


def claim(
    community: int, account: str, cumulative: int, proof: list[bytes], already: int, symbol: str
) -> CallIntent:
    if cumulative <= already:
        raise UsageError(
            f"Nothing to claim in community #{community}: {points(already, symbol)} already claimed."
        )
    account = to_checksum(account)
    return _call(
        "claim",
        "claim(uint256,address,uint256,bytes32[])",
        ("community", "account", "cumulative", "proof"),
        (community, account, cumulative, proof),
        f"Claim {points(cumulative - already, symbol)} in community #{community} for {account}",
    )


def redeem(community: int, perk: int, amount: int, balance: int, symbol: str) -> CallIntent:
    if amount <= 0:
        raise UsageError("Redeem more than 0 points.")
    if amount > balance:
        raise UsageError(
            f"You hold {points(balance, symbol)}; that is less than {points(amount, symbol)}."
        )
    return _call(
        "redeem",
        "redeem(uint256,uint256,uint256)",
        ("community", "perk", "amount"),
        (community, perk, amount),
        f"Burn {points(amount, symbol)} for perk {perk} in community #{community}",
        money=True,
        units=(18, symbol),
    )
