"""The compact density: one line per post in the list, the highlighted post in full below.

For reading many posts at once (at 80×24 the cards fit four): ``age  name  ↩⟳◷  text…`` on
a single line, and a ``PostDetail`` pane that shows the whole highlighted post. Untrusted text
goes in as ``Content(text)`` or a ``$variable``, never as markup, as in the cards.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.core.ens.verified import verified_name
from tui.core.models import PostView
from tui.core.text import clean_line
from tui.ui.pending import NO_PENDING, PendingActions
from tui.ui.timefmt import relative_time, short_address
from tui.ui.widgets.image_marker import images_marker
from tui.ui.widgets.post_card import filtered_line, post_body, post_counts, post_header

NAME_WIDTH = 14
"""Cells given to the author's name in a compact row (longer names end with …)."""


def compact_post_line(
    post: PostView,
    width: int,
    now: float,
    revealed: bool = False,
    pending: PendingActions = NO_PENDING,
) -> list[Content]:
    """One line: ``  5m Ada 0xf39F…2266 ↩ text…`` (reply ↩, repost ⟳, pending ◷ markers).

    The short address always follows a name (a name is only a claim), a name that copies
    someone the user follows carries ⚠, and a post a mute or filter collapsed shows why, not
    its text, as its card does.
    """
    age = relative_time(post.timestamp, now)
    ens = verified_name(post.author)
    name = ens or clean_line(post.author_name, 64)
    room = NAME_WIDTH - 2 if ens else NAME_WIDTH  # a long verified name keeps its ✓
    if len(name) > room:
        name = name[: room - 1] + "…"
    if ens:
        name += " ✓"  # verified both ways
    author = f"{name} {short_address(post.author)}" if name else short_address(post.author)
    marks = "⚠" if post.name_clash else ""
    if post.parent:
        marks += "↩"
    if post.reposted_by:
        marks += "⟳"
    if post.pending or pending.replies.get(post.id) or pending.reposts.get(post.id):
        marks += "◷"
    if post.attachments:
        marks += "▣"
    if post.filtered is not None and not revealed:
        body = filtered_line(post.filtered.reason)
    else:
        body = Content(" ").join(post_body(post, revealed).split("\n"))
    line = Content.assemble(
        (f"{age:>4} ", "dim"),
        (f"{author:<{NAME_WIDTH + 12}} ", "bold"),
        (f"{marks:<2} ", "$warning" if "◷" in marks or "⚠" in marks else "dim"),
        body,
    )
    return [line.truncate(max(width, 8), ellipsis=True)]


def post_detail(
    post: PostView, now: float, revealed: bool = False, pending: PendingActions = NO_PENDING
) -> Content:
    """The whole post: its card header, every line of its text (or why a mute or filter
    collapsed it, until ``v``), its counts."""
    if post.filtered is not None and not revealed:
        body = filtered_line(post.filtered.reason)
    else:
        body = post_body(post, revealed)
    images = [images_marker(post, gap="")] if post.attachments and body.plain == post.text else []
    return Content("\n").join([post_header(post, now), body, post_counts(post, pending), *images])


class PostDetail(Static):
    """The highlighted post in full, under a compact list (hidden with the cards)."""

    DEFAULT_CSS = """
    PostDetail {
        height: auto;
        max-height: 45%;
        border-top: solid $primary;
        padding: 0 1;
        overflow-y: auto;
    }
    """

    def show_post(
        self,
        post: PostView | None,
        now: float,
        revealed: bool = False,
        pending: PendingActions = NO_PENDING,
    ) -> None:
        if post is None:
            self.update(Content.styled("Nothing highlighted.", "dim"))
        else:
            self.update(post_detail(post, now, revealed, pending))
