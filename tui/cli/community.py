"""`agora community …`: communities from the command line, with the shapes scripts rely on.

Reads use the local index (caught up first, like `agora timeline`); writes go through the same
confirmation and outbox as posts and tips (``tui.cli.write.run_write``): ``--dry-run`` shows
the confirmation, ``--yes`` signs without asking, and every command takes ``--json``.
Checks that need the index (a rule number that does not exist, a post outside any community)
fail before signing; the rest the pipeline's simulation reports with the contract's reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from tui.cli.output import emit
from tui.cli.read import _open_read, _short, _when, offline_option
from tui.cli.shared import ID, global_options, json_option
from tui.cli.write import _common, _read_text, run_write, run_write_steps
from tui.core.communities import intents
from tui.core.communities.documents import parse_rules_text
from tui.core.communities.fold import Action, Governance, ProposalKind
from tui.core.context import AgoraContext
from tui.core.errors import NotFoundError, UsageError
from tui.core.index.community_views import (
    CommunityDetail,
    CommunityPostView,
    CommunitySummary,
    CommunityViews,
    LogEntryView,
    ProposalView,
)


@click.group("community")
def community() -> None:
    """Communities: groups with public moderation logs, appeals, votes and forks."""


# --- reading -----------------------------------------------------------------------------------


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


@community.command("list")
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
            lambda _: "\n".join(_summary_line(s) for s in found) or "No communities yet.",
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


@community.command("show")
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


@community.command("timeline")
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


@community.command("experts")
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


@community.command("log")
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
    state = "executed" if p.executed else f"open until block {p.end_block}"
    kind = p.kind.slug if p.kind else "unknown"
    return f"#{p.id} {kind} {p.target if p.target != '0' else ''} · yes {p.yes} no {p.no} · {state}"


@community.command("proposals")
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


@community.command("members")
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


# --- writing -----------------------------------------------------------------------------------


def _index_views(actx: AgoraContext) -> tuple[Any, CommunityViews] | None:
    """The local index's community views for checks before signing (None when never synced)."""
    from tui.core.index.service import cached_network, open_index

    network = cached_network(actx)
    if network is None:
        return None
    index = open_index(actx, network=network)
    return index, CommunityViews(index.conn, index.me)


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


def _rules_file(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"Cannot read the rules file {path}: {exc}") from None
    return parse_rules_text(text)


def _created(pipeline: Any, entry: Any) -> dict[str, Any]:
    """The new community's id, read from the confirmed transaction's CommunityCreated log."""
    from tui.core.chain.abi import EventDecoder, load_abi

    receipt = pipeline.rpc.receipt(entry.hash) or {}
    decoder = EventDecoder(load_abi("Communities"))
    for log in receipt.get("logs", []):
        event = decoder.decode(log)
        if event is not None and event.name == "CommunityCreated":
            new = int(event.args["id"])
            return {"community": new, "message": f"Community #{new}"}
    return {}


def _proposed(pipeline: Any, entry: Any) -> dict[str, Any]:
    from tui.core.chain.abi import EventDecoder, load_abi

    receipt = pipeline.rpc.receipt(entry.hash) or {}
    decoder = EventDecoder(load_abi("Communities"))
    for log in receipt.get("logs", []):
        event = decoder.decode(log)
        if event is not None and event.name == "Proposed":
            pid = int(event.args["proposal"])
            return {
                "proposal": pid,
                "message": f"Proposal #{pid}, open until block {event.args['endBlock']}",
            }
    return {}


def _posted(pipeline: Any, entry: Any) -> dict[str, Any]:
    from tui.core.chain.abi import EventDecoder, load_abi

    receipt = pipeline.rpc.receipt(entry.hash) or {}
    decoder = EventDecoder(load_abi("Communities"))
    for log in receipt.get("logs", []):
        event = decoder.decode(log)
        if event is not None and event.name == "CommunityPost":
            return {"post": int(event.args["id"]), "message": f"Post #{event.args['id']}"}
    return {}


def _write(
    ctx: click.Context,
    make: Callable[[AgoraContext], Any],
    opts: dict[str, Any],
    result: Callable[[Any, Any], dict[str, Any]] | None = None,
) -> None:
    run_write(ctx, make, result=result, **opts)


_GOVERNANCE = click.Choice(["owner", "vote"])


@community.command("create")
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


@community.command("fork")
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


@community.command("invite")
@click.argument("community_id", type=ID)
@click.argument("address")
@_common
@click.pass_context
def invite_cmd(ctx: click.Context, community_id: int, address: str, **opts: Any) -> None:
    """Invite ADDRESS into a restricted community (moderators)."""
    _write(ctx, lambda _c: intents.invite(community_id, address), opts)


@community.command("post")
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
    return community.command(spec.name)(decorated)


for _spec in _MODERATIONS:
    _moderation_command(_spec)


@community.command("appeal")
@click.argument("community_id", type=ID)
@click.argument("target")
@click.argument("text")
@_common
@click.pass_context
def appeal_cmd(ctx: click.Context, community_id: int, target: str, text: str, **opts: Any) -> None:
    """Appeal a moderation of TARGET (a post id or an address). Anyone may appeal."""
    if not (target.isdigit() or target.startswith("0x")):
        raise UsageError("TARGET is a post id or a 0x address.")
    body = _read_text(text)
    value: int | str = int(target) if target.isdigit() else target
    _write(ctx, lambda c: intents.appeal(c.content, community_id, value, body), opts)


_KINDS = [k.slug for k in ProposalKind]


@community.command("propose")
@click.argument("community_id", type=ID)
@click.argument("kind", type=click.Choice(_KINDS))
@click.argument("target", default="")
@click.option(
    "--rules",
    "rules_file",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The new rules, for set-rules.",
)
@click.option("--note", default="", help="Why (stored as a note).")
@_common
@click.pass_context
def propose_cmd(
    ctx: click.Context, community_id: int, kind: str, target: str, rules_file: Path | None,
    note: str, **opts: Any,
) -> None:  # fmt: skip
    """Propose a change in a VOTE community: add-mod, remove-mod, set-owner ADDRESS;
    set-restricted on|off; set-rules --rules FILE; veto-root (the pending points root).
    Prints the proposal id."""
    chosen = ProposalKind.parse(kind)
    assert chosen is not None  # click.Choice
    rules = _rules_file(rules_file) if rules_file else None

    def make(actx: AgoraContext) -> Any:
        if chosen is ProposalKind.VETO_ROOT:  # the target is the pending root, read from Points
            from tui.cli.points import veto_vote_intent

            return veto_vote_intent(actx, community_id, note)
        return intents.propose(actx.content, community_id, chosen, target, rules=rules, note=note)

    _write(ctx, make, opts, _proposed)


@community.command("vote")
@click.argument("proposal_id", type=ID)
@click.argument("choice", type=click.Choice(["yes", "no"]))
@_common
@click.pass_context
def vote_cmd(ctx: click.Context, proposal_id: int, choice: str, **opts: Any) -> None:
    """Vote on a proposal (members who joined before it opened; once). When the community
    weighs votes by points earned, the proof of yours is built and attached automatically."""
    from tui.cli.points_governance import vote_intent

    _write(ctx, lambda c: vote_intent(c, proposal_id, choice == "yes"), opts)


@community.command("moderator")
@click.argument("community_id", type=ID)
@click.argument("address")
@click.option("--remove", is_flag=True, help="Remove instead of add.")
@_common
@click.pass_context
def moderator_cmd(
    ctx: click.Context, community_id: int, address: str, remove: bool, **opts: Any
) -> None:
    """Add (or --remove) a moderator of an OWNER-governed community (its owner only)."""
    _write(ctx, lambda _c: intents.set_moderator(community_id, address, not remove), opts)


_BY_ID = (
    ("join", "community_id", intents.join,
     "Join a community (a restricted one needs a moderator's invite)."),
    ("leave", "community_id", intents.leave, "Leave a community."),
    ("execute", "proposal_id", intents.execute,
     "Apply a proposal that passed, after its voting period."),
)  # fmt: skip
"""Writes that take one id and nothing else: (command, argument, intent, help)."""


def _by_id_command(name: str, argument: str, intent: Callable[[int], Any], doc: str) -> None:
    def command(ctx: click.Context, **opts: Any) -> None:
        wanted = int(opts.pop(argument))
        _write(ctx, lambda _c: intent(wanted), opts)

    command.__doc__ = doc
    decorated = _common(click.pass_context(command))
    community.command(name)(click.argument(argument, type=ID)(decorated))


for _entry in _BY_ID:
    _by_id_command(*_entry)


def register(group: click.Group) -> None:
    """Add `agora community` to the `agora` group."""
    group.add_command(community)
