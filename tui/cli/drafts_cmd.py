"""CLI commands: `agora drafts` lists the unsent posts, replies and articles; `delete` drops
one, `schedule`/`unschedule` set when the TUI offers to send it.

The drafts are the files the TUI's editors autosave (``tui.core.drafts``); listing them reads
only the data directory, so it works without a node.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click

from tui.cli.output import emit
from tui.cli.shared import json_option
from tui.core.drafts import DraftStore, format_when, parse_when
from tui.core.text import clean_line


def _human(drafts: list[dict[str, Any]]) -> str:
    if not drafts:
        return "No drafts."
    lines = []
    for d in drafts:
        when = datetime.fromtimestamp(d["saved_at"], UTC).strftime("%Y-%m-%d %H:%M UTC")
        what = d["kind"] + (f" to #{d['reply_to']}" if d["reply_to"] else "")
        preview = clean_line(d["preview"], 60) or "(empty first line)"
        if d["scheduled_at"]:
            preview = f"[scheduled for {format_when(d['scheduled_at'])}] {preview}"
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


@drafts_group.command("schedule")
@click.argument("draft_id")
@click.argument("when")
@json_option
def drafts_schedule(draft_id: str, when: str, as_json: bool) -> None:
    """Send the post or reply DRAFT_ID at WHEN (10m, 2h, 1d, 09:30 or 2026-12-05 09:30, UTC).

    Nothing is signed now: when the time comes while the TUI runs, it opens the confirmation.
    """
    import time

    store = DraftStore()
    due = parse_when(when, time.time())
    store.schedule(draft_id, due)
    emit(
        {"id": draft_id, "scheduled_at": due},
        as_json,
        lambda d: (
            f"{d['id']} is scheduled for {format_when(d['scheduled_at'])}; "
            "the TUI asks you to confirm it then."
        ),
    )


@drafts_group.command("unschedule")
@click.argument("draft_id")
@json_option
def drafts_unschedule(draft_id: str, as_json: bool) -> None:
    """Keep DRAFT_ID as a draft, no longer scheduled."""
    DraftStore().schedule(draft_id, 0)
    emit({"id": draft_id, "scheduled_at": None}, as_json, lambda d: f"{d['id']} is not scheduled.")


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
    group.add_command(drafts_group)
