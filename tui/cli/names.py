"""`agora name …`: ENS names, registered on the devnet, shown verified both ways anywhere.

``register`` is four transactions (claim, resolver, records, primary name), each confirmed,
signed and sent through the outbox like any other write, one after the other (each needs the
previous one mined). ``show`` and ``resolve`` only read.
"""

from __future__ import annotations

from typing import Any

import click

from tui.cli.account import passphrase_file_option
from tui.cli.output import emit
from tui.cli.shared import global_options, json_option, state
from tui.cli.write import resolve_network, run_write_steps
from tui.core.actions.pipeline import TxPipeline
from tui.core.ens import records
from tui.core.ens.normalize import namehash, normalize
from tui.core.ens.records import Step
from tui.core.ens.service import (
    devnet_ens,
    intent_for,
    report,
    require_names,
    resolve_target,
)
from tui.core.errors import UsageError


def _writes(func: Any) -> Any:
    for option in (
        global_options,
        json_option,
        passphrase_file_option,
        click.option("--yes", is_flag=True, help="Sign without asking."),
        click.option("--dry-run", is_flag=True, help="Simulate the first step and list them all."),
    ):
        func = option(func)
    return func


def _run_steps(ctx: click.Context, make_steps: Any, **opts: Any) -> None:
    """The steps ``make_steps(pipeline, client, sender)`` plans (from the chain as it is when
    the first is asked for), each confirmed, sent and mined in turn by ``run_write_steps``."""
    planned: list[Step] = []
    done = [0]

    def next_step(actx: Any, pipeline: TxPipeline, sender: str) -> tuple[Any, bool]:
        if not planned:
            offchain = actx.settings.ens_offchain
            client = require_names(actx.home, pipeline.network, pipeline.rpc, offchain=offchain)
            planned.extend(make_steps(pipeline, client, sender))
        step = planned[done[0]]
        done[0] += 1
        return intent_for(step), done[0] == len(planned)

    run_write_steps(ctx, next_step, **opts)


@click.group("name")
def name_group() -> None:
    """ENS names: register one (devnet), show and resolve names verified both ways."""


@name_group.command("register")
@click.argument("label")
@click.option("--avatar", default="", help="Avatar record (ENSIP-12: https, ipfs, data, eip155).")
@_writes
@click.pass_context
def register_cmd(ctx: click.Context, label: str, avatar: str, **opts: Any) -> None:
    """Register LABEL.eth on the devnet and make it your primary name."""
    from tui.core.ens.avatar import check_avatar_record

    name = records.label_name(label)
    avatar = check_avatar_record(avatar)

    def next_step(actx: Any, pipeline: TxPipeline, sender: str) -> tuple[Any, bool]:
        ens = devnet_ens(pipeline.network)
        step, last = records.next_register_step(pipeline.rpc, ens, name, sender, avatar=avatar)
        return intent_for(step), last

    run_write_steps(ctx, next_step, **opts)


@name_group.command("set-primary")
@click.argument("name")
@_writes
@click.pass_context
def set_primary_cmd(ctx: click.Context, name: str, **opts: Any) -> None:
    """Make NAME (which must resolve to your address) your primary name."""

    def steps(pipeline: TxPipeline, client: Any, sender: str) -> list[Step]:
        target = resolve_target(name, client)
        if target.address != sender:
            raise UsageError(
                f"{target.name} resolves to {target.address}, not to your account {sender}: "
                "it would not verify as your primary name."
            )
        return [records.primary_step(devnet_ens(pipeline.network), str(target.name))]

    _run_steps(ctx, steps, **opts)


@name_group.command("set-avatar")
@click.argument("name")
@click.argument("record")
@_writes
@click.pass_context
def set_avatar_cmd(ctx: click.Context, name: str, record: str, **opts: Any) -> None:
    """Set NAME's avatar record (https, ipfs://CID, data:, or eip155:CHAIN/erc721:ADDR/ID)."""

    from tui.core.ens.avatar import check_avatar_record

    value = check_avatar_record(record)  # before the node is asked anything

    def steps(pipeline: TxPipeline, client: Any, sender: str) -> list[Step]:
        normal = normalize(name)
        find = getattr(client.strategy, "resolver_of", None)
        resolver = find(namehash(normal)) if find is not None else None
        if resolver is None:
            raise UsageError(f"{normal} has no resolver to hold an avatar record.")
        registry = getattr(client.strategy, "registry", None)
        owner = records.owner_of(pipeline.rpc, registry, normal) if registry else None
        # An account (no code) owning it directly is the only one its resolver lets write;
        # a contract owner (a name wrapper) has its own rules, so the node decides then.
        if owner and owner != sender and not pipeline.rpc.get_code(owner):
            raise UsageError(
                f"{normal} belongs to {owner}, not to your account {sender}: only its owner "
                "can set its records."
            )
        return [records.text_step(resolver, normal, "avatar", value)]

    _run_steps(ctx, steps, **opts)


def _show_text(data: dict[str, Any]) -> str:
    lines = []
    name = data["name"] or "(no name)"
    mark = "✓ verified both ways" if data["verified"] else f"✗ not verified: {data['reason']}"
    lines.append(f"{name}  {mark}")
    lines.append(f"address: {data['address'] or '(none)'}")
    if data["claimed_name"] and not data["verified"]:
        lines.append(f"reverse record claims: {data['claimed_name']}")
    avatar = data["avatar"]
    if avatar:
        state_ = (
            "NFT, owner verified"
            if avatar["owner_verified"] and avatar["shown"]
            else ("shown" if avatar["shown"] else f"not shown: {avatar['problem']}")
        )
        lines.append(f"avatar: {avatar['record']} ({state_})")
    return "\n".join(lines)


@name_group.command("show")
@click.argument("name_or_address")
@global_options
@json_option
@click.pass_context
def show_cmd(ctx: click.Context, name_or_address: str, as_json: bool) -> None:
    """Show a name or an address: both directions, whether they verify, and the avatar."""
    actx = state(ctx).context()
    network = resolve_network(actx, check=True)
    assert network is not None
    rpc = actx.rpc(network.rpc_url)
    try:
        client = require_names(actx.home, network, rpc, offchain=actx.settings.ens_offchain)
        found = report(client, name_or_address, rpc=rpc, network=network, home=actx.home)
        emit(found.to_json(), as_json, _show_text)
    finally:
        rpc.close()


@name_group.command("resolve")
@click.argument("name")
@global_options
@json_option
@click.pass_context
def resolve_cmd(ctx: click.Context, name: str, as_json: bool) -> None:
    """Print the address NAME resolves to (fresh from the chain, never cached)."""
    actx = state(ctx).context()
    network = resolve_network(actx, check=True)
    assert network is not None
    rpc = actx.rpc(network.rpc_url)
    try:
        client = require_names(actx.home, network, rpc, offchain=actx.settings.ens_offchain)
        target = resolve_target(name, client)
        emit({"name": target.name, "address": target.address}, as_json, lambda d: d["address"])
    finally:
        rpc.close()


def register(group: click.Group) -> None:
    group.add_command(name_group)


def account_arg(actx: Any, text: str, *, as_json: bool = False, offline: bool = False) -> str:
    """An ADDRESS argument that may be an ENS name: a name is resolved fresh on the active
    network and shown as ``ada.eth → 0x…`` on stderr; an address passes through unchanged.
    With ``offline`` a name is refused (it needs the node). Inside a write, the name is
    resolved again right before signing (``recheck_named``)."""
    from tui.core.ens.normalize import looks_like_name
    from tui.core.ens.service import open_names

    if not looks_like_name(text):
        return text
    if offline:
        raise UsageError(
            f"{text.strip()[:60]!r} is an ENS name: names are resolved on the node, fresh.",
            hint="Drop --offline, or give the 0x address.",
        )
    network = resolve_network(actx, check=True)
    assert network is not None
    rpc = actx.rpc(network.rpc_url)
    try:
        offchain = actx.settings.ens_offchain
        target = resolve_target(text, open_names(actx.home, network, rpc, offchain=offchain))
    finally:
        rpc.close()
    if not as_json:
        click.echo(target.text(), err=True)
    current = click.get_current_context(silent=True)
    if current is not None:  # checked again by ``recheck_named`` right before signing
        current.meta.setdefault(_NAMED, []).append(target)
    return target.address


_NAMED = "agora.named_targets"
"""The names this command resolved (``Target``s), in the click context's shared meta."""


def account_args(actx: Any, texts: Any, *, as_json: bool = False) -> list[str]:
    """Several ADDRESS arguments (``account_arg`` each), in order."""
    return [account_arg(actx, text, as_json=as_json) for text in texts]


def recheck_named(actx: Any, network: Any, rpc: Any) -> None:
    """Right before signing: every name this command resolved must still point where it did
    when the user confirmed (``tui.core.ens.service.recheck``); ChainError otherwise."""
    from tui.core.ens.service import open_names, recheck

    current = click.get_current_context(silent=True)
    targets = current.meta.get(_NAMED, []) if current is not None else []
    if not targets:
        return
    client = open_names(actx.home, network, rpc, offchain=actx.settings.ens_offchain)
    for target in targets:
        recheck(target, client)


def learn_names(ctx: click.Context, index: Any, addresses: list[str]) -> None:
    """Best effort, for a read command's text output: the verified primary names of the
    accounts about to be printed, remembered for ``verified_name`` (batched, cached in the
    index database). Says nothing when the network has no ENS or does not answer."""
    from tui.core.ens.service import open_names
    from tui.core.ens.verified import remember
    from tui.core.errors import AgoraError

    wanted = list(dict.fromkeys(a for a in addresses if a))
    network = getattr(index, "network", None)
    if not wanted or network is None or not network.rpc_url:
        return
    actx = state(ctx).context()
    try:
        rpc = actx.rpc(network.rpc_url)
    except AgoraError:
        return
    try:
        client = open_names(actx.home, network, rpc, offchain=actx.settings.ens_offchain)
        if client is not None:
            remember({a: p.name for a, p in client.primary_names(wanted).items()})
    except AgoraError:
        return
    finally:
        rpc.close()
