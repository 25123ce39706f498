"""`agora community hide|restore|ban|unban|appeal`: moderation, citing rules, and appeals.

Checks that need the index (a rule number that does not exist, a post outside any community)
fail before signing; the rest the pipeline's simulation reports with the contract's reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import click

from tui.cli.community_write import _index_views, _write
from tui.cli.shared import ID
from tui.cli.write import _common, _read_text
from tui.core.communities import intents
from tui.core.communities.fold import Action
from tui.core.context import AgoraContext
from tui.core.errors import NotFoundError, UsageError
from tui.core.text import is_digits


def _known_rules(actx: AgoraContext, community_id: int) -> frozenset[int] | None:
    """The rule numbers of a community from the index, or None when they are not known yet."""
    opened = _index_views(actx)
    if opened is None:
        return None
    index, views = opened
    try:
        detail = views.community(community_id)
    except NotFoundError:
        return None
    finally:
        index.close()
    return frozenset(n for n, _ in detail.rules) if detail.rules else None


def _community_of(actx: AgoraContext, post_id: int) -> int:
    opened = _index_views(actx)
    found = 0
    if opened is not None:
        index, views = opened
        try:
            found = views.community_of(post_id)
        finally:
            index.close()
    if not found:
        raise UsageError(
            f"Post #{post_id} is not a community post in the index.",
            hint="Run `agora sync`, or name the community with --community ID.",
        )
    return found


_RULE = click.option(
    "--rule",
    "rules",
    type=click.IntRange(1, 99),
    multiple=True,
    required=True,
    help="The rule number this cites (repeatable).",
)


_NOTE = click.option(
    "--note", default="", help="A short note in your own words (never quote the post)."
)


@dataclass(frozen=True)
class _Moderation:
    """One moderation command: what it does to what, and what it asks for."""

    name: str
    action: Action
    help: str
    community_help: str = ""
    """For a post's hide/restore: the ``--community`` option's help (the post's own community
    is the default); empty for bans, which name the community as their first argument."""

    @property
    def on_post(self) -> bool:
        return self.action in (Action.HIDE, Action.RESTORE)

    @property
    def needs_rule(self) -> bool:
        return self.action is not Action.UNBAN


_MODERATIONS = (
    _Moderation(
        "hide", Action.HIDE,
        "Hide a post, citing a rule. Nothing is deleted: readers can still open it.",
        "Act in this community (e.g. a fork) instead of the post's own.",
    ),
    _Moderation(
        "restore", Action.RESTORE, "Restore a hidden post, citing a rule.",
        "Restore in this community; in a fork, name the fork.",
    ),
    _Moderation("ban", Action.BAN, "Ban ADDRESS from posting in a community, citing a rule."),
    _Moderation("unban", Action.UNBAN, "Lift a ban."),
)  # fmt: skip
"""`agora community hide|restore|ban|unban`: one definition, four commands."""


def _moderation_command(spec: _Moderation) -> click.Command:
    def command(
        ctx: click.Context, community_id: int | None, rules: tuple[int, ...] = (),
        note: str = "", post_id: int = 0, address: str = "", **opts: Any,
    ) -> None:  # fmt: skip
        target: int | str = post_id if spec.on_post else address

        def make(actx: AgoraContext) -> Any:
            nonlocal target
            if not spec.on_post:  # an ENS name, resolved fresh (and again before signing)
                from tui.cli.names import account_arg

                target = account_arg(actx, address, as_json=opts["as_json"])
            where = community_id if community_id else _community_of(actx, int(target))
            return intents.moderate(
                actx.content, where, spec.action, target, list(rules), note,
                known_rules=_known_rules(actx, where),
            )  # fmt: skip

        _write(ctx, make, opts)

    command.__doc__ = spec.help
    decorated: Any = click.pass_context(command)
    decorated = _common(decorated)
    if spec.on_post:
        decorated = click.option(
            "--community", "community_id", type=ID, default=None, help=spec.community_help
        )(decorated)
    decorated = _NOTE(decorated)
    if spec.needs_rule:
        decorated = _RULE(decorated)
    if spec.on_post:
        decorated = click.argument("post_id", type=ID)(decorated)
    else:
        decorated = click.argument("address")(decorated)
        decorated = click.argument("community_id", type=ID)(decorated)
    return click.command(spec.name)(decorated)


@click.command("appeal")
@click.argument("community_id", type=ID)
@click.argument("target")
@click.argument("text")
@_common
@click.pass_context
def appeal_cmd(ctx: click.Context, community_id: int, target: str, text: str, **opts: Any) -> None:
    """Appeal a moderation of TARGET (a post id or an address). Anyone may appeal."""
    from tui.cli.names import account_arg
    from tui.core.ens.normalize import looks_like_name

    if not (is_digits(target) or target.startswith("0x") or looks_like_name(target)):
        raise UsageError("TARGET is a post id, a 0x address or an ENS name.")
    body = _read_text(text)

    def make(c: AgoraContext) -> Any:
        value: int | str = (
            int(target) if is_digits(target) else account_arg(c, target, as_json=opts["as_json"])
        )
        return intents.appeal(c.content, community_id, value, body)

    _write(ctx, make, opts)


COMMANDS = (*(_moderation_command(spec) for spec in _MODERATIONS), appeal_cmd)
"""The moderation commands, added to `agora community` by ``tui.cli.community``."""
