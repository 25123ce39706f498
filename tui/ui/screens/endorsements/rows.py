"""How one endorsement row reads on a profile (plain Content templates: strings are untrusted)."""

from __future__ import annotations

from textual.content import Content

from tui.core.index.attestations import EndorsementRow
from tui.ui.accounts import who


def row_lines(row: EndorsementRow, width: int) -> list[Content]:
    """The skill (on its first row, with how many count), then who vouched and the evidence."""
    item = row.item
    lines: list[Content] = []
    if row.group:
        lines.append(
            Content.from_markup("[b]$skill[/b] [dim]· $n[/dim]", skill=item.skill, n=str(row.group))
        )
    if item.kind == "acknowledgement":
        mark = Content.from_markup(
            "  [$success]★ expert[/] [dim]level $level, community $c, acknowledged by[/dim] ",
            level=str(item.level), c=item.community,
        )  # fmt: skip
    else:
        where = f" in community {item.community}" if item.community else ""
        mark = Content.from_markup("  [dim]endorsed$where by[/dim] ", where=where)
    line = mark + who(row.attester_name, item.attester)
    if row.followed:
        line += Content.from_markup(" [$success]· you follow[/]")
    if row.mine:
        line += Content.from_markup(" [$warning]· yours (X revokes)[/]")
    if item.claimed != item.kind:
        line += Content.from_markup(" [dim](claimed expert; not a moderator)[/dim]")
    lines.append(line)
    if item.evidence:
        target = f"{row.evidence[0]} #{row.evidence[1]}" if row.evidence else item.evidence
        hint = " · enter opens it" if row.evidence else ""
        lines.append(Content.from_markup("    [dim]evidence $t$hint[/dim]", t=target, hint=hint))
    return [line.truncate(width, ellipsis=True) for line in lines]
