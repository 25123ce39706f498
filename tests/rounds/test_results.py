"""The results fold: totals, backers, quorum and budgets, against a plain model (Hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.core.rounds.model import KIND_ARTICLE, KIND_POST, Allocation, Claim, Phase, Round
from tui.core.rounds.results import fold

EVALUATORS = tuple(f"0x{i:040x}" for i in range(1, 5))


def _round(quorum: int = 2, pot: int = 1000) -> Round:
    return Round(
        1, "0xf", "0x" + "0" * 40, pot, quorum, 100, 100 + 7 * 86400, 10, 10, "", EVALUATORS
    )


def test_later_allocations_replace_earlier_ones_and_zero_withdraws() -> None:
    r = _round()
    results = fold(
        r,
        [
            Allocation(EVALUATORS[0], KIND_POST, 1, 100),
            Allocation(EVALUATORS[0], KIND_POST, 1, 50),
            Allocation(EVALUATORS[1], KIND_POST, 1, 20),
            Allocation(EVALUATORS[1], KIND_ARTICLE, 2, 30),
            Allocation(EVALUATORS[1], KIND_ARTICLE, 2, 0),
        ],
    )
    assert results.payout(KIND_POST, 1) == 70
    assert (KIND_ARTICLE, 2) not in results.targets  # withdrawn entirely
    assert results.spent == {EVALUATORS[0].lower(): 50, EVALUATORS[1].lower(): 20}
    assert results.budget_left(EVALUATORS[0]) == 250 - 50


def test_below_quorum_is_not_paid_and_claims_are_counted() -> None:
    r = _round(quorum=3)
    allocations = [Allocation(e, KIND_POST, 1, 10) for e in EVALUATORS[:2]]
    assert fold(r, allocations).payout(KIND_POST, 1) == 0
    allocations.append(Allocation(EVALUATORS[2], KIND_POST, 1, 10))
    results = fold(r, allocations, [Claim("0xa", KIND_POST, 1, 30)])
    assert results.payout(KIND_POST, 1) == 30
    assert results.paid == 30 and results.unclaimed == 0
    assert results.returnable == 970


def test_phases() -> None:
    r = _round()
    assert r.phase(99) == Phase.ALLOCATING
    assert r.phase(100) == Phase.CLAIMING
    assert r.phase(r.claim_end) == Phase.ENDED
    assert r.phase(0, closed=True) == Phase.CLOSED


allocation = st.builds(
    Allocation,
    st.sampled_from(EVALUATORS),
    st.sampled_from([KIND_POST, KIND_ARTICLE]),
    st.integers(1, 4),
    st.integers(0, 250),
)


@given(st.lists(allocation, max_size=40), st.integers(1, 4))
def test_fold_matches_a_plain_model(allocations: list[Allocation], quorum: int) -> None:
    latest: dict[tuple[str, int, int], int] = {}
    for a in allocations:
        latest[(a.evaluator.lower(), a.kind, a.target)] = a.amount
    results = fold(_round(quorum), allocations)
    for kind in (KIND_POST, KIND_ARTICLE):
        for target in range(1, 5):
            amounts = [v for (e, k, t), v in latest.items() if (k, t) == (kind, target) and v]
            expected = sum(amounts) if len(amounts) >= quorum else 0
            assert results.payout(kind, target) == expected
    assert results.allocated == sum(latest.values())


@given(st.lists(allocation, max_size=40), st.integers(0, 40))
def test_folding_in_two_passes_equals_one(allocations: list[Allocation], cut: int) -> None:
    """The events carry amounts, not deltas: a prefix folded again with the rest is the same."""
    whole = fold(_round(), allocations)
    again = fold(_round(), allocations[:cut] + allocations[cut:])
    assert {k: (v.total, v.backers) for k, v in whole.targets.items()} == {
        k: (v.total, v.backers) for k, v in again.targets.items()
    }
    assert whole.owed <= whole.allocated
