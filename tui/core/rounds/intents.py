"""Round writes as the pipeline's ``CallIntent``s: one builder per action.

Each builder stores the documents its call points at (scope, reason) in the content store
first, like a post; the intent is built only after tui.core.rounds.prepare checked it against
the chain.
"""

from __future__ import annotations

from tui.core.actions.intents import CallIntent
from tui.core.content.store import BlockStore
from tui.core.rounds.documents import Scope, reason_document, scope_document
from tui.core.rounds.model import ETH_TOKEN, KIND_ARTICLE, KIND_NAMES
from tui.core.rounds.pot_unit import PotUnit
from tui.core.units import format_eth

CONTRACT = "rounds"
"""The deployment key of the Rounds contract."""
OPEN = "open(address,uint256,string,address[],uint256,uint256,uint256)"
ALLOCATE = "allocate(uint256,uint8,uint256,uint256,string)"
CLAIM = "claim(uint256,uint8,uint256)"
RECLAIM = "reclaim(uint256)"


def _money(token: str, amount: int, unit: PotUnit | None = None) -> str:
    """The amount in the pot's unit (``unit``, from tui.core.rounds.pot_unit) when it is known."""
    if token.lower() == ETH_TOKEN:
        return format_eth(amount)
    return unit.label(amount) if unit is not None else f"{amount:,} units of {token}"


def open_call(
    content: BlockStore,
    *,
    pot: int,
    scope: Scope,
    evaluators: tuple[str, ...],
    quorum: int,
    allocate_end: int,
    claim_end: int,
    token: str = ETH_TOKEN,
    unit: PotUnit | None = None,
) -> CallIntent:
    """``unit``: the token's symbol and decimals, for the summary and the confirmation."""
    cid = content.put(scope_document(scope))
    args = (token, pot, cid, list(evaluators), quorum, allocate_end, claim_end)
    names = ("token", "amount", "scopeCid", "evaluators", "quorum", "allocateEnd", "claimEnd")
    summary = (
        f"Open a funding round of {_money(token, pot, unit)} with {len(evaluators)} evaluator(s), "
        f"quorum {quorum}"
    )
    value = pot if token.lower() == ETH_TOKEN else 0
    units = None
    if token.lower() != ETH_TOKEN:  # a token pot: its amount is never wei
        units = (unit.decimals, unit.shown_symbol) if unit else (0, f"units of {token}")
    return CallIntent(
        "round.open", CONTRACT, OPEN, names, args, summary, value_wei=value, money=True,
        cids=(cid,), units=units,
    )  # fmt: skip


def allocate_call(
    content: BlockStore,
    *,
    round_id: int,
    kind: int,
    target: int,
    amount: int,
    reason: str = "",
    token: str = ETH_TOKEN,
    unit: PotUnit | None = None,
) -> CallIntent:
    cid = content.put(reason_document(reason)) if reason.strip() else ""
    name = f"{KIND_NAMES[kind]} #{target}"
    summary = (
        f"Withdraw your allocation to {name} in round #{round_id}"
        if amount == 0
        else f"Allocate {_money(token, amount, unit)} to {name} in round #{round_id}"
    )
    units = None
    if token.lower() != ETH_TOKEN:  # a token round: its amounts are never wei
        units = (unit.decimals, unit.shown_symbol) if unit else (0, f"units of {token}")
    return CallIntent(
        "round.allocate", CONTRACT, ALLOCATE, ("roundId", "kind", "id", "amount", "reasonCid"),
        (round_id, kind, target, amount, cid), summary, cids=(cid,) if cid else (), units=units,
    )  # fmt: skip


def claim_call(
    *,
    round_id: int,
    kind: int,
    target: int,
    expected: int,
    token: str = ETH_TOKEN,
    unit: PotUnit | None = None,
) -> CallIntent:
    """The payee shown and re-read before signing is the one the contract pays: a post's
    author, an article token's current holder (``Rounds.payeeOf`` reads the same getters)."""
    name = f"{KIND_NAMES[kind]} #{target}"
    if kind == KIND_ARTICLE:
        payee = ("Articles", "ownerOf", target, f"current holder of article #{target}")
    else:
        payee = ("Social", "authorOf", target, f"author of post #{target}")
    return CallIntent(
        "round.claim", CONTRACT, CLAIM, ("roundId", "kind", "id"), (round_id, kind, target),
        f"Claim {_money(token, expected, unit)} for {name} from round #{round_id}", money=True,
        payee=payee,
    )  # fmt: skip


def reclaim_call(
    *,
    round_id: int,
    expected: int,
    funder: str,
    token: str = ETH_TOKEN,
    unit: PotUnit | None = None,
) -> CallIntent:
    return CallIntent(
        "round.reclaim", CONTRACT, RECLAIM, ("roundId",), (round_id,),
        f"Return {_money(token, expected, unit)} left in round #{round_id} to its funder {funder}",
        money=True,
    )  # fmt: skip
