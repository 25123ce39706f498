"""`agora name …`: ENS names, registered on the devnet, shown verified both ways anywhere.

``register`` is four transactions (claim, resolver, records, primary name), each prepared,
signed and sent through the outbox like any other write, one after the other (each needs the
previous one mined). ``show`` and ``resolve`` only read.
"""

from __future__ import annotations

from typing import Any

import click

from tui.cli.account import open_wallet, passphrase_file_option, signer_for
from tui.cli.output import emit
from tui.cli.shared import global_options, json_option, state
from tui.cli.write import (
    WAIT_SECONDS,
    _confirm,
    _progress,
    _tx_json,
    open_pipeline,
    resolve_network,
)
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
from tui.core.errors import ChainError, UsageError


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


def _plan_lines(title: str, steps: list[Step]) -> list[str]:
    lines = [f"{title}: {len(steps)} transaction(s) from your account"]
    lines += [f"  {i}. {s.summary} ({s.function} on {s.to})" for i, s in enumerate(steps, 1)]
    return lines


def _run_steps(
    ctx: click.Context,
    title: str,
    make_steps: Any,
    *,
    dry_run: bool,
    yes: bool,
    as_json: bool,
    passphrase_file: Any,
) -> None:
    """Prepare, confirm once, then sign and send each step, waiting for each to be mined."""
    actx = state(ctx).context()
    wallet = open_wallet(actx)
    sender = wallet.resolve(actx.overrides.account).address
    pipeline: TxPipeline = open_pipeline(actx)
    try:
        client = require_names(
            actx.home, pipeline.network, pipeline.rpc, offchain=actx.settings.ens_offchain
        )
        steps: list[Step] = make_steps(pipeline, client, sender)
        first = pipeline.prepare(intent_for(steps[0]), sender)
        lines = [*_plan_lines(title, steps), "", *first.confirmation.lines()]
        if dry_run:
            data = {
                "steps": [s.summary for s in steps],
                "confirmation": first.confirmation.to_json(),
                "tx": _tx_json(first),
                "lines": lines,
            }
            emit(data, as_json, lambda d: "\n".join(d["lines"]) + "\n(dry run: nothing signed)")
            return
        _confirm(lines, yes, as_json)
        signer = signer_for(actx, wallet, passphrase_file)
        done = []
        for i, step in enumerate(steps):
            prepared = first if i == 0 else pipeline.prepare(intent_for(step), sender)
            entry = pipeline.submit(prepared, signer, _progress(as_json))
            pipeline.wait(entry.hash, timeout=WAIT_SECONDS)
            entry = pipeline.outcome(entry.hash)
            done.append(entry.to_json())
            if entry.status != "confirmed":
                raise ChainError(
                    f"Step {i + 1} ({step.summary}) did not confirm: {entry.status}"
                    + (f", {entry.error}" if entry.error else "")
                    + f". {i} of {len(steps)} step(s) done."
                )
        from tui.core.chain.devnet import checkpoint_after_write

        checkpoint_after_write(actx.home, pipeline.network.rpc_url)
        emit(
            {"steps": [s.summary for s in steps], "transactions": done},
            as_json,
            lambda d: "\n".join(
                f"Confirmed in block {t['block']}: {s}"
                for s, t in zip(d["steps"], d["transactions"], strict=True)
            ),
        )
    finally:
        pipeline.rpc.close()


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
    name = records.label_name(label)

    def steps(pipeline: TxPipeline, client: Any, sender: str) -> list[Step]:
        ens = devnet_ens(pipeline.network)
        owner = records.owner_of(pipeline.rpc, ens, name)
        if owner is not None and owner != sender:
            raise UsageError(f"{name} is already registered to {owner}.", hint="Pick another name.")
        return records.register_steps(ens, name, sender, avatar=avatar)

    _run_steps(ctx, f"Register {name}", steps, **opts)


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

    _run_steps(ctx, f"Set your primary name to {name}", steps, **opts)


@name_group.command("set-avatar")
@click.argument("name")
@click.argument("record")
@_writes
@click.pass_context
def set_avatar_cmd(ctx: click.Context, name: str, record: str, **opts: Any) -> None:
    """Set NAME's avatar record (https, ipfs://CID, data:, or eip155:CHAIN/erc721:ADDR/ID)."""

    def steps(pipeline: TxPipeline, client: Any, sender: str) -> list[Step]:
        normal = normalize(name)
        find = getattr(client.strategy, "resolver_of", None)
        resolver = find(namehash(normal)) if find is not None else None
        if resolver is None:
            raise UsageError(f"{normal} has no resolver to hold an avatar record.")
        return [records.text_step(resolver, normal, "avatar", record.strip())]

    _run_steps(ctx, f"Set the avatar of {name}", steps, **opts)


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
    network = resolve_network(actx)
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
    network = resolve_network(actx)
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


def account_arg(actx: Any, text: str, *, as_json: bool = False) -> str:
    """An ADDRESS argument that may be an ENS name: a name is resolved fresh on the active
    network and shown as ``ada.eth → 0x…`` on stderr; an address passes through unchanged."""
    from tui.core.ens.normalize import looks_like_name
    from tui.core.ens.service import open_names

    if not looks_like_name(text):
        return text
    network = resolve_network(actx)
    assert network is not None
    rpc = actx.rpc(network.rpc_url)
    try:
        offchain = actx.settings.ens_offchain
        target = resolve_target(text, open_names(actx.home, network, rpc, offchain=offchain))
    finally:
        rpc.close()
    if not as_json:
        click.echo(target.text(), err=True)
    return target.address


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
