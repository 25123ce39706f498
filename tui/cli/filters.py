"""CLI for reading filters: mute, unmute, block, unblock, filter add|list|remove, bookmarks.

All local (nothing is signed or sent). The shapes are stable for scripts; each has ``--json``.
Timelines, threads, search and notifications apply these through the index's views.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from tui.cli.output import emit
from tui.cli.read import _open_cached, _post_text
from tui.cli.shared import global_options, json_option, state
from tui.core.filters import actions
from tui.core.models import ArticleView, PostView


def _person_command(name: str, summary: str) -> click.Command:
    @click.command(name, help=summary)
    @click.argument("who", metavar="ADDRESS|NAME")
    @json_option
    @global_options
    @click.pass_context
    def command(ctx: click.Context, who: str, as_json: bool) -> None:
        from tui.cli.names import account_arg

        # A name with a dot is an ENS name (resolved fresh); else a profile name or 0x address.
        who = account_arg(state(ctx).context(), who, as_json=as_json)
        index = _open_cached(ctx, None, as_json)
        try:
            change = actions.set_person(index, who, name)
        finally:
            index.close()
        emit(change.to_json(), as_json, lambda _: change.describe())

    return command


mute_cmd = _person_command("mute", "Collapse an author's posts to one line everywhere.")
unmute_cmd = _person_command("unmute", "Stop muting an author (a block stays).")
block_cmd = _person_command(
    "block", "Mute an author, hide their replies in your threads and their notifications."
)
unblock_cmd = _person_command("unblock", "Stop blocking an author.")


@click.group("filter")
def filter_group() -> None:
    """Keyword filters: words, tags and regular expressions (in the settings file)."""


@filter_group.command("add")
@click.argument("text")
@click.option("--tag", is_flag=True, help="TEXT is a tag (with or without #).")
@click.option("--regex", "is_regex", is_flag=True, help="TEXT is a regular expression.")
@click.option("--expires", default=None, metavar="DURATION", help="e.g. 30m, 12h, 7d, 2w.")
@click.option("--hide", is_flag=True, help="Leave matching items out instead of collapsing.")
@json_option
@global_options
@click.pass_context
def filter_add(
    ctx: click.Context,
    text: str,
    tag: bool,
    is_regex: bool,
    expires: str | None,
    hide: bool,
    as_json: bool,
) -> None:
    """Add a filter; matching posts collapse to one line (or disappear with --hide)."""
    rule = actions.add_filter(
        state(ctx).context(), None, text, tag=tag, is_regex=is_regex, expires=expires, hide=hide
    )
    emit(actions.rule_json(rule), as_json, lambda _: f"Filter #{rule.id}: {_rule_text(rule)}")


def _when(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _rule_text(rule: Any) -> str:
    data = actions.rule_json(rule) if not isinstance(rule, dict) else rule
    expiry = "never expires"
    if data["expires"]:
        expiry = ("expired " if data["expired"] else "until ") + _when(data["expires"])
    disabled = ", disabled: timed out" if data.get("disabled") else ""
    return f"{data['kind']} {data['text']!r}, {data['action']}, {expiry}{disabled}"


@filter_group.command("list")
@json_option
@global_options
@click.pass_context
def filter_list(ctx: click.Context, as_json: bool) -> None:
    """What is muted, blocked and filtered."""
    index = _open_cached(ctx, None, as_json)
    try:
        data = actions.listing(state(ctx).context(), index)
    finally:
        index.close()

    def human(_: Any) -> str:
        lines = []
        for person in data["people"]:
            name = f" ({person['name']})" if person["name"] else ""
            lines.append(f"{person['level']:<6} {person['address']}{name}")
        for rule in data["filters"]:
            lines.append(f"#{rule['id']:<5} {_rule_text(rule)}")
        return "\n".join(lines) or "Nothing is muted, blocked or filtered."

    emit(data, as_json, human)


@filter_group.command("remove")
@click.argument("rule_id", metavar="ID", type=int)
@json_option
@global_options
@click.pass_context
def filter_remove(ctx: click.Context, rule_id: int, as_json: bool) -> None:
    """Remove a filter by the id `agora filter list` shows."""
    rule = actions.remove_filter(state(ctx).context(), None, rule_id)
    emit(actions.rule_json(rule), as_json, lambda _: f"Removed filter #{rule.id}.")


def _bookmark_command(name: str, on: bool, summary: str) -> click.Command:
    @click.command(name, help=summary)
    @click.argument("item", metavar="ID")
    @json_option
    @global_options
    @click.pass_context
    def command(ctx: click.Context, item: str, as_json: bool) -> None:
        index = _open_cached(ctx, None, as_json)
        try:
            result = actions.set_bookmark(index, item, on)
        finally:
            index.close()
        verb = "Bookmarked" if on else "Removed the bookmark on"
        if not on and not result["changed"]:
            verb = "There was no bookmark on"  # nothing removed: do not say it was
        emit(result, as_json, lambda _: f"{verb} {result['kind']} #{result['id']}.")

    return command


bookmark_cmd = _bookmark_command(
    "bookmark", True, "Bookmark a post (ID) or an article (article:ID). Local only."
)
unbookmark_cmd = _bookmark_command("unbookmark", False, "Remove a bookmark (ID or article:ID).")


@click.command("bookmarks")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@json_option
@global_options
@click.pass_context
def bookmarks_cmd(ctx: click.Context, limit: int, as_json: bool) -> None:
    """Your bookmarked posts and articles, newest bookmark first."""
    index = _open_cached(ctx, None, as_json)
    try:
        items = actions.bookmarked_items(index, limit)
    finally:
        index.close()

    def as_data(item: PostView | ArticleView) -> dict[str, Any]:
        return {"kind": "post" if isinstance(item, PostView) else "article", **item.to_json()}

    def human(_: Any) -> str:
        out = []
        for item in items:
            if isinstance(item, PostView):
                out.append(_post_text(item))
            else:
                out.append(f"article #{item.id}  {item.title or item.cid}")
        return "\n\n".join(out) or "No bookmarks."

    emit([as_data(i) for i in items], as_json, human)


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
    for command in (
        mute_cmd,
        unmute_cmd,
        block_cmd,
        unblock_cmd,
        filter_group,
        bookmark_cmd,
        unbookmark_cmd,
        bookmarks_cmd,
    ):
        group.add_command(command)
