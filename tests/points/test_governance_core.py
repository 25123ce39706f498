"""The governance builders' own checks, before anything reaches a chain (fast, no node)."""

from __future__ import annotations

import click
import pytest

from tui.core.content.store import LocalContentStore
from tui.core.errors import UsageError
from tui.core.points import governance as gov

UNIT = 10**18


def _rules(**kw: object) -> gov.Rules:
    base: dict[str, object] = dict(community=1, enabled=True, vote_by_points=True, unproven=1, threshold=0,
                membership_blocks=10, member_until=0, timed=False, restricted=True, head=100)  # fmt: skip
    base.update(kw)
    return gov.Rules(**base)  # type: ignore[arg-type]


def test_a_timed_membership_expires_at_its_block() -> None:
    assert _rules(timed=True, member_until=101).expired is False
    assert _rules(timed=True, member_until=101).membership_left == 1
    assert _rules(timed=True, member_until=100).expired is True
    assert _rules(timed=False, member_until=50).expired is False  # invited: never timed
    assert _rules(timed=True, member_until=50, restricted=False).expired is False


def test_membership_is_priced_from_the_current_end() -> None:
    intent = gov.membership_intent(1, 3 * UNIT, 5 * UNIT, _rules(member_until=150), "GRD")
    assert intent.args == (1, gov.MEMBERSHIP_PERK, 3 * UNIT)
    assert "30 blocks" in intent.summary and "block 180" in intent.summary
    with pytest.raises(UsageError, match="sells no membership") as refused:
        gov.membership_intent(1, UNIT, UNIT, _rules(membership_blocks=0), "GRD")
    # The hint names a command that exists (it said `agora community points-settings`).
    assert refused.value.hint == "Its owner can: agora points settings 1 --membership-blocks N"
    from tui.cli.main import cli

    points_group = cli.get_command(click.Context(cli), "points")
    assert isinstance(points_group, click.Group)
    settings = points_group.get_command(click.Context(points_group), "settings")
    assert settings is not None
    assert "--membership-blocks" in [o for p in settings.params for o in p.opts]
    with pytest.raises(UsageError, match="buys no block"):
        gov.membership_intent(1, UNIT // 20, UNIT, _rules(), "GRD")
    with pytest.raises(UsageError, match="less than"):
        gov.membership_intent(1, 2 * UNIT, UNIT, _rules(), "GRD")


def test_a_vote_plan_picks_the_call_and_refuses_weight_zero() -> None:
    proof = gov.Proof(0, 42 * UNIT + 7, [b"\x01" * 32])
    plan = gov.VotePlan(5, 1, True, 0, 42, proof, "earned")
    intent = plan.intent(True)
    assert intent.function.startswith("voteEarned(")
    assert intent.args == (5, True, 0, 42 * UNIT + 7, [b"\x01" * 32])
    assert "weight 42" in intent.summary
    bare = gov.VotePlan(5, 1, True, 0, 0, None, "you had earned no points by epoch 0")
    assert bare.intent(False).function == "vote(uint256,bool)"
    with pytest.raises(UsageError, match="would weigh 0: you had earned no points by epoch 0"):
        gov.check_vote(bare)
    gov.check_vote(plan)


def test_settings_are_checked(tmp_path: object) -> None:
    with pytest.raises(UsageError, match="0 or 1"):
        gov.set_rules(1, True, 2, 0)
    intent = gov.set_rules(1, True, 0, 5 * UNIT)
    assert intent.args == (1, True, 0, 5 * UNIT) and "admits from 5" in intent.summary
    assert gov.set_perk(1, 1, 7200).args == (1, 1, 7200)
    assert gov.parse_points("2.5") == 5 * UNIT // 2


def test_a_veto_vote_needs_a_pending_root(tmp_path: object) -> None:
    from pathlib import Path

    store = LocalContentStore(Path(str(tmp_path)))
    with pytest.raises(UsageError, match="no pending points root"):
        gov.veto_proposal(store, 1, b"\x00" * 32, "")
    intent = gov.veto_proposal(store, 1, b"\x07" * 32, "pays the moderators twice")
    assert intent.args[1] == 6 and intent.args[2] == int.from_bytes(b"\x07" * 32, "big")
    assert intent.cids and store.get(intent.cids[0]) is not None


def test_settings_words_become_one_or_two_calls() -> None:
    current = _rules(vote_by_points=False, unproven=1, threshold=3 * UNIT)
    (only,) = gov.parse_settings("vote=points", current)
    assert only.args == (1, True, 1, 3 * UNIT)
    both = gov.parse_settings("unproven=0 threshold=2.5 membership=7200", current)
    assert [i.function.split("(")[0] for i in both] == ["setPointsRules", "setPerk"]
    assert both[0].args == (1, False, 0, 5 * UNIT // 2) and both[1].args == (1, 1, 7200)
    for bad in ("", "vote", "vote=maybe", "unproven=2", "membership=-3", "color=red"):
        with pytest.raises(UsageError):
            gov.parse_settings(bad, current)


def test_governance_lines_say_weight_admission_and_expiry() -> None:
    lines = gov.governance_lines(_rules(threshold=5 * UNIT, timed=True, member_until=90), 7 * UNIT)
    assert "yours: 7 at the latest accepted root" in lines[0]
    assert "you qualify" in lines[1]
    assert "membership for sale: 10 blocks per point" in lines[2]
    assert "EXPIRED at block 90" in lines[3]
    assert gov.governance_lines(_rules(vote_by_points=False, membership_blocks=0), 0) == [
        "one member, one vote"
    ]


def test_the_index_names_a_veto_roots_target_as_the_root() -> None:
    from tui.core.communities.fold import ProposalKind
    from tui.core.index.communities import _proposal_target

    assert ProposalKind.parse("veto-root") is ProposalKind.VETO_ROOT
    assert _proposal_target(6, 0xAB) == "0x" + "0" * 62 + "ab"
    assert _proposal_target(5, 1) == "1"
