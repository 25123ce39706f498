"""Round writes as intents: each knows its call, so the shared pipeline needs no round branches.

An intent here is built only after tui.core.rounds.prepare has checked it against the chain;
``call_parts`` stores its documents (scope, reason) in the content store first, like a post.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.core.actions.confirmation import MONEY, PUBLIC
from tui.core.content.store import BlockStore
from tui.core.rounds.documents import Scope, reason_document, scope_document
from tui.core.rounds.model import ETH_TOKEN, KIND_NAMES
from tui.core.units import format_eth

CONTRACT = "Rounds"
SIGNATURES = {
    "round_open": (
        CONTRACT,
        "open(address,uint256,string,address[],uint256,uint256,uint256)",
        ("token", "amount", "scopeCid", "evaluators", "quorum", "allocateEnd", "claimEnd"),
    ),
    "round_allocate": (
        CONTRACT,
        "allocate(uint256,uint8,uint256,uint256,string)",
        ("roundId", "kind", "id", "amount", "reasonCid"),
    ),
    "round_claim": (CONTRACT, "claim(uint256,uint8,uint256)", ("roundId", "kind", "id")),
    "round_reclaim": (CONTRACT, "reclaim(uint256)", ("roundId",)),
}
"""kind -> (contract, signature, argument names), merged into the pipeline's table."""


@dataclass(frozen=True)
class CallParts:
    """What an intent becomes: arguments, ETH sent, and what the confirmation says."""

    args: tuple[Any, ...]
    value_wei: int
    summary: str
    permanence: str
    cids: tuple[str, ...] = ()


def _money(token: str, amount: int) -> str:
    return format_eth(amount) if token.lower() == ETH_TOKEN else f"{amount:,} units of {token}"


@dataclass(frozen=True)
class RoundOpenIntent:
    pot: int
    scope: Scope
    evaluators: tuple[str, ...]
    quorum: int
    allocate_end: int
    claim_end: int
    token: str = ETH_TOKEN
    kind = "round_open"

    def call_parts(self, content: BlockStore) -> CallParts:
        cid = content.put(scope_document(self.scope))
        args = (
            self.token, self.pot, cid, list(self.evaluators), self.quorum, self.allocate_end,
            self.claim_end,
        )  # fmt: skip
        value = self.pot if self.token.lower() == ETH_TOKEN else 0
        summary = (
            f"Open a funding round of {_money(self.token, self.pot)} with "
            f"{len(self.evaluators)} evaluator(s), quorum {self.quorum}"
        )
        return CallParts(args, value, summary, MONEY, (cid,))


@dataclass(frozen=True)
class RoundAllocateIntent:
    round_id: int
    target_kind: int
    target: int
    amount: int
    reason: str = ""
    token: str = ETH_TOKEN
    kind = "round_allocate"

    def call_parts(self, content: BlockStore) -> CallParts:
        cid = content.put(reason_document(self.reason)) if self.reason.strip() else ""
        name = f"{KIND_NAMES[self.target_kind]} #{self.target}"
        summary = (
            f"Withdraw your allocation to {name} in round #{self.round_id}"
            if self.amount == 0
            else f"Allocate {_money(self.token, self.amount)} to {name} in round #{self.round_id}"
        )
        args = (self.round_id, self.target_kind, self.target, self.amount, cid)
        return CallParts(args, 0, summary, PUBLIC, (cid,) if cid else ())


@dataclass(frozen=True)
class RoundClaimIntent:
    round_id: int
    target_kind: int
    target: int
    expected: int = 0
    """What the checks found claimable: shown in the confirmation."""
    token: str = ETH_TOKEN
    kind = "round_claim"

    def call_parts(self, content: BlockStore) -> CallParts:
        name = f"{KIND_NAMES[self.target_kind]} #{self.target}"
        summary = (
            f"Claim {_money(self.token, self.expected)} for {name} from round #{self.round_id}"
        )
        return CallParts((self.round_id, self.target_kind, self.target), 0, summary, PUBLIC)


@dataclass(frozen=True)
class RoundReclaimIntent:
    round_id: int
    expected: int = 0
    token: str = ETH_TOKEN
    funder: str = field(default="")
    kind = "round_reclaim"

    def call_parts(self, content: BlockStore) -> CallParts:
        summary = (
            f"Return {_money(self.token, self.expected)} left in round #{self.round_id} "
            f"to its funder {self.funder}"
        )
        return CallParts((self.round_id,), 0, summary, PUBLIC)


RoundIntent = RoundOpenIntent | RoundAllocateIntent | RoundClaimIntent | RoundReclaimIntent


def claim_payee(args: tuple[object, ...]) -> Any:
    """Who a claim pays, read as ``Rounds.payeeOf(kind, id)`` (the pipeline re-reads it)."""
    from tui.core.actions.payee import PayeeLookup

    round_id, kind, target = (int(str(a)) for a in args[:3])
    what = "current holder of article" if kind == 2 else "author of post"
    return PayeeLookup(
        CONTRACT, "payeeOf", target, f"{what} #{target}, claiming from round #{round_id}",
        args=(kind, target),
    )  # fmt: skip


PAYEES = {"round_claim": claim_payee}
"""kind -> payee lookup builder, merged into the pipeline's (SECURITY.md §18)."""
