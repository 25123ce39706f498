"""The lines of a community's other tabs: the moderation log, proposals, and rules & about.

Pure functions of the index's views (no screen state), so the list widgets call them directly.
"""

from __future__ import annotations

from textual.content import Content

from tui.core.attest.rules import Endorsement
from tui.core.communities.fold import Action
from tui.core.index.community_views import CommunityDetail, LogEntryView, ProposalView
from tui.core.text import clean_line, clean_text
from tui.ui.accounts import account, is_address


def short_address(address: str) -> str:
    """``0xf39F…2266``; anything else cleaned and cut to 20 characters."""
    return f"{address[:6]}…{address[-4:]}" if len(address) == 42 else clean_line(address, 20)


def named(address: str, style: str = "") -> Content:
    """An account as timelines draw it (verified name, else profile name, else the short
    address); anything that is not an address cleaned and cut to 20 characters."""
    return account(address, style) if is_address(address) else Content(short_address(address))


def log_lines(entry: LogEntryView, width: int) -> list[Content]:
    target = (
        Content(f"post #{entry.target}")
        if entry.action in (Action.HIDE, Action.RESTORE)
        else named(entry.target)
    )
    source = f" [dim](inherited from #{entry.inherited_from})[/dim]" if entry.inherited_from else ""
    head = (
        Content.from_markup("[b]$action[/b] ", action=entry.action.label)
        + target
        + Content.from_markup(" [dim]by[/dim] ")
        + named(entry.moderator)
        + Content.from_markup(f" · block $block{source}", block=str(entry.block))
    )
    reason = Content.from_markup(
        "  $rules · $label", rules=entry.reason.rules_label(), label=entry.reason.label()
    )
    if entry.reason.note:
        reason += Content.from_markup(
            " [dim]· “$note”[/dim]", note=clean_line(entry.reason.note, 120)
        )
    appeal = Content("")
    if entry.appeals:
        by, text = entry.appeals[-1]
        more = f" (+{len(entry.appeals) - 1})" if len(entry.appeals) > 1 else ""
        appeal = (
            Content.from_markup("  [$warning]appeal[/] by ")
            + named(by)
            + Content.from_markup(
                ": $text$more", text=clean_line(text or "(fetching)", 160), more=more
            )
        )
    # One line each (the list's rows have a fixed height): what does not fit ends in "…";
    # the marker and the scrollbar's gutter take two columns.
    fit = max(width - 2, 10)
    return [line.truncate(fit, ellipsis=True) for line in (head, reason, appeal)]


def member_line(address: str, d: CommunityDetail | None) -> Content:
    """A member's address, then its roles: owner, moderator, banned (a ban outlives the
    membership event, so the banned are marked, not left to look like anyone else)."""
    roles: list[str] = []
    if d is not None:
        low = address.lower()
        if low == d.summary.owner.lower():
            roles.append("owner")
        if low in {m.lower() for m in d.moderators}:
            roles.append("moderator")
        if low in {b.lower() for b in d.banned}:
            roles.append("banned")
    text = named(address, "b")
    return text + Content.styled("  " + " · ".join(roles), "dim") if roles else text


def proposal_lines(item: ProposalView, width: int) -> list[Content]:
    kind = item.kind.slug if item.kind else "unknown"
    target = Content("") if item.target in ("", "0") else Content(" ") + named(item.target)
    if item.executed:
        state = "executed"
    elif not item.closed:
        state = f"open until block {item.end_block}"
    elif item.passed:
        state = f"voting closed at block {item.end_block}: passed, e executes it"
    else:
        state = f"voting closed at block {item.end_block}: did not pass"
    return [
        Content.from_markup("[b]#$id $kind[/b]", id=str(item.id), kind=kind) + target,
        Content.from_markup(
            "  yes $yes · no $no · $state", yes=str(item.yes), no=str(item.no), state=state
        ),
        Content("  ") + Content(clean_line(item.note, 200)),
    ]


def _people(addresses: tuple[str, ...]) -> Content:
    return Content(", ").join(named(a) for a in addresses)


def about_text(d: CommunityDetail, experts: list[Endorsement]) -> Content:
    """The Rules & about tab: goal, owner, moderators, rules, experts, bans and lineage.

    The owner is named with the full address (who may change the rules); everyone else as
    timelines name them."""
    s = d.summary
    lines: list[Content | str] = [f"{s.name}", f"Goal: {s.goal}"]
    if s.description:
        lines.append(clean_text(s.description, 2000))
    owner = account(s.owner, "", full=True) if is_address(s.owner) else named(s.owner)
    lines += [
        "",
        Content("Owner: ") + owner,
        Content("Moderators: ") + (_people(d.moderators) if d.moderators else Content("the owner only")),
    ]  # fmt: skip
    lines += ["", f"Rules ({d.rules_status}):"] + [f"  {n}. {text}" for n, text in d.rules]
    lines += ["", "Experts (acknowledged by a moderator of the time; * shows their posts):"]
    for e in experts:
        lines += [
            Content("  ") + named(e.recipient) + Content(f" {e.skill} (level {e.level})"),
            Content("    by ") + named(e.attester),
        ]
    if not experts:
        lines.append("  none yet")
    if d.banned:
        lines += ["", Content("Banned: ") + _people(d.banned)]
    if d.lineage:
        lines += ["", "Lineage: " + " ← ".join(f"#{c}" for c in (s.id, *d.lineage))]
    return Content("\n").join(
        line if isinstance(line, Content) else Content(line) for line in lines
    )


def accounts_in(
    d: CommunityDetail, log: list[LogEntryView], members: list[str],
    proposals: list[ProposalView], experts: list[Endorsement],
) -> list[str]:  # fmt: skip
    """Every account these tabs name, for the name lookups (owner and moderators first)."""
    found = [d.summary.owner, *d.moderators, *d.banned]
    for entry in log:
        found += [entry.moderator, entry.target, *(by for by, _ in entry.appeals)]
    found += [p.target for p in proposals]
    for e in experts:
        found += [e.recipient, e.attester]
    return [*found, *members]
