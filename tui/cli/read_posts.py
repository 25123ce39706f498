"""`agora timeline|thread|notifications|search`: posts, read from the local index.

Each command catches the index up first (``tui.cli.read._open_read``) and prints posts in the
shared text shapes of ``tui.cli.read``, or the views' JSON with ``--json``.
"""

from __future__ import annotations

from typing import Any

import click

from tui.cli.output import emit
from tui.cli.read import (
    _not_found,
    _notification_text,
    _open_read,
    _post_text,
    _posts_text,
    _tree_text,
    me_option,
    offline_option,
)
from tui.cli.shared import ID, global_options, json_option, state
from tui.core.errors import NotFoundError


@click.command("timeline")
@click.argument(
    "kind",
    default="global",
    metavar="[home|global|communities|ADDRESS|ENS-NAME|tag:NAME|list:NAME]",
)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--before", "before", default=None, type=ID, help="Only posts with id < ID.")
@click.option("--no-replies", is_flag=True, help="Hide replies.")
@click.option("--no-reposts", is_flag=True, help="Hide posts shown because someone reposted them.")
@me_option
@offline_option
@json_option
@global_options
@click.pass_context
def timeline_cmd(
    ctx: click.Context,
    kind: str,
    limit: int,
    before: int | None,
    no_replies: bool,
    no_reposts: bool,
    me: str | None,
    as_json: bool,
    offline: bool,
) -> None:
    """Show a timeline, newest first.

    ``communities`` shows the posts of the communities you joined, each with its community.
    ``tag:NAME`` shows the posts carrying #NAME (in their tags or as a word of their text),
    in any letter case; ``list:NAME`` the posts by the people of a saved list (`agora list`).
    ``--no-replies`` and ``--no-reposts`` hide what the TUI's hide key does.
    """
    from tui.core.ens.normalize import looks_like_name
    from tui.core.timeline_view import TimelineView, parse_kind

    if ":" not in kind and looks_like_name(kind):  # someone's posts, by ENS name
        from tui.cli.names import account_arg

        kind = account_arg(state(ctx).context(), kind, as_json=as_json, offline=offline)
    view = parse_kind(kind)
    kind = TimelineView(
        view.base, view.no_replies or no_replies, view.no_reposts or no_reposts
    ).kind
    index = _open_read(ctx, me, as_json, offline)
    try:
        posts = index.timeline(kind, before, limit)
        if not as_json and not offline:
            from tui.cli.names import learn_names

            learn_names(ctx, index, [p.author for p in posts] + [p.reposted_by for p in posts])
        emit([p.to_json() for p in posts], as_json, lambda _: _posts_text(posts))
    finally:
        index.close()


@click.command("thread")
@click.argument("post_id", type=ID)
@offline_option
@json_option
@global_options
@click.pass_context
def thread_cmd(ctx: click.Context, post_id: int, as_json: bool, offline: bool) -> None:
    """Show a post with its ancestors and replies."""
    index = _open_read(ctx, "", as_json, offline)
    try:
        try:
            thread = index.thread(post_id)
        except NotFoundError as exc:
            raise _not_found(ctx, exc) from None

        def human(_: Any) -> str:
            parts = [_post_text(a) for a in thread.ancestors]
            parts.append(_post_text(thread.post, "> "))
            parts.extend(_tree_text(thread.replies))
            return "\n\n".join(parts)

        emit(thread.to_json(), as_json, human)
    finally:
        index.close()


@click.command("notifications")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@click.option("--counts", is_flag=True, help="Only how many of each type (of the --limit newest).")
@me_option
@offline_option
@json_option
@global_options
@click.pass_context
def notifications_cmd(
    ctx: click.Context, limit: int, counts: bool, me: str | None, as_json: bool, offline: bool
) -> None:
    """Replies to you, tips to you, new followers, reposts of your posts, collects of your
    articles."""
    index = _open_read(ctx, me, as_json, offline)
    try:
        items = index.notifications(limit)
        if not offline:  # earned, claimable, a mismatching root: recomputed from the node
            from tui.core.points.alerts import index_news

            items = index_news(index, state(ctx).context().content) + items
        if counts:
            from tui.core.alerts import count_by_kind, counts_line

            by_kind = count_by_kind(items)
            emit(by_kind, as_json, lambda _: counts_line(by_kind))
            return
        emit(
            [n.to_json() for n in items],
            as_json,
            lambda _: "\n".join(_notification_text(n) for n in items) or "No notifications.",
        )
    finally:
        index.close()


@click.command("search")
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@offline_option
@json_option
@global_options
@click.pass_context
def search_cmd(
    ctx: click.Context, text: tuple[str, ...], limit: int, as_json: bool, offline: bool
) -> None:
    """Full-text search over the posts whose content was fetched and verified."""
    index = _open_read(ctx, "", as_json, offline)
    try:
        posts = index.search(" ".join(text), limit)
        emit([p.to_json() for p in posts], as_json, lambda _: _posts_text(posts))
    finally:
        index.close()


COMMANDS = (timeline_cmd, thread_cmd, notifications_cmd, search_cmd)
"""Added to the `agora` group by ``tui.cli.read.register``."""
