"""`agora profile [ADDRESS]|articles|article show`: people and what they published.

`profile` and `article` are groups: ``tui.cli.write`` adds ``profile set`` and ``article
publish|collect`` to the ones made here.
"""

from __future__ import annotations

from typing import Any

import click

from tui.cli.output import emit
from tui.cli.read import (
    _article_text,
    _eth,
    _not_found,
    _open_read,
    _posts_text,
    me_option,
    offline_option,
)
from tui.cli.shared import ID, global_options, json_option, state
from tui.core.errors import ContentError, NotFoundError
from tui.core.names import CLASH_MARK


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


COMMANDS = (profile_group, articles_cmd, article_group)
"""Added to the `agora` group by ``tui.cli.read.register``."""
