"""Every rule the Rounds contract enforces, checked before signing with a message a user can act on.

The contract would refuse anyway (and the pipeline's simulation would say so in its terse revert
reason); these checks run first on a fresh snapshot of the chain so that the CLI and TUI can say
what is wrong, with amounts and deadlines, and what to do instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.errors import UsageError
from tui.core.rounds.model import (
    KIND_ARTICLE,
    KIND_NAMES,
    KIND_POST,
    MAX_EVALUATORS,
    MIN_CLAIM_WINDOW,
)
from tui.core.units import format_eth


class RoundRefused(UsageError):
    """A round action the contract would refuse; nothing was signed."""

    code = "round_refused"


@dataclass(frozen=True)
class ChainRound:
    """A round as the contract stores it now (``rounds(id)`` and ``evaluatorsOf(id)``)."""

    round_id: int
    funder: str
    token: str
    pot: int
    budget: int
    quorum: int
    allocate_end: int
    claim_end: int
    post_count: int
    article_count: int
    paid: int
    closed: bool
    evaluators: tuple[str, ...]

    @property
    def exists(self) -> bool:
        return self.quorum > 0

    def is_evaluator(self, address: str) -> bool:
        return address.lower() in {e.lower() for e in self.evaluators}


@dataclass(frozen=True)
class TargetState:
    """One target in one round, read on chain."""

    kind: int
    target: int
    payee: str
    """Author of a post, holder of an article; "" when it does not exist."""
    is_article: bool
    total: int
    backers: int
    claimed: bool
    author: str = ""
    """Who wrote it, from the index (articles: the chain keeps only the holder)."""


def label(kind: int, target: int) -> str:
    return f"{KIND_NAMES.get(kind, 'target')} #{target}"


def _when(seconds: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _money(r: ChainRound, amount: int) -> str:
    return format_eth(amount) if r.token.lower() == "0x" + "0" * 40 else f"{amount:,} token units"


def _known(r: ChainRound) -> None:
    if not r.exists:
        raise RoundRefused(f"There is no round #{r.round_id}.", hint="See `agora round list`.")


def check_open(
    *, pot: int, evaluators: list[str], quorum: int, allocate_end: int, claim_end: int, now: int
) -> None:
    """The opening rules: pot, evaluators, quorum and deadlines."""
    if pot <= 0:
        raise RoundRefused("The pot must be more than 0.")
    if not evaluators:
        raise RoundRefused("A round needs at least one evaluator (--evaluator).")
    if len(evaluators) > MAX_EVALUATORS:
        raise RoundRefused(
            f"A round has at most {MAX_EVALUATORS} evaluators; got {len(evaluators)}."
        )
    lowered = [e.lower() for e in evaluators]
    for e in lowered:
        if e == "0x" + "0" * 40:
            raise RoundRefused("The zero address cannot be an evaluator.")
        if lowered.count(e) > 1:
            raise RoundRefused(f"Evaluator {e} is listed twice.")
    if not 1 <= quorum <= len(evaluators):
        raise RoundRefused(
            f"The quorum must be between 1 and the number of evaluators ({len(evaluators)}); "
            f"got {quorum}."
        )
    if allocate_end <= now:
        raise RoundRefused("The allocation deadline must be in the future.")
    if claim_end < allocate_end + MIN_CLAIM_WINDOW:
        raise RoundRefused("The claim window must last at least 7 days after allocation ends.")


def check_allocate(
    r: ChainRound, t: TargetState, *, sender: str, amount: int, old: int, spent: int, now: int
) -> None:
    """Why ``sender`` may not set its allocation for ``t`` to ``amount`` (raises), if it may not."""
    _known(r)
    name = label(t.kind, t.target)
    if now >= r.allocate_end:
        raise RoundRefused(
            f"Allocation in round #{r.round_id} closed at {_when(r.allocate_end)}; nothing can "
            "change now."
        )
    if not r.is_evaluator(sender):
        raise RoundRefused(
            f"{sender} is not an evaluator of round #{r.round_id}; only its "
            f"{len(r.evaluators)} evaluators can allocate."
        )
    if t.kind not in (KIND_POST, KIND_ARTICLE):
        raise RoundRefused("A target is a post or an article.")
    limit = r.post_count if t.kind == KIND_POST else r.article_count
    if t.target < 1 or t.target > limit or (t.kind == KIND_ARTICLE and not t.is_article):
        if t.target > limit:
            raise RoundRefused(
                f"{name.capitalize()} is newer than round #{r.round_id}: only work that existed "
                f"when it opened is eligible (up to {label(t.kind, limit)})."
            )
        raise RoundRefused(
            f"{name.capitalize()} is not eligible: it is not a published {name.split()[0]}."
        )
    for who, what in (
        (t.payee, "held" if t.kind == KIND_ARTICLE else "written"),
        (t.author, "written"),
    ):
        if who and r.is_evaluator(who):
            raise RoundRefused(
                f"{name.capitalize()} is {what} by {who}, an evaluator of round #{r.round_id}: "
                "evaluators cannot back their own work or each other's."
            )
    if amount == 0 and old == 0:
        raise RoundRefused(f"You have nothing allocated to {name} to withdraw.")
    after = spent - old + amount
    if after > r.budget:
        left = r.budget - (spent - old)
        raise RoundRefused(
            f"Over budget: you can give {_money(r, r.budget)} in round #{r.round_id} and have "
            f"{_money(r, left)} left for {name}; you asked for {_money(r, amount)}."
        )


def check_claim(r: ChainRound, t: TargetState, *, sender: str, now: int) -> int:
    """The amount ``sender`` can claim for ``t`` now (raises why not)."""
    _known(r)
    name = label(t.kind, t.target)
    if now < r.allocate_end:
        raise RoundRefused(
            f"Round #{r.round_id} is still allocating; claims open at {_when(r.allocate_end)}."
        )
    if now >= r.claim_end:
        raise RoundRefused(
            f"The claim window of round #{r.round_id} closed at {_when(r.claim_end)}; unclaimed "
            "awards go back to the funder."
        )
    if t.claimed:
        raise RoundRefused(f"The award for {name} in round #{r.round_id} was already claimed.")
    if t.total == 0:
        raise RoundRefused(f"No evaluator allocated anything to {name} in round #{r.round_id}.")
    if t.backers < r.quorum:
        raise RoundRefused(
            f"{name.capitalize()} has {t.backers} backer(s); round #{r.round_id} needs "
            f"{r.quorum}, so it is not paid."
        )
    if r.is_evaluator(sender):
        raise RoundRefused(f"Evaluators of round #{r.round_id} cannot claim from it.")
    if t.payee.lower() != sender.lower():
        holder = "holds the article token" if t.kind == KIND_ARTICLE else "wrote the post"
        raise RoundRefused(f"Only the payee can claim {name}: {t.payee} {holder}, not {sender}.")
    return t.total


def check_reclaim(r: ChainRound, *, now: int) -> int:
    """What a reclaim returns to the funder (raises when it cannot run)."""
    _known(r)
    if now < r.claim_end:
        raise RoundRefused(
            f"Round #{r.round_id} can be reclaimed after its claim window closes at "
            f"{_when(r.claim_end)}."
        )
    if r.closed:
        raise RoundRefused(f"Round #{r.round_id} was already reclaimed.")
    return r.pot - r.paid
