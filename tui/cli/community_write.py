"""`agora community create|fork|invite|join|leave|post`: a community's life and its posts.

Also the helpers every community write shares (the index's views for checks before signing,
the rules file, ``_write``, one-id commands), which the moderation and governance commands
import from here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from tui.cli.shared import ID
from tui.cli.write import _common, _read_text, run_write, run_write_steps
from tui.core.communities import intents
from tui.core.communities.documents import parse_rules_text
from tui.core.communities.fold import Governance
from tui.core.context import AgoraContext
from tui.core.errors import NotFoundError, UsageError
from tui.core.index.community_views import CommunityViews


def _index_views(actx: AgoraContext) -> tuple[Any, CommunityViews] | None:
    """The local index's community views for checks before signing (None when never synced)."""
    from tui.core.index.service import cached_network, open_index

    network = cached_network(actx)
    if network is None:
        return None
    index = open_index(actx, network=network)
    return index, CommunityViews(index.conn, index.me)


MAX_RULES_FILE = 64 * 1024
"""Bytes read of a rules file: far more than any community's rules, and never a whole disk."""


def _rules_file(path: Path) -> list[tuple[int, str]]:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_RULES_FILE + 1)
    except OSError as exc:
        raise UsageError(f"Cannot read the rules file {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_RULES_FILE:
        raise UsageError(f"The rules file {path} is larger than 64 KiB.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            f"The rules file {path} is not UTF-8 text.",
            hint="Write the rules one per line, numbered: '1. Be kind'.",
        ) from None
    return parse_rules_text(text)


def _event_result(
    event: str, shape: Callable[[dict[str, Any]], dict[str, Any]]
) -> Callable[[Any, Any], dict[str, Any]]:
    """A ``run_write`` result: ``shape`` of the arguments of the confirmed transaction's first
    ``event`` log from the Communities contract ({} when it has none)."""

    def result(pipeline: Any, entry: Any) -> dict[str, Any]:
        from tui.core.chain.abi import EventDecoder, load_abi

        receipt = pipeline.rpc.receipt(entry.hash) or {}
        decoder = EventDecoder(load_abi("Communities"))
        for log in receipt.get("logs", []):
            found = decoder.decode(log)
            if found is not None and found.name == event:
                return shape(found.args)
        return {}

    return result


def _community(args: dict[str, Any]) -> dict[str, Any]:
    new = int(args["id"])
    return {"community": new, "message": f"Community #{new}"}


_created = _event_result("CommunityCreated", _community)
"""The new community's id, read from the confirmed transaction's CommunityCreated log."""
_posted = _event_result(
    "CommunityPost", lambda args: {"post": int(args["id"]), "message": f"Post #{args['id']}"}
)


def _write(
    ctx: click.Context,
    make: Callable[[AgoraContext], Any],
    opts: dict[str, Any],
    result: Callable[[Any, Any], dict[str, Any]] | None = None,
) -> None:
    run_write(ctx, make, result=result, **opts)


def _by_id_command(
    name: str, argument: str, intent: Callable[[int], Any], doc: str
) -> click.Command:
    """A write that takes one id and nothing else (join, leave, execute)."""

    def command(ctx: click.Context, **opts: Any) -> None:
        wanted = int(opts.pop(argument))
        _write(ctx, lambda _c: intent(wanted), opts)

    command.__doc__ = doc
    decorated = _common(click.pass_context(command))
    return click.command(name)(click.argument(argument, type=ID)(decorated))


_GOVERNANCE = click.Choice(["owner", "vote"])


@click.command("create")
@click.argument("name")
@click.option("--goal", required=True, help="What the community is for (one sentence).")
@click.option(
    "--rules",
    "rules_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A file of numbered rules, one per line: '1. Be kind'.",
)
@click.option("--description", default="", help="A longer description.")
@click.option("--restricted", is_flag=True, help="Members join by invite only.")
@click.option(
    "--governance",
    type=_GOVERNANCE,
    default="owner",
    show_default=True,
    help="Who changes moderators and rules: the owner, or the members by vote.",
)
@_common
@click.pass_context
def create_cmd(
    ctx: click.Context, name: str, goal: str, rules_file: Path, description: str,
    restricted: bool, governance: str, **opts: Any,
) -> None:  # fmt: skip
    """Create a community; prints its id."""
    rules = _rules_file(rules_file)
    mode = Governance[governance.upper()]

    def make(actx: AgoraContext) -> Any:
        return intents.create(
            actx.content, name, goal, rules, description=description, restricted=restricted,
            governance=mode,
        )  # fmt: skip

    _write(ctx, make, opts, _created)


@click.command("fork")
@click.argument("community_id", type=ID)
@click.argument("name")
@click.option("--goal", required=True, help="What the fork is for.")
@click.option(
    "--rules",
    "rules_file",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="New rules (default: the parent's).",
)
@click.option("--description", default="")
@click.option("--restricted", is_flag=True)
@click.option("--governance", type=_GOVERNANCE, default="owner", show_default=True)
@_common
@click.pass_context
def fork_cmd(
    ctx: click.Context, community_id: int, name: str, goal: str, rules_file: Path | None,
    description: str, restricted: bool, governance: str, **opts: Any,
) -> None:  # fmt: skip
    """Fork community ID: the fork keeps its posts and moderation log up to now. Prints its id."""
    mode = Governance[governance.upper()]

    def make(actx: AgoraContext) -> Any:
        rules = _rules_file(rules_file) if rules_file else _parent_rules(actx, community_id)
        return intents.fork(
            actx.content, community_id, name, goal, rules, description=description,
            restricted=restricted, governance=mode,
        )  # fmt: skip

    _write(ctx, make, opts, _created)


def _parent_rules(actx: AgoraContext, community_id: int) -> list[tuple[int, str]]:
    opened = _index_views(actx)
    if opened is not None:
        index, views = opened
        try:
            rules = list(views.community(community_id).rules)
        except NotFoundError:
            rules = []
        finally:
            index.close()
        if rules:
            return rules
    raise UsageError(
        f"The rules of community #{community_id} are not in the index.",
        hint="Run `agora sync`, or pass --rules FILE.",
    )


@click.command("invite")
@click.argument("community_id", type=ID)
@click.argument("address")
@_common
@click.pass_context
def invite_cmd(ctx: click.Context, community_id: int, address: str, **opts: Any) -> None:
    """Invite ADDRESS into a restricted community (moderators)."""
    from tui.cli.names import account_arg

    _write(
        ctx,
        lambda c: intents.invite(community_id, account_arg(c, address, as_json=opts["as_json"])),
        opts,
    )


@click.command("post")
@click.argument("community_id", type=ID)
@click.argument("text")
@click.option("--reply-to", type=ID, default=0, help="Reply to this post (in the community).")
@click.option(
    "--article",
    type=ID,
    default=0,
    help="Link your article with this token id: its collects count for the community's points.",
)
@_common
@click.pass_context
def post_cmd(
    ctx: click.Context, community_id: int, text: str, reply_to: int, article: int, **opts: Any
) -> None:
    """Post TEXT (or - for stdin) into a community; prints the post id."""
    body = _read_text(text)

    def step(c: AgoraContext, _pipeline: Any, sender: str) -> tuple[Any, bool]:
        own = _own_articles(c, sender, article)
        made = intents.post(
            c.content, community_id, body, reply_to=reply_to, article=article, own_articles=own
        )
        return made, True

    run_write_steps(ctx, step, result=_posted, **opts)


def _own_articles(actx: AgoraContext, sender: str, article: int) -> frozenset[int] | None:
    """When the index knows ``article`` and someone else published it: the sender's own
    article ids, so ``intents.post`` refuses the link with them as the hint. None otherwise
    (not indexed yet, or the sender's): nothing to refuse before the chain has its say."""
    if not article:
        return None
    from tui.core.chain.address import to_checksum
    from tui.core.index.service import cached_network, open_index

    network = cached_network(actx)
    if network is None:
        return None
    index = open_index(actx, me=sender, network=network)
    try:
        try:
            found = index.article(article)
        except NotFoundError:
            return None
        if found.author == to_checksum(sender):
            return None
        return frozenset(a.id for a in index.articles(author=sender, limit=12))
    finally:
        index.close()


join_cmd = _by_id_command(
    "join", "community_id", intents.join,
    "Join a community (a restricted one needs a moderator's invite).",
)  # fmt: skip
leave_cmd = _by_id_command("leave", "community_id", intents.leave, "Leave a community.")

COMMANDS = (create_cmd, fork_cmd, invite_cmd, post_cmd, join_cmd, leave_cmd)
"""A community's own writes, added to `agora community` by ``tui.cli.community``."""
