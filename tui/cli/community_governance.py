"""`agora community propose|vote|execute|moderator`: who runs a community, and changing it.

A VOTE community changes its moderators, owner and rules through proposals its members vote
on; an OWNER-governed one through its owner's ``moderator`` command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tui.cli.community_write import _by_id_command, _event_result, _rules_file, _write
from tui.cli.shared import ID
from tui.cli.write import _common
from tui.core.communities import intents
from tui.core.communities.fold import ProposalKind
from tui.core.context import AgoraContext


def _proposal(args: dict[str, Any]) -> dict[str, Any]:
    pid = int(args["proposal"])
    return {"proposal": pid, "message": f"Proposal #{pid}, open until block {args['endBlock']}"}


_proposed = _event_result("Proposed", _proposal)
"""The new proposal's id and end block, read from the confirmed transaction's Proposed log."""

_KINDS = [k.slug for k in ProposalKind]


@click.command("propose")
@click.argument("community_id", type=ID)
@click.argument("kind", type=click.Choice(_KINDS))
@click.argument("target", default="")
@click.option(
    "--rules",
    "rules_file",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The new rules, for set-rules.",
)
@click.option("--note", default="", help="Why (stored as a note).")
@_common
@click.pass_context
def propose_cmd(
    ctx: click.Context, community_id: int, kind: str, target: str, rules_file: Path | None,
    note: str, **opts: Any,
) -> None:  # fmt: skip
    """Propose a change in a VOTE community: add-mod, remove-mod, set-owner ADDRESS;
    set-restricted on|off; set-rules --rules FILE; veto-root (the pending points root).
    Prints the proposal id."""
    chosen = ProposalKind.parse(kind)
    assert chosen is not None  # click.Choice
    rules = _rules_file(rules_file) if rules_file else None

    def make(actx: AgoraContext) -> Any:
        if chosen is ProposalKind.VETO_ROOT:  # the target is the pending root, read from Points
            from tui.cli.points import veto_vote_intent

            return veto_vote_intent(actx, community_id, note)
        from tui.cli.names import account_arg

        who = account_arg(actx, target, as_json=opts["as_json"]) if target else target
        return intents.propose(actx.content, community_id, chosen, who, rules=rules, note=note)

    _write(ctx, make, opts, _proposed)


@click.command("vote")
@click.argument("proposal_id", type=ID)
@click.argument("choice", type=click.Choice(["yes", "no"]))
@_common
@click.pass_context
def vote_cmd(ctx: click.Context, proposal_id: int, choice: str, **opts: Any) -> None:
    """Vote on a proposal (members who joined before it opened; once). When the community
    weighs votes by points earned, the proof of yours is built and attached automatically."""
    from tui.cli.points_governance import vote_intent

    _write(ctx, lambda c: vote_intent(c, proposal_id, choice == "yes"), opts)


@click.command("moderator")
@click.argument("community_id", type=ID)
@click.argument("address")
@click.option("--remove", is_flag=True, help="Remove instead of add.")
@_common
@click.pass_context
def moderator_cmd(
    ctx: click.Context, community_id: int, address: str, remove: bool, **opts: Any
) -> None:
    """Add (or --remove) a moderator of an OWNER-governed community (its owner only)."""
    from tui.cli.names import account_arg

    def make(c: AgoraContext) -> Any:
        who = account_arg(c, address, as_json=opts["as_json"])
        return intents.set_moderator(community_id, who, not remove)

    _write(ctx, make, opts)


execute_cmd = _by_id_command(
    "execute", "proposal_id", intents.execute,
    "Apply a proposal that passed, after its voting period.",
)  # fmt: skip

COMMANDS = (propose_cmd, vote_cmd, execute_cmd, moderator_cmd)
"""The governance commands, added to `agora community` by ``tui.cli.community``."""
