"""CLI commands: ``agora devnet up|status|down|reset`` and ``agora deploy``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from tui.cli.account import passphrase_file_option
from tui.cli.output import emit
from tui.cli.shared import global_options, json_option, state
from tui.core.errors import RejectedError, UsageError


def _devnet(ctx: click.Context) -> Any:
    from tui.core.chain.devnet import Devnet

    actx = state(ctx).context()
    return Devnet(actx.home, actx.content)


def _progress(as_json: bool) -> Any:
    """Progress lines on stderr for people; nothing with --json (stdout stays one document)."""
    if as_json:
        return None
    return lambda message: click.echo(message, err=True)


def _human_status(data: dict[str, Any]) -> str:
    if not data.get("contracts", {}).get("social") and not data["running"]:
        return "The devnet has not been started. Start it with `agora devnet up`."
    state_line = (
        f"running (pid {data['pid']}) at {data['rpc_url']}, block {data['block']}"
        if data["running"]
        else "stopped"
    )
    contracts = data["contracts"]
    lines = [
        f"Devnet: {state_line}",
        f"  chain id      {data['chain_id']}",
        f"  Social        {contracts['social'] or '-'}",
        f"  Articles      {contracts['articles'] or '-'}",
        f"  deploy block  {data['deploy_block']}",
        f"  demo seeded   {'yes' if data.get('seeded') else 'no'}",
        f"  state file    {data.get('state_file') or '-'}",
    ]
    if data.get("protocol") is not None:
        from tui.core.chain.protocol import PROTOCOL_VERSION

        current = data["protocol"] == PROTOCOL_VERSION
        note = (
            "" if current else f" (this Agora speaks {PROTOCOL_VERSION}: `agora devnet up --reset`)"
        )
        lines.append(f"  protocol      version {data['protocol']}{note}")
    return "\n".join(lines)


def _human_up(data: dict[str, Any]) -> str:
    verb = "Started" if data["started"] else "Reusing"
    lines = [
        f"{verb} the devnet at {data['rpc_url']} (chain {data['chain_id']}, pid {data['pid']}).",
        f"  Social    {data['contracts']['social']}",
        f"  Articles  {data['contracts']['articles']}",
    ]
    if data["seeded_now"]:
        seed = data["seed"]
        lines.append(
            f"  Seeded a demo: {seed.get('accounts', 0)} accounts, {seed.get('posts', 0)} posts, "
            f"{seed.get('replies', 0)} replies, {seed.get('articles', 0)} articles "
            f"({seed.get('transactions', 0)} transactions)."
        )
    lines.append(
        f"Ready in {data['seconds']:.2f} s. Run `agora` to open it, `agora devnet down` to stop."
    )
    return "\n".join(lines)


@click.group("devnet")
def devnet_group() -> None:
    """The embedded local chain (anvil): start, inspect, stop, reset."""


@devnet_group.command("up")
@click.option("--no-seed", is_flag=True, help="Do not seed the demo content on a fresh chain.")
@click.option(
    "--reset", "reset_old", is_flag=True, help="Reset a devnet from an older protocol version."
)
@json_option
@global_options
@click.pass_context
def up_cmd(ctx: click.Context, no_seed: bool, reset_old: bool, as_json: bool) -> None:
    """Start the devnet (or reuse the running one); deploy and seed the demo the first time.

    A devnet deployed by an older protocol version is detected and, once confirmed (or with
    --reset), reset and deployed afresh.
    """
    from tui.core.chain.protocol import OutdatedDevnet

    devnet = _devnet(ctx)
    try:
        result = devnet.up(seed=not no_seed, progress=_progress(as_json))
    except OutdatedDevnet as exc:
        if not reset_old:
            if not sys.stdin.isatty():
                raise
            click.echo(exc.message, err=True)
            click.confirm("Reset it now (its chain and indexed data are deleted)?", abort=True)
        devnet.reset()
        result = devnet.up(seed=not no_seed, progress=_progress(as_json))
    data = result.record.to_json()
    data.update(
        started=result.started,
        deployed=result.deployed,
        seeded_now=result.seeded,
        seconds=round(result.seconds, 3),
        running=True,
    )
    emit(data, as_json, _human_up)


@devnet_group.command("status")
@json_option
@global_options
@click.pass_context
def status_cmd(ctx: click.Context, as_json: bool) -> None:
    """Where the devnet runs, its contracts, and whether it is up."""
    emit(_devnet(ctx).status(), as_json, _human_status)


@devnet_group.command("down")
@json_option
@global_options
@click.pass_context
def down_cmd(ctx: click.Context, as_json: bool) -> None:
    """Stop the devnet; its chain is saved and comes back with `agora devnet up`.

    Returns once anvil has exited and its state is on disk (a large chain takes seconds).
    """
    stopped = _devnet(ctx).down(progress=_progress(as_json))
    emit(
        {"stopped": stopped},
        as_json,
        lambda d: (
            "Devnet stopped; its state is saved." if d["stopped"] else "The devnet was not running."
        ),
    )


@devnet_group.command("reset")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@json_option
@global_options
@click.pass_context
def reset_cmd(ctx: click.Context, yes: bool, as_json: bool) -> None:
    """Stop the devnet and delete its chain and the data indexed from it."""
    devnet = _devnet(ctx)
    if not yes:
        if not sys.stdin.isatty():
            raise RejectedError(
                "Resetting deletes the devnet's chain; confirm with --yes.",
                hint="agora devnet reset --yes",
            )
        click.confirm(
            f"Delete the devnet's chain and its indexed data under {devnet.home}?", abort=True
        )
    removed = devnet.reset()
    emit(
        {"reset": True, "removed": [str(p) for p in removed]},
        as_json,
        lambda d: (
            f"Devnet reset ({len(d['removed'])} files removed). "
            "`agora devnet up` starts a fresh chain with the demo."
        ),
    )


@devnet_group.command("mine")
@click.option("--time", "duration", required=True, metavar="DURATION", help="e.g. 2h, 7d")
@json_option
@global_options
@click.pass_context
def mine_cmd(ctx: click.Context, duration: str, as_json: bool) -> None:
    """Move the devnet's clock forward and mine a block (to pass deadlines such as a round's)."""
    from tui.core.chain.rpc import RpcClient
    from tui.core.errors import DevnetStopped
    from tui.core.filters.rules import parse_duration

    seconds = parse_duration(duration)
    devnet = _devnet(ctx)
    record = devnet.read_record()
    if not devnet.is_running(record):
        raise DevnetStopped("The devnet is not running.", hint="Start it with `agora devnet up`.")
    assert record is not None
    with RpcClient(record.rpc_url) as rpc:
        rpc.call("evm_increaseTime", [seconds])
        rpc.call("evm_mine")
        block = rpc.get_block("latest") or {}
    data = {
        "advanced_seconds": seconds,
        "block": int(str(block.get("number", "0x0")), 16),
        "timestamp": int(str(block.get("timestamp", "0x0")), 16),
    }
    emit(
        data,
        as_json,
        lambda d: (
            f"Moved the devnet clock {duration} ahead; block {d['block']} at {d['timestamp']}."
        ),
    )


@click.command("deploy")
@click.option("--name", default="", help="Name to record the network under (default chain-<id>).")
@click.option("--use", "activate", is_flag=True, help="Make it the active network.")
@passphrase_file_option
@json_option
@global_options
@click.pass_context
def deploy_cmd(
    ctx: click.Context, name: str, activate: bool, passphrase_file: Path | None, as_json: bool
) -> None:
    """Deploy Agora's contracts to the chain at --rpc-url with your account, and record it.

    Example: agora deploy --rpc-url https://sepolia.example --name sepolia --account me
    """
    from tui.cli.account import open_wallet, signer_for
    from tui.core.chain.networks import deploy_network

    cli_state = state(ctx)
    if not cli_state.rpc_url:
        raise UsageError("agora deploy needs --rpc-url URL (the chain to deploy to).")
    actx = cli_state.context()
    wallet = open_wallet(actx)
    signer = signer_for(actx, wallet, passphrase_file)
    network = deploy_network(
        actx,
        cli_state.rpc_url,
        signer,
        name=name,
        activate=activate,
        progress=_progress(as_json),
    )
    data = {
        "name": network.name,
        "rpc_url": network.rpc_url,
        "chain_id": network.chain_id,
        "contracts": {"social": network.social, "articles": network.articles},
        "deploy_block": network.deploy_block,
        "deployer": signer.address,
        "active": activate,
        "settings": str(actx.config_path),
    }
    emit(
        data,
        as_json,
        lambda d: (
            f"Deployed to chain {d['chain_id']} and recorded as network {d['name']!r} "
            f"in {d['settings']}.\n  Social    {d['contracts']['social']}\n"
            f"  Articles  {d['contracts']['articles']}\n  block     {d['deploy_block']}\n"
            + (
                "It is now the active network."
                if d["active"]
                else f"Use it with --network {d['name']}."
            )
        ),
    )


@click.command("network")
@click.option("--no-start", is_flag=True, help="Do not start the devnet if it is not running.")
@json_option
@global_options
@click.pass_context
def network_cmd(ctx: click.Context, no_start: bool, as_json: bool) -> None:
    """Show the active network after checking its node's chain id (starts the devnet if needed)."""
    from tui.core.chain.networks import resolve_network

    actx = state(ctx).context()
    network = resolve_network(actx, start_devnet=not no_start)
    data = {
        "name": network.name,
        "rpc_url": network.rpc_url,
        "chain_id": network.chain_id,
        "contracts": {"social": network.social, "articles": network.articles},
        "deploy_block": network.deploy_block,
    }
    emit(
        data,
        as_json,
        lambda d: (
            f"{d['name']}: chain {d['chain_id']} at {d['rpc_url']} (node checked)\n"
            f"  Social    {d['contracts']['social']}\n  Articles  {d['contracts']['articles']}\n"
            f"  deploy block {d['deploy_block']}"
        ),
    )


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
    group.add_command(devnet_group)
    group.add_command(deploy_cmd)
    group.add_command(network_cmd)
