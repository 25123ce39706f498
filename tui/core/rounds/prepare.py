"""From what a user asked to a checked round intent: chain state read fresh, rules applied.

Both front ends call these before the pipeline, so a refused action never reaches a signature
and the error names amounts, deadlines and who would be paid.
"""

from __future__ import annotations

import sqlite3
import time

from tui.core.actions.intents import CallIntent
from tui.core.chain.abi import to_checksum
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.store import BlockStore
from tui.core.errors import ConfigError, UsageError
from tui.core.rounds import chainread, checks
from tui.core.rounds.documents import Scope
from tui.core.rounds.intents import allocate_call, claim_call, open_call, reclaim_call
from tui.core.rounds.model import ETH_TOKEN, KIND_ARTICLE
from tui.core.rounds.pot_unit import PotUnit, pot_unit
from tui.core.text import clean_line


def rounds_address(network: Network) -> str:
    address = network.contracts.get("rounds", "")
    if not address:
        raise ConfigError(
            f"Network {network.name!r} has no Rounds contract.",
            hint="Restart the devnet (agora devnet up) or add [networks.NAME.contracts] rounds.",
        )
    return to_checksum(address)


def _address(value: str) -> str:
    try:
        return to_checksum(value.strip())
    except Exception:
        raise UsageError(f"Not an address: {clean_line(value, 60)!r}") from None


def open_intent(
    rpc: RpcClient,
    content: BlockStore,
    *,
    pot: int,
    scope: Scope,
    evaluators: list[str],
    quorum: int,
    allocate_for: int,
    claim_for: int,
    token: str = ETH_TOKEN,
    unit: PotUnit | None = None,
) -> CallIntent:
    """Deadlines count from the chain's latest block time (a devnet's clock can run ahead)."""
    who = [_address(e) for e in evaluators]
    # The later of the chain's clock and ours: a devnet moved ahead (agora devnet mine --time)
    # counts from its time; a chain lagging behind still gets the whole window asked for.
    now = max(chainread.now(rpc), int(time.time()))
    allocate_end = now + allocate_for
    claim_end = allocate_end + claim_for
    checks.check_open(
        pot=pot, evaluators=who, quorum=quorum, allocate_end=allocate_end, claim_end=claim_end,
        now=now,
    )  # fmt: skip
    return open_call(
        content, pot=pot, scope=scope, evaluators=tuple(who), quorum=quorum,
        allocate_end=allocate_end, claim_end=claim_end, token=token, unit=unit,
    )  # fmt: skip


def _author(conn: sqlite3.Connection | None, kind: int, target: int) -> str:
    if conn is None:
        return ""
    from tui.core.rounds.views import target_author

    try:
        return target_author(conn, kind, target)
    except sqlite3.Error:
        return ""


def allocate_intent(
    rpc: RpcClient,
    network: Network,
    content: BlockStore,
    *,
    sender: str,
    round_id: int,
    kind: int,
    target: int,
    amount: int,
    reason: str = "",
    conn: sqlite3.Connection | None = None,
) -> CallIntent:
    rounds = rounds_address(network)
    r = chainread.read_round(rpc, rounds, round_id)
    t = chainread.read_target(rpc, rounds, round_id, kind, target, _author(conn, kind, target))
    spent, old = chainread.read_spent(rpc, rounds, round_id, sender, kind, target)
    checks.check_allocate(
        r, t, sender=sender, amount=amount, old=old, spent=spent, now=chainread.now(rpc)
    )
    return allocate_call(
        content, round_id=round_id, kind=kind, target=target, amount=amount, reason=reason,
        token=r.token, unit=pot_unit(r.token, network, rpc),
    )  # fmt: skip


def claim_intent(
    rpc: RpcClient, network: Network, *, sender: str, round_id: int, kind: int, target: int
) -> CallIntent:
    rounds = rounds_address(network)
    r = chainread.read_round(rpc, rounds, round_id)
    t = chainread.read_target(rpc, rounds, round_id, kind, target)
    amount = checks.check_claim(r, t, sender=sender, now=chainread.now(rpc))
    return claim_call(
        round_id=round_id, kind=kind, target=target, expected=amount, token=r.token,
        unit=pot_unit(r.token, network, rpc),
    )  # fmt: skip


def reclaim_intent(rpc: RpcClient, network: Network, *, round_id: int) -> CallIntent:
    rounds = rounds_address(network)
    r = chainread.read_round(rpc, rounds, round_id)
    amount = checks.check_reclaim(r, now=chainread.now(rpc))
    return reclaim_call(
        round_id=round_id, expected=amount, funder=r.funder, token=r.token,
        unit=pot_unit(r.token, network, rpc),
    )  # fmt: skip


__all__ = ["KIND_ARTICLE", "allocate_intent", "claim_intent", "open_intent", "reclaim_intent"]
