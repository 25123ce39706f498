"""Hypothesis on a real anvil: for random rounds, paid + reclaimed == pot, and nothing stays."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.rounds.conftest import CID, WEEK, RoundsChain, rounds_decoder
from tui.core.rounds.index import ensure_schema, insert_events
from tui.core.rounds.views import round_view

POST = 1
EVALUATORS = [4, 5, 6, 7]
AUTHORS = [1, 2, 3]

allocation = st.tuples(
    st.integers(0, len(EVALUATORS) - 1),  # which evaluator
    st.integers(0, len(AUTHORS) - 1),  # which post
    st.integers(0, 100),  # percent of the evaluator's budget (0 withdraws)
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pot=st.integers(1, 10**19),
    evaluators=st.integers(1, len(EVALUATORS)),
    quorum_share=st.floats(0, 1),
    allocations=st.lists(allocation, max_size=10),
    claims=st.lists(st.booleans(), min_size=len(AUTHORS), max_size=len(AUTHORS)),
)
def test_paid_plus_reclaimed_is_the_pot(
    rchain: RoundsChain,
    pot: int,
    evaluators: int,
    quorum_share: float,
    allocations: list[tuple[int, int, int]],
    claims: list[bool],
) -> None:
    snapshot = rchain.rpc.call("evm_snapshot")
    try:
        posts = [rchain.post(key) for key in AUTHORS]
        quorum = max(1, round(quorum_share * evaluators))
        rid = rchain.open(EVALUATORS[:evaluators], pot=pot, quorum=quorum)
        budget = rchain.round(rid)["budget"]
        spent = dict.fromkeys(range(evaluators), 0)
        given_to: dict[tuple[int, int], int] = {}
        for who, target, percent in allocations:
            who %= evaluators
            amount = budget * percent // 100
            old = given_to.get((who, target), 0)
            if (old == 0 and amount == 0) or spent[who] - old + amount > budget:
                continue
            rchain.send(
                "Rounds", "allocate", [rid, POST, posts[target], amount, CID], key=EVALUATORS[who]
            )
            spent[who] += amount - old
            given_to[(who, target)] = amount
        _fold_matches_the_contract(rchain, rid, posts)
        rchain.advance(3600)
        paid = 0
        for target, wants in enumerate(claims):
            owed = rchain.call("Rounds", "payoutOf", [rid, POST, posts[target]])
            if wants and owed > 0:
                rchain.send("Rounds", "claim", [rid, POST, posts[target]], key=AUTHORS[target])
                paid += owed
        rchain.advance(WEEK)
        rchain.send("Rounds", "reclaim", [rid], key=0)
        state = rchain.round(rid)
        assert state["paid"] == paid
        assert state["paid"] + state["reclaimed"] == state["pot"] == pot
        assert rchain.balance(rchain.rounds) == 0
    finally:
        rchain.rpc.call("evm_revert", [snapshot])


def _fold_matches_the_contract(rchain: RoundsChain, rid: int, posts: list[int]) -> None:
    """The client's results, folded from the indexed logs, equal the contract's storage."""
    import sqlite3

    logs = rchain.rpc.get_logs(0, rchain.rpc.block_number(), [rchain.rounds])
    events = [e for e in (rounds_decoder().decode(log) for log in logs) if e is not None]
    conn = sqlite3.connect(":memory:")
    ensure_schema(conn)
    insert_events(conn, [(e, 0) for e in events])
    view = round_view(conn, rid, now=0)
    assert view is not None
    for post in posts:
        assert view.results.payout(POST, post) == rchain.call(
            "Rounds", "payoutOf", [rid, POST, post]
        )
    for who in {e.args["evaluator"] for e in events if e.name == "EvaluatorAppointed"}:
        assert view.results.spent.get(who.lower(), 0) == rchain.call(
            "Rounds", "spentBy", [rid, who]
        )
