"""CLI commands that read: sync, timeline, thread, profile, notifications, search, articles, gateway.

All of them read the local index (``agora sync`` fills it); the reads first catch it up with
the node for a few seconds at most (``tui.cli.catchup``; ``--offline`` skips that). Text in
their output was sanitised when the content was verified. ``--json`` prints one JSON document
for scripts.

The commands live by family: ``read_sync`` (sync, gateway), ``read_posts`` (timeline, thread,
notifications, search) and ``read_profiles`` (profile, articles, article); this module holds
what they and other areas' reads share (opening the index, options, the text shapes).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import click

from tui.cli.json_names import NAME_PEOPLE
from tui.cli.shared import state
from tui.core.errors import NotFoundError
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


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
    from tui.cli import read_posts, read_profiles, read_sync  # they import this module

    for family in (read_sync, read_posts, read_profiles):
        for command in family.COMMANDS:
            group.add_command(command)
