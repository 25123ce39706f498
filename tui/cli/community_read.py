"""`agora community list|show|timeline|experts|log|proposals|members`: reading communities.

Every command reads the local index (caught up first, like `agora timeline`) and prints either
lines for people or, with ``--json``, the views' own ``to_json`` shapes that scripts rely on.
"""

from __future__ import annotations

from typing import Any

import click

from tui.cli.output import emit
from tui.cli.read import _open_read, _short, _when, offline_option
from tui.cli.shared import ID, global_options, json_option
from tui.core.communities.fold import Action, Governance
from tui.core.index.community_views import (
    CommunityDetail,
    CommunityPostView,
    CommunitySummary,
    CommunityViews,
    LogEntryView,
    ProposalView,
)
from tui.core.text import clean_line


def _views(ctx: click.Context, as_json: bool, offline: bool) -> tuple[Any, CommunityViews]:
    index = _open_read(ctx, None, as_json, offline)
    return index, CommunityViews(index.conn, index.me)


def _summary_line(s: CommunitySummary) -> str:
    name = s.name or f"(meta {s.meta_status})"
    flags = []
    if s.parent:
        flags.append(f"fork of #{s.parent}")
    if s.restricted:
        flags.append("restricted")
    if s.governance is Governance.VOTE:
        flags.append("vote")
    if s.joined:
        flags.append("joined")
    tail = f" [{', '.join(flags)}]" if flags else ""
    return f"#{s.id} {name}{tail} · {s.members} members · {s.posts} posts\n    {s.goal}"


def _none_found(search: str, joined: bool) -> str:
    """Why the list is empty: no community matches, or there is none at all."""
    if search.strip():
        return f"No community matches {clean_line(search, 60)!r}."
    return "You have joined no community yet." if joined else "No communities yet."


@click.command("list")
@click.option("--search", default="", help="Only communities whose name or goal contains this.")
@click.option("--joined", is_flag=True, help="Only the communities you are a member of.")
@offline_option
@json_option
@global_options
@click.pass_context
def list_cmd(ctx: click.Context, search: str, joined: bool, as_json: bool, offline: bool) -> None:
    """List communities, most recently active first."""
    index, views = _views(ctx, as_json, offline)
    try:
        found = views.communities(search, joined_only=joined)
        emit(
            [s.to_json() for s in found],
            as_json,
            lambda _: "\n".join(_summary_line(s) for s in found) or _none_found(search, joined),
        )
    finally:
        index.close()


def _detail_text(d: CommunityDetail) -> str:
    s = d.summary
    lines = [_summary_line(s)]
    if s.description:
        lines.append(f"    {s.description}")
    lines.append(f"owner {s.owner} · governance {s.governance.name.lower()}")
    if s.parent:
        lines.append(
            f"forked from #{s.parent} at block {s.fork_block} · lineage "
            + " ← ".join(f"#{c}" for c in d.lineage)
        )
    if d.forks:
        lines.append("forks: " + ", ".join(f"#{c}" for c in d.forks))
    lines.append("moderators: " + (", ".join(d.moderators) or "(the owner only)"))
    lines.append(f"rules ({d.rules_status}):")
    lines.extend(f"  {n}. {text}" for n, text in d.rules)
    if d.banned:
        lines.append("banned: " + ", ".join(d.banned))
    return "\n".join(lines)


@click.command("show")
@click.argument("community_id", type=ID)
@offline_option
@json_option
@global_options
@click.pass_context
def show_cmd(ctx: click.Context, community_id: int, as_json: bool, offline: bool) -> None:
    """Show a community: goal, owner, governance, moderators, members, rules, lineage, forks."""
    index, views = _views(ctx, as_json, offline)
    try:
        detail = views.community(community_id)
        emit(detail.to_json(), as_json, lambda _: _detail_text(detail))
    finally:
        index.close()


def _post_text(item: CommunityPostView) -> str:
    p = item.post
    who = p.author_name or _short(p.author)
    where = f" (from #{item.community})" if item.community else ""
    head = f"#{p.id} {who} · {_when(p.timestamp)}{where}"
    if item.badge:
        head += f" · {item.badge}"
    if p.parent:
        head += f" · reply to #{p.parent}"
    if item.collapse is not None:
        return f"{head}\n    [{item.collapse.label()}] (agora thread {p.id} to read it)"
    return f"{head}\n    {p.text or '(' + str(p.content_status) + ')'}"


@click.command("timeline")
@click.argument("community_id", type=ID)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--before", default=None, type=ID, help="Only posts with id < ID.")
@click.option("--experts", is_flag=True, help="Only posts by the community's acknowledged experts.")
@offline_option
@json_option
@global_options
@click.pass_context
def timeline_cmd(
    ctx: click.Context, community_id: int, limit: int, before: int | None, experts: bool,
    as_json: bool, offline: bool,
) -> None:  # fmt: skip
    """A community's posts, newest first; hidden ones are marked with who, rule and reason,
    and posts by its acknowledged experts carry their badge."""
    index, views = _views(ctx, as_json, offline)
    try:
        posts = views.timeline(community_id, before, limit, experts_only=experts)
        emit(
            [p.to_json() for p in posts],
            as_json,
            lambda _: (
                "\n".join(_post_text(p) for p in posts)
                or ("No posts by acknowledged experts yet." if experts else "No posts yet.")
            ),
        )
    finally:
        index.close()


@click.command("experts")
@click.argument("community_id", type=ID)
@offline_option
@json_option
@global_options
@click.pass_context
def experts_cmd(ctx: click.Context, community_id: int, as_json: bool, offline: bool) -> None:
    """The community's acknowledged experts: who, skill and level, and which moderator
    acknowledged them (acknowledgements by its moderators at that time, still standing)."""
    from tui.cli.attest import _item_json

    index, views = _views(ctx, as_json, offline)
    try:
        found = views.experts(community_id)
    finally:
        index.close()

    def human(_: Any) -> str:
        if not found:
            return f"No acknowledged experts in community #{community_id} yet."
        return "\n".join(
            f"{i.recipient}  {i.skill} (level {i.level})  acknowledged by {i.attester}  {i.uid}"
            for i in found
        )

    emit([_item_json(i) for i in found], as_json, human)


def _log_text(e: LogEntryView) -> str:
    source = f" (inherited from #{e.inherited_from})" if e.inherited_from else ""
    target = f"post #{e.target}" if e.action in (Action.HIDE, Action.RESTORE) else e.target
    line = (
        f"{_when(e.timestamp)} block {e.block}: {e.action.label} {target} by {e.moderator}"
        f"{source} · {e.reason.rules_label()} · {e.reason.label()}"
    )
    if e.reason.note:
        line += f"\n    note: {e.reason.note}"
    for by, text in e.appeals:
        line += f"\n    appeal by {by}: {text or '(pending)'}"
    return line


@click.command("log")
@click.argument("community_id", type=ID)
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10_000))
@offline_option
@json_option
@global_options
@click.pass_context
def log_cmd(
    ctx: click.Context, community_id: int, limit: int, as_json: bool, offline: bool
) -> None:
    """The moderation log: who did what, under which rule, and the appeals."""
    index, views = _views(ctx, as_json, offline)
    try:
        entries = views.log(community_id, limit)
        emit(
            [e.to_json() for e in entries],
            as_json,
            lambda _: "\n".join(_log_text(e) for e in entries) or "Nothing moderated yet.",
        )
    finally:
        index.close()


def _proposal_text(p: ProposalView) -> str:
    state = (
        "executed" if p.executed
        else f"open until block {p.end_block}" if not p.closed
        else f"voting closed at block {p.end_block}: {'passed' if p.passed else 'did not pass'}"
    )  # fmt: skip
    kind = p.kind.slug if p.kind else "unknown"
    return f"#{p.id} {kind} {p.target if p.target != '0' else ''} · yes {p.yes} no {p.no} · {state}"


@click.command("proposals")
@click.argument("community_id", type=ID)
@offline_option
@json_option
@global_options
@click.pass_context
def proposals_cmd(ctx: click.Context, community_id: int, as_json: bool, offline: bool) -> None:
    """A VOTE community's proposals and their tallies."""
    index, views = _views(ctx, as_json, offline)
    try:
        found = views.proposals(community_id)
        emit(
            [p.to_json() for p in found],
            as_json,
            lambda _: "\n".join(_proposal_text(p) for p in found) or "No proposals yet.",
        )
    finally:
        index.close()


@click.command("members")
@click.argument("community_id", type=ID)
@offline_option
@json_option
@global_options
@click.pass_context
def members_cmd(ctx: click.Context, community_id: int, as_json: bool, offline: bool) -> None:
    """The members of a community now."""
    index, views = _views(ctx, as_json, offline)
    try:
        members = views.members(community_id)
        emit(members, as_json, lambda _: "\n".join(members) or "No members.")
    finally:
        index.close()


COMMANDS = (list_cmd, show_cmd, timeline_cmd, experts_cmd, log_cmd, proposals_cmd, members_cmd)
"""The reading commands, added to `agora community` by ``tui.cli.community``."""
