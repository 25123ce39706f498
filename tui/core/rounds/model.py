"""What a round is, as the client sees it: plain records built from Rounds' events."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

KIND_POST = 1
KIND_ARTICLE = 2
KINDS = {"post": KIND_POST, "article": KIND_ARTICLE}
KIND_NAMES = {KIND_POST: "post", KIND_ARTICLE: "article"}
ETH_TOKEN = "0x" + "0" * 40
MIN_CLAIM_WINDOW = 7 * 86400
"""Seconds the contract requires between the allocation and claim deadlines."""
MAX_EVALUATORS = 32


def kind_code(name: str) -> int:
    """1 for "post", 2 for "article" (the contract's codes); ValueError otherwise."""
    try:
        return KINDS[name.strip().lower()]
    except KeyError:
        raise ValueError(f"A target is a post or an article, not {name[:20]!r}.") from None


class Phase(StrEnum):
    """Where a round stands at a given time."""

    ALLOCATING = "allocating"
    CLAIMING = "claiming"
    ENDED = "ended"
    """Past the claim deadline, not yet reclaimed."""
    CLOSED = "closed"
    """Reclaimed: nothing left in the round."""


@dataclass(frozen=True)
class Round:
    """A round as opened (``RoundOpened`` plus its ``EvaluatorAppointed`` logs)."""

    round_id: int
    funder: str
    token: str
    pot: int
    quorum: int
    allocate_end: int
    claim_end: int
    post_count: int
    article_count: int
    scope_cid: str
    evaluators: tuple[str, ...]
    opened_at: int = 0

    @property
    def budget(self) -> int:
        """What each evaluator may give in total (the contract's ``pot // evaluators``)."""
        return self.pot // max(len(self.evaluators), 1)

    @property
    def is_eth(self) -> bool:
        return self.token.lower() == ETH_TOKEN

    def is_evaluator(self, address: str) -> bool:
        return address.lower() in {e.lower() for e in self.evaluators}

    def phase(self, now: int, *, closed: bool = False) -> Phase:
        if closed:
            return Phase.CLOSED
        if now < self.allocate_end:
            return Phase.ALLOCATING
        if now < self.claim_end:
            return Phase.CLAIMING
        return Phase.ENDED

    def eligible_id(self, kind: int, target: int) -> bool:
        """Existed when the round opened (articles: also must be an article, checked apart)."""
        limit = self.post_count if kind == KIND_POST else self.article_count
        return kind in KIND_NAMES and 1 <= target <= limit


@dataclass(frozen=True)
class Allocation:
    """One ``Allocated`` log: the evaluator's new amount for a target (not a delta)."""

    evaluator: str
    kind: int
    target: int
    amount: int
    reason_cid: str = ""
    block: int = 0
    log_index: int = 0


@dataclass(frozen=True)
class Claim:
    payee: str
    kind: int
    target: int
    amount: int
    block: int = 0


@dataclass
class TargetResult:
    """Where one post or article stands in a round."""

    kind: int
    target: int
    total: int = 0
    backers: dict[str, int] = field(default_factory=dict)
    """Evaluator -> current amount (> 0 only)."""
    claimed: int = 0

    @property
    def backer_count(self) -> int:
        return len(self.backers)
