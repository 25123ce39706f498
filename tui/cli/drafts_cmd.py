"""CLI commands: `agora drafts` lists the unsent posts, replies and articles; `delete` drops one.

The drafts are the files the TUI's editors autosave (``tui.core.drafts``); listing them reads
only the data directory, so it works without a node.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click

from tui.cli.output import emit
from tui.cli.shared import json_option
from tui.core.drafts import DraftStore
from tui.core.text import clean_line


def _human(drafts: list[dict[str, Any]]) -> str:
    if not drafts:
        return "No drafts."
    lines = []
    for d in drafts:
        when = datetime.fromtimestamp(d["saved_at"], UTC).strftime("%Y-%m-%d %H:%M UTC")
        what = d["kind"] + (f" to #{d['reply_to']}" if d["reply_to"] else "")
        preview = clean_line(d["preview"], 60) or "(empty first line)"
        lines.append(f"{d['id']:<16} {what:<16} {when}  {preview}")
    return "\n".join(lines)


@click.group("drafts", invoke_without_command=True)
@json_option
@click.pass_context
def drafts_group(ctx: click.Context, as_json: bool) -> None:
    """List unsent posts, replies and articles (resume them in the TUI: `:drafts`)."""
    if ctx.invoked_subcommand is None:
        emit([d.to_json() for d in DraftStore().list()], as_json, _human)


@drafts_group.command("delete")
@click.argument("draft_id")
@json_option
def drafts_delete(draft_id: str, as_json: bool) -> None:
    """Delete the draft DRAFT_ID (as `agora drafts` lists it); its words are gone for good."""
    DraftStore().remove(draft_id)
    emit({"deleted": draft_id}, as_json, lambda d: f"Deleted draft {d['deleted']}.")


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
    group.add_command(drafts_group)
