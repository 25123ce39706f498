"""CLI commands: ``agora tx list|speed-up|cancel|retry`` over the write-ahead outbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tui.cli.account import open_wallet, passphrase_file_option, signer_for
from tui.cli.output import emit
from tui.cli.shared import global_options, json_option, state
from tui.core.actions.outbox import Outbox, OutboxEntry
from tui.core.errors import ChainError, DevnetStopped


def _row(entry: dict[str, Any]) -> str:
    summary = entry["intent"].get("summary") or entry["kind"]
    where = f" block {entry['block']}" if entry.get("block") else ""
    error = f" — {entry['error']}" if entry.get("error") and entry["status"] != "pending" else ""
    return (
        f"{entry['hash']}  nonce {entry['nonce']:>4}  {entry['status']:<9}{where}  {summary}{error}"
    )


@click.group("tx")
def tx_group() -> None:
    """Your transactions (the outbox): list, speed up, cancel, retry."""


@tx_group.command("list")
@click.option("--no-sync", is_flag=True, help="Do not ask the node for updates first.")
@json_option
@global_options
@click.pass_context
def list_(ctx: click.Context, no_sync: bool, as_json: bool) -> None:
    """List transactions: hash, nonce, status, intent (reconciled with the node first)."""
    actx = state(ctx).context()
    entries: list[OutboxEntry]
    pipeline = None
    if not no_sync and (actx.home / "outbox.sqlite").exists():
        from tui.cli.write import open_pipeline

        try:
            pipeline = open_pipeline(actx)
        except DevnetStopped:  # the history is local: read it, start nothing
            if not as_json:
                click.echo("The devnet is not running: the outbox as last known.", err=True)
    if pipeline is None:
        outbox = Outbox(actx.path("outbox.sqlite"))
        entries = outbox.list()
        outbox.close()
    else:
        try:
            try:
                entries = pipeline.reconcile()
            except ChainError:
                entries = pipeline.list_transactions()  # offline: show what we know
        finally:
            pipeline.rpc.close()
    rows = [e.to_json() for e in entries]
    emit(rows, as_json, lambda rs: "\n".join(_row(r) for r in rs) or "No transactions yet.")


def _replace(
    ctx: click.Context,
    tx_hash: str,
    how: str,
    yes: bool,
    as_json: bool,
    passphrase_file: Path | None,
) -> None:
    """Speed up, cancel or retry ``tx_hash``: confirm, sign as its sender, wait, report."""
    from tui.cli.write import _confirm, _human_result, index_own_event, open_pipeline

    actx = state(ctx).context()
    pipeline = open_pipeline(actx)
    try:
        if how == "retry":
            prepared = pipeline.prepare_retry(tx_hash)
        else:
            prepared = pipeline.prepare_replacement(tx_hash, cancel=how == "cancel")
        conf = prepared.confirmation
        _confirm(conf.lines(), yes, as_json)
        wallet = open_wallet(actx)
        wallet.index.active = conf.sender  # sign as the original sender, whatever is active
        actx.overrides.account = conf.sender
        signer = signer_for(actx, wallet, passphrase_file)
        entry = pipeline.submit(prepared, signer)
        entry = pipeline.wait(entry.hash, timeout=120)
        winner = pipeline.outcome(entry.hash)
        data: dict[str, Any] = {"confirmation": conf.to_json(), "transaction": winner.to_json()}
        if winner.status == "confirmed":
            data["indexed"] = index_own_event(actx, pipeline.network, winner, as_json)
        emit(data, as_json, _human_result)
    finally:
        pipeline.rpc.close()


def _tx_command(name: str, help_text: str) -> None:
    """Add ``agora tx NAME TX_HASH``: confirm, sign as the transaction's sender, wait, report."""

    @tx_group.command(name, help=help_text)
    @click.argument("tx_hash")
    @click.option("--yes", is_flag=True, help="Sign without asking.")
    @passphrase_file_option
    @json_option
    @global_options
    @click.pass_context
    def command(
        ctx: click.Context, tx_hash: str, yes: bool, passphrase_file: Path | None, as_json: bool
    ) -> None:
        _replace(ctx, tx_hash, name, yes, as_json, passphrase_file)


_tx_command("speed-up", "Re-send a pending transaction with fees raised by at least 12.5%.")
_tx_command(
    "cancel",
    "Cancel a pending transaction (a 0 ETH self-send with the same nonce and higher fees).",
)
_tx_command(
    "retry", "Do a failed, dropped or cancelled transaction's action again, as a new transaction."
)


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
    group.add_command(tx_group)
