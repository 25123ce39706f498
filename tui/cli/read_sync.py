"""`agora sync` and `agora gateway`: filling the local index, and serving its blocks.

Both work on what this machine keeps rather than reading views of it: ``sync`` indexes the
network's events and fetches their content; ``gateway`` serves the blocks that content left in
the local store to other IPFS clients.
"""

from __future__ import annotations

import threading
from typing import Any

import click

from tui.cli.output import emit
from tui.cli.read import _open
from tui.cli.shared import FiniteRange, global_options, json_option, state


@click.command("sync")
@json_option
@click.option("--follow", is_flag=True, help="Keep following new blocks until interrupted.")
@click.option("--rebuild", is_flag=True, help="Delete the local index first and start over.")
@click.option("--no-fetch", is_flag=True, help="Do not fetch content from gateways.")
@click.option(
    "--fetch-budget",
    default=30.0,
    show_default=True,
    type=FiniteRange(0, 3600),
    metavar="SECONDS",
    help="Most time spent fetching content; what is left is reported as missing.",
)
@global_options
@click.pass_context
def sync_cmd(
    ctx: click.Context,
    as_json: bool,
    follow: bool,
    rebuild: bool,
    no_fetch: bool,
    fetch_budget: float,
) -> None:
    """Index the network's events into the local store and resolve content.

    Content is fetched for at most --fetch-budget seconds (what is on screen in the TUI and
    each author's newest first, a few per author); what no gateway served in that time is
    reported as missing and fetched by later syncs.
    """
    if rebuild:
        index = _open(ctx, me="")
        path = index.path
        index.close()
        if path is not None:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
    index = _open(ctx, me="")
    try:
        result = index.sync()
        hydrated = index.hydrate(budget=fetch_budget) if not no_fetch else None
        data = {
            **result.to_json(),
            "content": hydrated.to_json() if hydrated else None,
            "missing_content": hydrated.missing if hydrated else index.missing_content(),
            "network": index.network.name,
        }
        emit(
            data,
            as_json,
            lambda d: _sync_text(d) + _missing_text(d["missing_content"]),
        )
        if follow:
            stop = threading.Event()

            def report(r: Any) -> None:
                if not no_fetch:
                    index.hydrate(budget=fetch_budget)
                emit(r.to_json(), as_json, lambda d: f"block {d['to_block']}: +{d['posts']} posts")

            try:
                index.indexer().follow(stop, on_sync=report, ws_url=index.network.ws_url)
            except KeyboardInterrupt:
                stop.set()
    finally:
        index.close()


def _sync_text(d: dict[str, Any]) -> str:
    if d["from_block"] > d["to_block"] and not d["reorgs"]:  # nothing new since the last sync
        return f"Up to date at block {d['to_block']} on {d['network']}."
    return (
        f"Indexed blocks {d['from_block']}..{d['to_block']} on {d['network']}: "
        f"{d['posts']} posts, {d['logs']} logs, {d['reorgs']} reorgs in {d['seconds']} s."
    )


def _missing_text(count: int) -> str:
    if not count:
        return ""
    noun = "document" if count == 1 else "documents"
    return f"\n{count} content {noun} still missing (no gateway served them yet; retried later)."


@click.command("gateway")
@click.option("--port", default=8088, show_default=True, type=click.IntRange(0, 65535))
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option(
    "--public",
    is_flag=True,
    help="Allow a non-loopback --host: other machines can then read what you published.",
)
@global_options
@click.pass_context
def gateway_cmd(ctx: click.Context, port: int, host: str, public: bool) -> None:
    """Serve your published content as a read-only trustless gateway (raw blocks).

    Only blocks referenced by indexed events or by your confirmed transactions are served:
    what you wrote and never signed stays private. Loopback only unless --public.
    """
    from tui.core.content.gateway import LocalGateway, is_loopback
    from tui.core.content.published import PublishedCids

    actx = state(ctx).context()
    try:
        gateway = LocalGateway(
            actx.content, host, port, published=PublishedCids(actx.home), public=public
        )
    except OSError as exc:
        raise click.UsageError(f"Cannot listen on {host}:{port}: {exc.strerror}") from None
    if not is_loopback(host):
        click.echo(
            f"Warning: serving on {host or 'every interface'}, not just this machine: anyone who "
            "can reach this port can read every block you published.",
            err=True,
        )
    click.echo(f"Serving {actx.home / 'content'} at {gateway.url}/ipfs/<cid> (Ctrl-C stops).")
    try:
        gateway.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        gateway.server.server_close()


COMMANDS = (sync_cmd, gateway_cmd)
"""Added to the `agora` group by ``tui.cli.read.register``."""
