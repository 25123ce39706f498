"""A round's results, folded from its events: a pure function, checked against the contract.

The contract keeps the same numbers in storage; the client recomputes them from logs so that a
list of rounds and their results needs no ``eth_call`` per target. Folding the same events
incrementally or from scratch gives the same answer (the events carry amounts, not deltas).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.core.rounds.model import Allocation, Claim, Round, TargetResult


@dataclass
class Results:
    """Totals, quorum and payouts of one round."""

    round: Round
    targets: dict[tuple[int, int], TargetResult] = field(default_factory=dict)
    spent: dict[str, int] = field(default_factory=dict)
    """Evaluator (lower case) -> what it has given in total."""
    paid: int = 0
    reclaimed: int | None = None
    """None until the round is reclaimed."""

    def qualifies(self, result: TargetResult) -> bool:
        return result.total > 0 and result.backer_count >= self.round.quorum

    def payout(self, kind: int, target: int) -> int:
        """What the target is owed (0 below quorum), as ``payoutOf`` says."""
        result = self.targets.get((kind, target))
        return result.total if result is not None and self.qualifies(result) else 0

    def budget_left(self, evaluator: str) -> int:
        return self.round.budget - self.spent.get(evaluator.lower(), 0)

    @property
    def allocated(self) -> int:
        return sum(self.spent.values())

    @property
    def owed(self) -> int:
        """Everything quorum makes payable, claimed or not."""
        return sum(r.total for r in self.targets.values() if self.qualifies(r))

    @property
    def unclaimed(self) -> int:
        return sum(r.total for r in self.targets.values() if self.qualifies(r) and not r.claimed)

    @property
    def returnable(self) -> int:
        """What a reclaim sends back to the funder now: ``pot - paid``."""
        return self.round.pot - self.paid

    def ranked(self) -> list[TargetResult]:
        """Targets by total, largest first (ties by kind and id, so the order is stable)."""
        return sorted(self.targets.values(), key=lambda r: (-r.total, r.kind, r.target))


def fold(
    round_: Round,
    allocations: Iterable[Allocation],
    claims: Iterable[Claim] = (),
    reclaimed: int | None = None,
) -> Results:
    """Apply allocations in chain order (later logs replace earlier amounts), then claims."""
    results = Results(round_, reclaimed=reclaimed)
    targets = results.targets
    spent = results.spent
    for a in allocations:
        key = (a.kind, a.target)
        result = targets.get(key)
        if result is None:
            result = targets[key] = TargetResult(a.kind, a.target)
        who = a.evaluator.lower()
        old = result.backers.pop(who, 0)
        if a.amount > 0:
            result.backers[who] = a.amount
        result.total += a.amount - old
        spent[who] = spent.get(who, 0) + a.amount - old
    for c in claims:
        result = targets.get((c.kind, c.target))
        if result is not None:
            result.claimed = c.amount
        results.paid += c.amount
    for key in [k for k, r in targets.items() if r.total == 0 and not r.backers]:
        del targets[key]
    return results
