"""`agora points weight|join|membership|settings` and the vote-side of governance: what earned
points do in a community (vote weight, admission, bought membership, a veto by vote).

Kept apart from tui/cli/points.py (the distribution: compute, verify, propose, claim); these
commands hang on the same `agora points` group. Every proof comes from the distribution the
client recomputes (tui.core.points.governance); nobody pastes one.
"""

from __future__ import annotations

from typing import Any

import click

from tui.cli.output import emit
from tui.cli.points import _account, _open, _Session, _write, points
from tui.cli.shared import ID, global_options, json_option
from tui.cli.write import _common, resolve_network
from tui.core.context import AgoraContext
from tui.core.errors import UsageError
from tui.core.points import KEY
from tui.core.points import governance as gov
from tui.core.units import format_units


def vote_intent(actx: AgoraContext, proposal: int, support: bool) -> Any:
    """The vote on ``proposal``, carrying a proof of earned points when its community weighs
    votes by points (built here from the recomputed distribution, never pasted)."""
    from tui.core.communities import intents as community_intents

    network = resolve_network(actx)
    if network is None or KEY not in network.contracts:
        return community_intents.vote(proposal, support)
    s = _Session(actx)
    who = _account(actx, None)
    plan = gov.plan_vote(s.rpc, s.where, proposal, who)
    if not plan.by_points:
        return community_intents.vote(proposal, support)
    gov.check_vote(plan)
    return plan.intent(support)


@points.command("weight")
@click.argument("proposal_id", type=ID)
@click.argument("address", required=False)
@json_option
@global_options
@click.pass_context
def weight_cmd(ctx: click.Context, proposal_id: int, address: str | None, as_json: bool) -> None:
    """How much your vote on a proposal weighs, and why (the proof is built, not pasted)."""
    actx, s = _open(ctx)
    who = _account(actx, address, as_json=as_json)
    plan = gov.plan_vote(s.rpc, s.where, proposal_id, who)
    data = {
        "proposal": proposal_id, "community": plan.community, "account": who,
        "by_points": plan.by_points, "snapshot_epoch": plan.epoch, "weight": plan.weight,
        "proven": plan.proof is not None,
        "earned": str(plan.proof.cumulative) if plan.proof else "0", "note": plan.note,
    }  # fmt: skip
    emit(data, as_json, lambda d: f"proposal #{d['proposal']}: weight {d['weight']} ({d['note']})")


@points.command("join")
@click.argument("community_id", type=ID)
@_common
@click.pass_context
def join_cmd(ctx: click.Context, community_id: int, **opts: Any) -> None:
    """Join a restricted community without an invite, with the points you earned (proved
    against the latest accepted root)."""
    actx, s = _open(ctx)
    s.info(community_id)
    who = _account(actx, None)
    intent = gov.plan_join(s.rpc, s.where, community_id, who)
    _write(ctx, lambda _c: intent, opts)


@points.command("membership")
@click.argument("community_id", type=ID)
@click.argument("address", required=False)
@click.option("--offline", is_flag=True,
              help="The settings last indexed (they may be stale); the node is not asked.")  # fmt: skip
@json_option
@global_options
@click.pass_context
def membership_cmd(
    ctx: click.Context, community_id: int, address: str | None, offline: bool, as_json: bool
) -> None:
    """The community's points settings and your membership: bought (until which block),
    expired, or not timed."""
    if offline:
        r, who = _indexed_rules(ctx, community_id, address, as_json)
    else:
        actx, s = _open(ctx)
        who = _account(actx, address, as_json=as_json)
        r = gov.read_rules(s.rpc, s.where, community_id, who)
    data = {
        "community": community_id, "account": who, "vote_by_points": r.vote_by_points,
        "unproven_weight": r.unproven, "threshold": str(r.threshold),
        "membership_blocks_per_point": r.membership_blocks, "member_until": r.member_until,
        "timed": r.timed, "expired": r.expired, "blocks_left": r.membership_left, "head": r.head,
    }  # fmt: skip
    if offline:
        data["indexed_block"] = r.head  # what "head" is here: the index's, not the node's
    emit(data, as_json, _membership_text)


def _indexed_rules(
    ctx: click.Context, community: int, address: str | None, as_json: bool
) -> tuple[gov.Rules, str]:
    """The settings as the local index's events leave them, and the account they are for."""
    from tui.cli.read import _open_read
    from tui.cli.shared import state
    from tui.core.errors import NotFoundError
    from tui.core.points.gov_history import community_known, indexed_rules

    who = _account(state(ctx).context(), address, as_json=as_json, offline=True)
    index = _open_read(ctx, None, as_json, True)
    try:
        if not community_known(index.conn, community):
            raise NotFoundError(f"There is no community #{community} in the local index.")
        rules = indexed_rules(index.conn, community, who)
    finally:
        index.close()
    if rules is None:
        raise NotFoundError(
            f"The local index has not seen points enabled in community #{community}."
        )
    return rules, who


def _membership_text(d: dict[str, Any]) -> str:
    votes = "by earned points" if d["vote_by_points"] else "one member, one vote"
    lines = [f"community #{d['community']}: votes weigh {votes}"
             + (f" (without a proof: {d['unproven_weight']})" if d["vote_by_points"] else "")]  # fmt: skip
    threshold = int(d["threshold"])
    lines.append(f"  admits from {format_units(threshold, 18)} points earned" if threshold
                 else "  no admission by earned points")  # fmt: skip
    blocks = d["membership_blocks_per_point"]
    lines.append(f"  membership: {blocks} blocks per point (perk 1)" if blocks
                 else "  no membership for sale")  # fmt: skip
    if "indexed_block" in d:
        lines.append(f"  (as last indexed, at block {d['indexed_block']}: it may be stale)")
    if d["expired"]:
        lines.append(f"  your membership EXPIRED at block {d['member_until']}")
    elif d["blocks_left"]:
        lines.append(f"  your membership runs until block {d['member_until']} "
                     f"({d['blocks_left']} blocks left)")  # fmt: skip
    return "\n".join(lines)


@points.command("settings")
@click.argument("community_id", type=ID)
@click.option("--vote-by-points/--one-vote", "by_points", default=None,
              help="Weigh votes by points earned, or one member one vote.")  # fmt: skip
@click.option("--unproven", type=click.IntRange(0, 1), default=None,
              help="The weight of a vote without earned points (0 or 1).")  # fmt: skip
@click.option("--threshold", default=None,
              help="Earned points that admit to the restricted community (0 = off).")  # fmt: skip
@click.option("--membership-blocks", type=click.IntRange(min=0), default=None,
              help="Blocks of membership each point buys (0 = none for sale).")  # fmt: skip
@_common
@click.pass_context
def settings_cmd(ctx: click.Context, community_id: int, by_points: bool | None,
                 unproven: int | None, threshold: str | None, membership_blocks: int | None,
                 **opts: Any) -> None:  # fmt: skip
    """Set a community's points rules (its owner): vote weight, admission, membership price.
    Options left out keep their current values."""
    from tui.cli.write import run_write_steps

    _actx, s = _open(ctx)
    s.info(community_id)
    r = gov.read_rules(s.rpc, s.where, community_id)
    units = r.threshold if threshold is None else gov.parse_points(threshold)
    rules_changed = by_points is not None or unproven is not None or threshold is not None
    todo: list[Any] = []
    if rules_changed:
        todo.append(gov.set_rules(
            community_id, r.vote_by_points if by_points is None else by_points,
            r.unproven if unproven is None else unproven, units,
        ))  # fmt: skip
    if membership_blocks is not None:
        todo.append(gov.set_perk(community_id, gov.MEMBERSHIP_PERK, membership_blocks))
    if not todo:
        raise UsageError("Nothing to change: give --vote-by-points/--one-vote, --unproven, "
                         "--threshold or --membership-blocks.")  # fmt: skip
    steps = iter(todo)

    def next_step(_c: AgoraContext, _p: Any, _sender: str) -> tuple[Any, bool]:
        intent = next(steps)
        return intent, intent is todo[-1]

    run_write_steps(ctx, next_step, **opts)


@points.command("history")
@click.argument("community_id", type=ID)
@click.option("--offline", is_flag=True, help="Read the local index only; do not catch up first.")
@json_option
@global_options
@click.pass_context
def history_cmd(ctx: click.Context, community_id: int, offline: bool, as_json: bool) -> None:
    """Who changed the community's points governance, and when, from the local index: points
    rules (old → new), membership perks, memberships bought and veto votes, oldest first."""
    from tui.cli.read import _not_found, _open_read
    from tui.core.errors import NotFoundError
    from tui.core.points.gov_history import community_known, history

    index = _open_read(ctx, None, as_json, offline)
    try:
        if not community_known(index.conn, community_id):
            raise _not_found(ctx, NotFoundError(
                f"There is no community #{community_id} in the local index.",
                hint="Run agora sync, or check the id with agora community list.",
            ))  # fmt: skip
        changes = history(index.conn, community_id)
    finally:
        index.close()
    emit([c.as_json() for c in changes], as_json, _history_text)


def _history_text(rows: list[dict[str, Any]]) -> str:
    from tui.cli.read import _when
    from tui.core.text import clean_line

    if not rows:
        return "No points governance changes indexed."
    return "\n".join(
        f"block {r['block']}  {_when(r['timestamp'])}  {clean_line(r['by'], 42)}  "
        f"{clean_line(r['text'], 200)}"
        for r in rows
    )


def register(group: click.Group) -> None:
    """Its commands are on `agora points` (added when this module is imported)."""
    group.add_command(points)
