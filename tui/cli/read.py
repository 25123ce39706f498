"""CLI commands that read: sync, timeline, thread, profile, notifications, search, articles, gateway.

All of them read the local index (``agora sync`` fills it); the reads first catch it up with
the node for a few seconds at most (``tui.cli.catchup``; ``--offline`` skips that). Text in
their output was sanitised when the content was verified. ``--json`` prints one JSON document
for scripts.
"""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, datetime
from typing import Any

import click

from tui.cli.json_names import NAME_PEOPLE
from tui.cli.output import emit
from tui.cli.shared import ID, global_options, json_option, state
from tui.core.errors import ContentError, NotFoundError
from tui.core.index.service import AgoraIndex
from tui.core.models import ArticleView, ContentStatus, NotificationView, PostView, ThreadNode
from tui.core.names import CLASH_MARK

me_option = click.option(
    "--me", "me", default=None, metavar="ADDRESS", help="Act as this address (default: active)."
)


def _open(ctx: click.Context, me: str | None = None) -> AgoraIndex:
    """The index, validated against the node (what ``sync`` needs before it writes)."""
    from tui.core.index.service import open_index, resolve

    actx = state(ctx).context()
    network = resolve(actx)
    if actx.overrides.rpc_url:
        network = dataclasses.replace(network, rpc_url=actx.overrides.rpc_url)
    return open_index(actx, me=me, network=network)


PROBE_TIMEOUT = 3.0
"""Seconds a plain-mode read waits for the node before saying it shows the cached index."""


def _open_cached(ctx: click.Context, me: str | None, as_json: bool) -> AgoraIndex:
    """The local index of the last known network, without asking the node first.

    Reading needs only the local SQLite, so a node that is down (or slow) must not stop
    ``timeline`` and friends. In plain mode one quick ``eth_chainId`` tells the user, on
    stderr, that what they see may be stale; ``--json`` output stays exactly the data.
    """
    from tui.core.index.service import cached_network, open_index

    actx = state(ctx).context()
    network = cached_network(actx)
    if network is None:  # never synced on this machine: the node names the network
        return _open(ctx, me)
    if not as_json:
        problem = _node_problem(network.rpc_url, network.chain_id, network.name)
        if problem:
            click.echo(f"Offline ({problem}): showing the local index.", err=True)
    return open_index(actx, me=me, network=network)


offline_option = click.option(
    "--offline",
    is_flag=True,
    help="Read the local index as it is, without catching up with the node first.",
)


def _open_read(ctx: click.Context, me: str | None, as_json: bool, offline: bool) -> AgoraIndex:
    """The index for a read command, caught up with the node first unless ``offline``.

    The catch-up is bounded (``tui.cli.catchup``): past its budget the read shows what is
    indexed and says on stderr that it is behind, as it does when the node does not answer.
    """
    ctx.meta[NAME_PEOPLE] = True  # --json names each person in it (tui.cli.json_names)
    if offline:
        return _open_cached(ctx, me, as_json)
    from tui.cli.catchup import catch_up, report
    from tui.core.index.service import cached_network, open_index

    actx = state(ctx).context()
    network = cached_network(actx)
    index = open_index(actx, me=me, network=network) if network else _open(ctx, me)
    if index.path is not None:
        outcome = catch_up(index.network, index.path, actx.content)
        report(outcome, as_json)
        if outcome.state == "current":
            ctx.meta["current_at"] = outcome.indexed_block
    return index


def _not_found(ctx: click.Context, exc: NotFoundError) -> NotFoundError:
    """``exc``, with a hint that fits: after a catch-up, `agora sync` would find nothing more."""
    block = ctx.meta.get("current_at")
    if block is not None:
        exc.hint = (
            f"The index is up to date with the node (block {block}): there is no such id yet."
        )
    return exc


def _node_problem(url: str, chain_id: int, name: str) -> str:
    """Why the node cannot be used right now (one sanitised line), or "" when it answers."""
    from tui.core.chain.networks import check_chain
    from tui.core.chain.rpc import RpcClient
    from tui.core.errors import AgoraError
    from tui.core.text import clean_line

    try:
        with RpcClient(url, timeout=PROBE_TIMEOUT) as rpc:
            check_chain(rpc, chain_id, name)
    except AgoraError as exc:
        return clean_line(exc.message, 160)
    return ""


def _short(address: str) -> str:
    return f"{address[:6]}…{address[-4:]}" if len(address) == 42 else address


def _when(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M") if ts else "?"


def _eth(wei: int) -> str:
    from tui.core.units import format_eth

    return format_eth(wei)  # exact: a float would show 1 gwei as 0 and 2^127 wei with noise


def _who(name: str, address: str, clash: bool = False) -> str:
    """``Ada (0xf39F…2266)``, the full address when there is no name, and the clash mark; a
    verified ENS name (``ada.eth ✓``) takes the place of the self-chosen one."""
    from tui.core.ens.verified import verified_name

    ens = verified_name(address)
    if ens:
        return f"{ens} ✓ ({_short(address)})"
    if not name:
        return address
    return f"{name} ({_short(address)})" + (f" {CLASH_MARK}" if clash else "")


def _post_text(post: PostView, indent: str = "") -> str:
    where = f"  in {post.community}" if post.community else ""
    if post.filtered is not None:  # collapsed by a mute or filter: one line
        return (
            f"{indent}#{post.id}{where}  {post.filtered.reason}  (agora thread {post.id} to view)"
        )
    who = _who(post.author_name, post.author, post.name_clash)
    flags = [] if post.finalized else ["unfinalized"]
    if post.reposted_by:
        by = _who(post.reposted_by_name, post.reposted_by) if post.reposted_by_name else None
        flags.append(f"reposted by {by or _short(post.reposted_by)}")
    head = (
        f"{indent}#{post.id}  {who}  {_when(post.timestamp)}  block {post.block}"
        + (f"  reply to #{post.parent}" if post.parent else "")
        + where
        + (f"  [{', '.join(flags)}]" if flags else "")
    )
    if post.content_status is ContentStatus.VERIFIED:
        body = post.text
        if post.content_warning:
            body = f"CW: {post.content_warning}\n{body}"
    else:
        body = f"(content {post.content_status}: {post.cid})"
    lines = [indent + "    " + line for line in body.splitlines() or [""]]
    lines += [f"{indent}    [image: {a.alt or 'no description'}] {a.cid}" for a in post.attachments]
    stats = (
        f"{indent}    replies {post.replies} · reposts {post.reposts} · tips {_eth(post.tips_wei)}"
    )
    return "\n".join([head, *lines, stats])


def _posts_text(posts: list[PostView]) -> str:
    return "\n\n".join(_post_text(p) for p in posts) if posts else "No posts."


def _notification_text(n: NotificationView) -> str:
    from tui.core.index.sources import notification_kind

    who = _who(n.actor_name, n.actor, n.name_clash)
    kind = notification_kind(n.kind)
    what = {
        "reply": f"replied to you (#{n.post_id})",
        "tip": f"tipped {n.amount_label or _eth(n.amount_wei)} on #{n.post_id}",
        "follow": "followed you",
        "repost": f"reposted your post #{n.post_id}",
        "collect": f"collected article #{n.article_id} for {_eth(n.amount_wei)}",
    }.get(n.kind) or (kind.line.format(text=repr(n.text)) if kind else n.kind)
    line = f"{_when(n.timestamp)}  {who} {what}"
    if n.filtered is not None:
        return f"{_when(n.timestamp)}  {n.filtered.reason}"
    quoted = n.text and kind is None
    return line + (f"\n    {n.text.splitlines()[0]}" if quoted else "")


def _article_text(a: ArticleView, *, holder: bool = False) -> str:
    """An article's lines; the holder a collect pays is named when it is not the author, or
    always with ``holder=True`` (``article show``)."""
    title = a.title if a.content_status is ContentStatus.VERIFIED else f"({a.content_status})"
    left = "not collectable" if a.editions_left is None else f"{a.editions_left} left"
    supply = "unlimited" if a.unlimited else str(a.max_editions)
    if a.unlimited:
        left = "no limit"
    who = _who(a.author_name, a.author, a.name_clash)
    text = (
        f"#{a.id}  {title}\n    by {who} · {_when(a.timestamp)} · "
        f"price {_eth(a.price_wei)} · editions {a.editions}/{supply} ({left})"
    )
    if a.owner and (holder or a.owner != a.author):
        who = f"{a.owner_name} (unverified name) {a.owner}" if a.owner_name else a.owner
        text += f"\n    held by {who}" + (" (the author)" if a.owner == a.author else "")
        text += ": a collect pays the holder"
    if a.owned_editions:
        text += "\n    you own edition(s) " + ", ".join(f"#{e}" for e in a.owned_editions)
    return text


def _tree_text(nodes: tuple[ThreadNode, ...], depth: int = 1) -> list[str]:
    out = []
    for node in nodes:
        out.append(_post_text(node.post, "  " * depth))
        out.extend(_tree_text(node.children, depth + 1))
    return out


@click.command("sync")
@json_option
@click.option("--follow", is_flag=True, help="Keep following new blocks until interrupted.")
@click.option("--rebuild", is_flag=True, help="Delete the local index first and start over.")
@click.option("--no-fetch", is_flag=True, help="Do not fetch content from gateways.")
@click.option(
    "--fetch-budget",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0, 3600),
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


@click.command("timeline")
@click.argument(
    "kind", default="global", metavar="[home|global|communities|ADDRESS|tag:NAME|list:NAME]"
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
    from tui.core.timeline_view import TimelineView, parse_kind

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


class _AddressOrCommandGroup(click.Group):
    """A group whose first word is a sub-command (``profile set``) or an ADDRESS to show.

    A plain optional click argument would swallow sub-command names, so the address is
    taken out of the arguments before click parses them.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            ctx.meta["address"] = args[0]
            args = args[1:]
        return super().parse_args(ctx, args)


@click.group("profile", cls=_AddressOrCommandGroup, invoke_without_command=True)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@me_option
@offline_option
@json_option
@global_options
@click.pass_context
def profile_group(
    ctx: click.Context, limit: int, me: str | None, as_json: bool, offline: bool
) -> None:
    """Show the profile of ADDRESS (default: yours): counts, posts, articles, follows, tips.

    Usage: agora profile [ADDRESS] [--json]
    """
    if ctx.invoked_subcommand is not None:
        return
    address: str | None = ctx.meta.get("address")
    if address and not offline:
        from tui.cli.names import account_arg  # an ENS name is resolved on the network

        address = account_arg(state(ctx).context(), address, as_json=as_json)
    index = _open_read(ctx, me, as_json, offline)
    try:
        target = address or index.me
        if not target:
            raise click.UsageError("Give an ADDRESS (no active account).")
        profile = index.profile(target)
        posts = index.posts_by(profile.address, limit)
        articles = index.articles(profile.address, limit)
        followers = index.followers(profile.address, limit)
        following = index.following(profile.address, limit)
        tips = index.tips_received(profile.address, limit)
        data = {
            "profile": profile.to_json(),
            "posts": [p.to_json() for p in posts],
            "articles": [a.to_json() for a in articles],
            "followers": followers,
            "following": following,
            "tips_received": [t.to_json() for t in tips],
        }

        def human(_: Any) -> str:
            p = profile
            lines = [
                f"{p.name or '(no name)'}  {p.address}"
                + (f"  {CLASH_MARK}" if p.name_clash else ""),
                *([p.bio] if p.bio else []),
                *p.links,
                f"followers {p.followers} · following {p.following} · posts {p.posts} · "
                f"tips received {_eth(p.tips_received_wei)}"
                + (" · you follow them" if p.followed_by_me else ""),
                "",
                _posts_text(posts),
            ]
            if articles:
                lines += ["", "Articles:", *(_article_text(a) for a in articles)]
            return "\n".join(lines)

        emit(data, as_json, human)
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


@click.command("articles")
@click.option("--author", default=None, metavar="ADDRESS")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@offline_option
@json_option
@global_options
@click.pass_context
def articles_cmd(
    ctx: click.Context, author: str | None, limit: int, as_json: bool, offline: bool
) -> None:
    """List articles, newest first."""
    index = _open_read(ctx, None, as_json, offline)  # me: editions owned
    try:
        items = index.articles(author, limit)
        emit(
            [a.to_json() for a in items],
            as_json,
            lambda _: "\n".join(_article_text(a) for a in items) or "No articles.",
        )
    finally:
        index.close()


@click.group("article")
def article_group() -> None:
    """Read (and, with a wallet, publish or collect) articles."""


@article_group.command("show")
@click.argument("article_id", type=ID)
@offline_option
@json_option
@global_options
@click.pass_context
def article_show(ctx: click.Context, article_id: int, as_json: bool, offline: bool) -> None:
    """Show an article's details and its verified body."""
    from tui.core.content.documents import parse_article_body
    from tui.core.text import clean_text

    index = _open_read(ctx, None, as_json, offline)  # me: editions owned
    try:
        try:
            article = index.article(article_id)
        except NotFoundError as exc:
            raise _not_found(ctx, exc) from None
        body, body_error = "", ""
        fetcher = index.fetcher()
        if article.body_cid and fetcher is not None:
            try:
                body = clean_text(parse_article_body(fetcher.get(article.body_cid)), 256 * 1024)
            except ContentError as exc:
                body_error = exc.message
        data = {**article.to_json(), "body": body, "body_error": body_error}
        emit(
            data,
            as_json,
            lambda _: (
                _article_text(article, holder=True)
                + "\n\n"
                + (body or f"(body unavailable: {body_error})")
            ),
        )
    finally:
        index.close()


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


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
    for command in (
        sync_cmd,
        timeline_cmd,
        thread_cmd,
        profile_group,
        notifications_cmd,
        search_cmd,
        articles_cmd,
        article_group,
        gateway_cmd,
    ):
        group.add_command(command)
