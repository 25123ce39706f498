"""Checks before signing: every refusal the contract would make, said with amounts and times."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui.core.rounds.checks import (
    ChainRound,
    RoundRefused,
    TargetState,
    check_allocate,
    check_claim,
    check_open,
    check_reclaim,
)
from tui.core.rounds.model import KIND_ARTICLE, KIND_POST

ETH = 10**18
E1, E2, AUTHOR, HOLDER = (f"0x{i:040x}" for i in (0xE1, 0xE2, 0xA1, 0xB1))
ROUND = ChainRound(
    1, "0xf", "0x" + "0" * 40, ETH, ETH // 2, 2, 1000, 1000 + 7 * 86400, 5, 3, 0, False, (E1, E2)
)
POST = TargetState(KIND_POST, 2, AUTHOR, False, 0, 0, False)
ARTICLE = TargetState(KIND_ARTICLE, 3, HOLDER, True, 0, 0, False, author=AUTHOR)


def _allocate(r: ChainRound = ROUND, t: TargetState = POST, **kw: object) -> None:
    args = {"sender": E1, "amount": ETH // 10, "old": 0, "spent": 0, "now": 500}
    args.update(kw)
    check_allocate(r, t, **args)  # type: ignore[arg-type]


def test_a_good_allocation_passes() -> None:
    _allocate()
    _allocate(t=ARTICLE)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"r": replace(ROUND, quorum=0)}, "There is no round #1"),
        ({"now": 1000}, "Allocation in round #1 closed at"),
        ({"sender": AUTHOR}, "is not an evaluator of round #1"),
        ({"t": replace(POST, target=6)}, "Post #6 is newer than round #1"),
        ({"t": replace(ARTICLE, target=4)}, "Article #4 is newer than round #1"),
        ({"t": replace(ARTICLE, is_article=False)}, "not eligible"),
        ({"t": replace(POST, payee=E2)}, "written by 0x" + "0" * 38 + "e2, an evaluator"),
        ({"t": replace(ARTICLE, payee=E1)}, "held by"),
        ({"t": replace(ARTICLE, author=E2)}, "evaluators cannot back their own work"),
        ({"amount": 0}, "nothing allocated to post #2 to withdraw"),
        ({"amount": ETH, "spent": 0}, "Over budget: you can give 0.5 ETH"),
        ({"amount": ETH // 4, "spent": ETH // 2 - ETH // 10}, "0.1 ETH left for post #2"),
    ],
)
def test_allocation_refusals(change: dict, message: str) -> None:
    with pytest.raises(RoundRefused, match=message.replace("(", r"\(")):
        _allocate(**change)


def test_withdrawing_and_lowering_fit_the_budget() -> None:
    _allocate(amount=0, old=ETH // 10, spent=ETH // 2)
    _allocate(amount=ETH // 5, old=ETH // 4, spent=ETH // 2)


PAID = replace(POST, total=ETH // 5, backers=2)


@pytest.mark.parametrize(
    ("target", "sender", "now", "message"),
    [
        (PAID, AUTHOR, 999, "still allocating; claims open at"),
        (PAID, AUTHOR, 1000 + 7 * 86400, "claim window of round #1 closed"),
        (replace(PAID, claimed=True), AUTHOR, 2000, "already claimed"),
        (replace(PAID, total=0, backers=0), AUTHOR, 2000, "No evaluator allocated"),
        (replace(PAID, backers=1), AUTHOR, 2000, "has 1 backer"),
        (replace(PAID, payee=E1), E1, 2000, "Evaluators of round #1 cannot claim"),
        (PAID, HOLDER, 2000, "Only the payee can claim post #2"),
    ],
)
def test_claim_refusals(target: TargetState, sender: str, now: int, message: str) -> None:
    with pytest.raises(RoundRefused, match=message):
        check_claim(ROUND, target, sender=sender, now=now)


def test_claim_and_reclaim_amounts() -> None:
    assert check_claim(ROUND, PAID, sender=AUTHOR, now=2000) == ETH // 5
    with pytest.raises(RoundRefused, match="can be reclaimed after"):
        check_reclaim(ROUND, now=2000)
    assert check_reclaim(replace(ROUND, paid=ETH // 5), now=ROUND.claim_end) == ETH - ETH // 5
    with pytest.raises(RoundRefused, match="already reclaimed"):
        check_reclaim(replace(ROUND, closed=True), now=ROUND.claim_end)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pot": 0}, "more than 0"),
        ({"evaluators": []}, "at least one evaluator"),
        ({"evaluators": [f"0x{i:040x}" for i in range(1, 34)]}, "at most 32"),
        ({"evaluators": [E1, E1.upper().replace("0X", "0x")]}, "listed twice"),
        ({"evaluators": ["0x" + "0" * 40]}, "zero address"),
        ({"quorum": 3}, "between 1 and the number of evaluators"),
        ({"allocate_end": 10}, "must be in the future"),
        ({"claim_end": 1000 + 7 * 86400 - 1}, "at least 7 days"),
    ],
)
def test_open_refusals(change: dict, message: str) -> None:
    args = {
        "pot": ETH, "evaluators": [E1, E2], "quorum": 2, "allocate_end": 1000,
        "claim_end": 1000 + 7 * 86400, "now": 10,
    }  # fmt: skip
    args.update(change)
    with pytest.raises(RoundRefused, match=message):
        check_open(**args)  # type: ignore[arg-type]
