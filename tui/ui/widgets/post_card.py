"""How one post, article or notification is drawn: a fixed number of lines of safe Content.

Every untrusted string goes in as a ``$variable`` of a ``Content.from_markup`` template or as
``Content(text)``, never as markup. Fixed heights keep the virtual lists' arithmetic simple.
"""

from __future__ import annotations

from textual.content import Content

from tui.core.models import ArticleView, ContentStatus, NotificationView, PostView
from tui.core.units import format_eth
from tui.ui.accounts import who
from tui.ui.pending import NO_PENDING, PendingActions
from tui.ui.timefmt import relative_time, short_address
from tui.ui.widgets.image_marker import images_marker

ITEM_HEIGHT = 5
"""Lines per list item: header, two text lines, counts, separator."""

STATUS_MARK = {
    ContentStatus.VERIFIED: ("✓ verified", "$success"),
    ContentStatus.PENDING: ("… fetching", "$warning"),
    ContentStatus.UNAVAILABLE: ("? unavailable", "$warning"),
    ContentStatus.INVALID: ("✗ invalid", "$error"),
}


def display_name(name: str, address: str) -> str:
    """The profile name, or the short address when the author never set one."""
    return name or short_address(address)


def status_badge(status: ContentStatus) -> Content:
    label, colour = STATUS_MARK[status]
    return Content.from_markup(f"[{colour}]$label[/]", label=label)


def post_header(post: PostView, now: float) -> Content:
    """``Name 0xf39F…2266 · 5m · ✓ verified`` plus repost and pending markers."""
    header = who(post.author_name, post.author, post.name_clash) + Content.from_markup(
        " [dim]· $age[/dim] ", age=relative_time(post.timestamp, now)
    )
    header = header + status_badge(post.content_status)
    if post.parent:
        header += Content.from_markup(" [dim]↩ reply to #$parent[/dim]", parent=str(post.parent))
    if post.reposted_by:
        header += Content.from_markup(" [dim]⟳ by[/dim] ") + who(
            post.reposted_by_name, post.reposted_by, style="dim"
        )
    if post.community:  # the Communities timeline says where each post was made
        header += Content.from_markup(" [dim]in[/dim] [b]$name[/b]", name=post.community)
    if post.pending:
        header += Content.from_markup(" [$warning b]◷ pending[/]")
    return header


def post_body(post: PostView, revealed: bool) -> Content:
    """The text, or why it cannot be shown, or the content warning while it is hidden."""
    if post.content_status is ContentStatus.INVALID:
        return Content.from_markup("[$error i]Content does not match its CID: not shown.[/]")
    if post.content_status is ContentStatus.UNAVAILABLE and not post.text:
        return Content.from_markup("[i dim]Content unavailable from every gateway (yet).[/]")
    if post.content_status is ContentStatus.PENDING and not post.text:
        return Content.from_markup("[i dim]Fetching content…[/]")
    if post.content_warning and not revealed:
        return Content.from_markup(
            "[$warning]⚠ CW: $cw[/] [dim](press c to show)[/]", cw=post.content_warning
        )
    return Content(post.text)


def post_counts(post: PostView, pending: PendingActions = NO_PENDING) -> Content:
    """``↩ 2   ⟳ 3   ◆ 0.01 ETH   #12``, with ◷ on whatever the user's own pending
    transactions will change (``⟳ 3 ◷``, ``◷ tip 0.01 ETH``)."""
    tips = format_eth(post.tips_wei) if post.tips_wei else "0"
    if post.token_tips:  # labels are Agora's own text: known symbols or short addresses
        labels = [label for _token, _amount, label in post.token_tips[:2]]
        more = len(post.token_tips) - len(labels)
        tips = (tips if post.tips_wei else "") + (" + " if post.tips_wei else "")
        tips += " + ".join(labels) + (f" + {more} more" if more else "")
    pending_tip = pending.tips_wei.get(post.id, 0)
    if not (pending_tip or pending.replies.get(post.id) or pending.reposts.get(post.id)):
        return Content.from_markup(
            "[dim]↩ $replies   ⟳ $reposts   ◆ $tips   #$id[/dim]",
            replies=str(post.replies),
            reposts=str(post.reposts),
            tips=tips,
            id=str(post.id),
        )
    mark = Content.from_markup(" [$warning b]◷[/]")
    replies = Content.from_markup("[dim]↩ $n[/dim]", n=str(post.replies))
    if pending.replies.get(post.id):
        replies += mark
    reposts = Content.from_markup("[dim]⟳ $n[/dim]", n=str(post.reposts))
    if pending.reposts.get(post.id):
        reposts += mark
    tipped = Content.from_markup("[dim]◆ $tips[/dim]", tips=tips)
    if pending_tip:
        tipped += Content.from_markup(
            " [$warning b]◷ tip $amount[/]", amount=format_eth(pending_tip)
        )
    gap = Content("   ")
    return gap.join(
        [replies, reposts, tipped, Content.from_markup("[dim]#$id[/dim]", id=str(post.id))]
    )


def _two_lines(body: Content, width: int) -> list[Content]:
    lines: list[Content] = []
    for paragraph in body.split("\n"):
        lines.extend(paragraph.wrap(max(width, 8)) or [Content("")])
        if len(lines) > 2:
            break
    if len(lines) > 2:
        lines = [lines[0], lines[1].truncate(max(width - 1, 1)) + "…"]
    while len(lines) < 2:
        lines.append(Content(""))
    return lines


def post_lines(
    post: PostView,
    width: int,
    now: float,
    revealed: bool = False,
    pending: PendingActions = NO_PENDING,
) -> list[Content]:
    """The ``ITEM_HEIGHT`` lines of a post in a timeline (one line when a filter collapsed it)."""
    if post.filtered is not None and not revealed:
        return [filtered_line(post.filtered.reason), *[Content("")] * (ITEM_HEIGHT - 1)]
    inner = max(width - 2, 8)
    return [
        post_header(post, now),
        *_two_lines(post_body(post, revealed), inner),
        post_counts(post, pending)
        + images_marker(post, bool(post.content_warning) and not revealed),
        Content(""),
    ]


def filtered_line(reason: str) -> Content:
    """``filtered: word 'x' — v to view`` (the reason names a user's rule or a muted author)."""
    return Content.from_markup("[dim]$reason — v to view[/dim]", reason=reason)


def article_lines(
    article: ArticleView, width: int, now: float, pending: PendingActions = NO_PENDING
) -> list[Content]:
    """An article card: title, description, price/editions badge (◷ while collecting), status."""
    left = article.editions_left
    if left is None:
        badge = Content.from_markup("[reverse] ARTICLE [/] [dim]not for sale[/dim]")
    else:
        price = format_eth(article.price_wei) if article.price_wei else "free"
        badge = Content.from_markup(
            "[reverse] ARTICLE [/] [b]$price[/b] · $left of $max editions left",
            price=price,
            left=f"{left:,}",
            max=f"{article.max_editions:,}",
        )
        if article.unlimited:
            badge = Content.from_markup(
                "[reverse] ARTICLE [/] [b]$price[/b] · unlimited editions", price=price
            )
    if article.owned_editions:
        badge += Content.from_markup(
            " · [b]you own $marks[/b]", marks=", ".join(f"#{e}" for e in article.owned_editions)
        )
    if article.unclaimed_award_wei:
        badge += Content.from_markup(
            " · [$warning b]unclaimed award $amount[/]",
            amount=format_eth(article.unclaimed_award_wei),
        )
    if pending.collecting(article.id):
        badge += Content.from_markup(" [$warning b]◷ collecting[/]")
    title = Content.from_markup("[b]$title[/b]", title=article.title or "(untitled)")
    by = (
        Content.from_markup("[dim]by[/dim] ")
        + who(article.author_name, article.author, article.name_clash, style="dim")
        + Content.from_markup(" [dim]· $age[/dim] ", age=relative_time(article.timestamp, now))
        + status_badge(article.content_status)
    )
    desc = Content(article.description).truncate(max(width - 2, 8), ellipsis=True)
    return [title, by, desc, badge, Content("")]


NOTIFICATION_VERBS = {
    "reply": "replied to your post",
    "tip": "tipped you",
    "follow": "followed you",
    "repost": "reposted your post",
    "collect": "collected your article",
}


def _verb(kind: str) -> str:
    """The phrase for a kind of the index's own, or of a capability (its ``NotificationKind``)."""
    from tui.core.index.sources import notification_kind

    found = notification_kind(kind)
    return NOTIFICATION_VERBS.get(kind) or (found.verb if found else kind)


def notification_lines(item: NotificationView, width: int, now: float) -> list[Content]:
    if item.filtered is not None:  # one line: why, and what happened
        line = Content.from_markup(
            "[dim]$reason · $verb[/dim]",
            reason=item.filtered.reason,
            verb=_verb(item.kind),
        )
        return [line, *[Content("")] * (ITEM_HEIGHT - 1)]
    verb = _verb(item.kind)
    head = who(item.actor_name, item.actor, item.name_clash) + Content.from_markup(
        " $verb [dim]· $age[/dim]", verb=verb, age=relative_time(item.timestamp, now)
    )
    detail = Content("")
    if item.amount_label:  # a token tip: Agora's own label (a known symbol or an address)
        detail = Content.from_markup(
            "[b]$amount[/b] [dim]on post #$id[/dim]", amount=item.amount_label, id=str(item.post_id)
        )
    elif item.amount_wei:
        detail = Content.from_markup("[b]$amount[/b]", amount=format_eth(item.amount_wei))
    elif item.post_id:
        detail = Content.from_markup("[dim]on post #$id[/dim]", id=str(item.post_id))
    elif item.article_id:
        detail = Content.from_markup("[dim]article #$id[/dim]", id=str(item.article_id))
    text = Content(item.text).truncate(max(width - 2, 8), ellipsis=True)
    return [head, detail, text, Content(""), Content("")][:ITEM_HEIGHT]
