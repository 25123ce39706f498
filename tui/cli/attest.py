"""CLI commands for endorsements: endorse, acknowledge, endorsements, experts, revoke.

Writes go through the shared write flow (confirmation, ``--dry-run``, ``--yes``, outbox) and
print the new attestation's uid; reads list what counts under Agora's rules from the index.
"""

from __future__ import annotations

from typing import Any

import click

from tui.cli.output import emit
from tui.cli.read import _open_read, me_option, offline_option
from tui.cli.shared import global_options, json_option
from tui.cli.write import _common, run_write
from tui.core.actions.outbox import OutboxEntry
from tui.core.actions.pipeline import TxPipeline
from tui.core.attest.rules import Endorsement
from tui.core.context import AgoraContext


def _uid_of(pipeline: TxPipeline, entry: OutboxEntry) -> dict[str, Any]:
    from tui.core.attest.eas import uid_from_receipt
    from tui.core.attest.intents import eas_address

    receipt = pipeline.rpc.receipt(entry.hash) or {}
    uid = uid_from_receipt(receipt, eas_address(pipeline.network))
    return {"uid": uid, "message": f"Attestation uid: {uid}"}


def _evidence(actx: AgoraContext, text: str) -> str:
    """The CID of ``text`` (a post id, article:N or CID), read from the local index."""
    if not text.strip():
        return ""
    from tui.core.attest.evidence import resolve_evidence
    from tui.core.index.service import cached_network, open_index

    network = cached_network(actx)
    if network is None:
        from tui.core.index.service import resolve

        network = resolve(actx)
    index = open_index(actx, network=network)
    try:
        return resolve_evidence(index.conn, text)
    finally:
        index.close()


@click.command("endorse")
@click.argument("address")
@click.option("--skill", required=True, help="The skill you vouch for (e.g. vyper).")
@click.option("--community", default="", help="The community id it is about (optional).")
@click.option("--evidence", default="", help="A post id (47), article:N or a CID that shows it.")
@_common
@click.pass_context
def endorse(
    ctx: click.Context, address: str, skill: str, community: str, evidence: str, **opts: Any
) -> None:
    """Endorse ADDRESS (or an ENS name) for a skill (an EAS attestation; prints its uid)."""
    from tui.cli.names import account_arg
    from tui.core.attest.intents import endorse as endorse_intent

    def make(actx: AgoraContext) -> Any:
        who = account_arg(actx, address, as_json=opts["as_json"])
        return endorse_intent(who, skill, community, _evidence(actx, evidence))

    run_write(ctx, make, result=_uid_of, **opts)


@click.command("acknowledge")
@click.argument("address")
@click.option("--skill", required=True, help="The skill they are an expert in.")
@click.option("--community", required=True, help="The community id you moderate.")
@click.option("--level", required=True, type=click.IntRange(1, 5), help="1 (practitioner) to 5.")
@click.option("--evidence", default="", help="A post id (47), article:N or a CID that shows it.")
@click.option("--ref", "ref_uid", default="", help="The endorsement uid this stands on.")
@_common
@click.pass_context
def acknowledge(
    ctx: click.Context, address: str, skill: str, community: str, level: int, evidence: str,
    ref_uid: str, **opts: Any,
) -> None:  # fmt: skip
    """Acknowledge ADDRESS (or an ENS name) as an expert of a community you moderate (prints
    the uid)."""
    from tui.cli.names import account_arg
    from tui.core.attest.eas import ZERO_UID
    from tui.core.attest.intents import acknowledge as acknowledge_intent

    def make(actx: AgoraContext) -> Any:
        who = account_arg(actx, address, as_json=opts["as_json"])
        return acknowledge_intent(
            who, skill, community, level, _evidence(actx, evidence), ref_uid or ZERO_UID
        )

    run_write(ctx, make, result=_uid_of, **opts)


@click.command("revoke")
@click.argument("uid")
@_common
@click.pass_context
def revoke(ctx: click.Context, uid: str, **opts: Any) -> None:
    """Revoke one of your endorsements or acknowledgements by its UID."""
    from tui.cli.write import Step, run_write_steps
    from tui.core.attest.intents import revoke_checked

    def step(_actx: AgoraContext, pipeline: TxPipeline, sender: str) -> Step:
        return revoke_checked(pipeline.rpc, pipeline.network, uid, sender), True

    run_write_steps(ctx, step, **opts)


def _item_json(item: Endorsement) -> dict[str, Any]:
    return {
        "uid": item.uid,
        "kind": item.kind,
        "claimed": item.claimed,
        "attester": item.attester,
        "recipient": item.recipient,
        "skill": item.skill,
        "community": item.community,
        "level": item.level,
        "evidence": item.evidence,
        "time": item.time,
    }


def _item_text(item: Endorsement, *, given: bool = False) -> str:
    who = f"to {item.recipient}" if given else f"by {item.attester}"
    where = f" in community {item.community}" if item.community else ""
    level = f" (expert, level {item.level})" if item.kind == "acknowledgement" else ""
    proof = f"  evidence {item.evidence}" if item.evidence else ""
    return f"{item.skill}{level}{where}  {who}  {item.uid}{proof}"


@click.command("endorsements")
@click.argument("address", required=False)
@click.option("--given", is_flag=True, help="What ADDRESS endorsed, instead of what it received.")
@me_option
@offline_option
@json_option
@global_options
@click.pass_context
def endorsements(
    ctx: click.Context, address: str | None, given: bool, me: str | None, as_json: bool,
    offline: bool,
) -> None:  # fmt: skip
    """Endorsements and expert acknowledgements of ADDRESS (or an ENS name; default: yours)
    that count."""
    from tui.cli.names import account_arg
    from tui.cli.shared import state
    from tui.core.attest.intents import _recipient
    from tui.core.ens.normalize import looks_like_name
    from tui.core.errors import UsageError
    from tui.core.index import attestations

    if address and not offline:  # a name, as `agora endorse` takes it (resolved fresh)
        address = account_arg(state(ctx).context(), address, as_json=as_json)
    elif address and looks_like_name(address):
        raise UsageError("With --offline give a 0x address: names are resolved on the node, fresh.")
    index = _open_read(ctx, me, as_json, offline)
    try:
        target = _recipient(address) if address else index.me
        if not target:
            raise click.UsageError("Give an ADDRESS (no active account).")
        items = (attestations.by if given else attestations.about)(index.conn, target)
    finally:
        index.close()
    data = {"address": target, "given": given, "attestations": [_item_json(i) for i in items]}

    def human(_: Any) -> str:
        if not items:
            return f"No endorsements {'by' if given else 'of'} {target}."
        return "\n".join(_item_text(i, given=given) for i in items)

    emit(data, as_json, human)


@click.command("experts")
@click.argument("community")
@offline_option
@json_option
@global_options
@click.pass_context
def experts(ctx: click.Context, community: str, as_json: bool, offline: bool) -> None:
    """Acknowledged experts of COMMUNITY (acknowledgements by its moderators)."""
    from tui.core.attest.intents import check_community_id
    from tui.core.index import attestations

    community = check_community_id(community)
    index = _open_read(ctx, None, as_json, offline)
    try:
        items = attestations.experts(index.conn, community)
    finally:
        index.close()
    data = {"community": community, "experts": [_item_json(i) for i in items]}

    def human(_: Any) -> str:
        if not items:
            return f"No acknowledged experts in community {community} yet."
        return "\n".join(
            f"{i.recipient}  {i.skill} (level {i.level})  by {i.attester}  {i.uid}" for i in items
        )

    emit(data, as_json, human)


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
    for command in (endorse, acknowledge, revoke, endorsements, experts):
        group.add_command(command)
