"""The community post dialog: the text, and optionally one of the user's own articles to link.

A post that links an article its author published makes the article's collects count for the
community's points (PROTOCOL.md, community points). The dialog lists the user's published
articles (read in a thread worker) and refuses an id that is not among them with a clear
error, before anything is signed. The linked id is part of the dialog's draft.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Static

from tui.core.communities.intents import check_own_article, parse_article_id
from tui.core.errors import AgoraError
from tui.core.index.bounds import MAX_LIMIT
from tui.core.text import clean_line
from tui.ui.screens.communities.modals import TextModal

SHOWN = 6
"""Articles named under the field; the rest are counted."""


def article_label(article_id: int, title: str) -> str:
    """``#3 “Title”`` (sanitised), or ``#3`` while its document is not fetched."""
    title = clean_line(title, 60)
    return f"#{article_id} “{title}”" if title else f"#{article_id}"


class CommunityPostModal(TextModal):
    """A post or reply in a community; ``article`` is the linked article's id once sent (0 for
    none), beside the text the dialog returns."""

    keys_line = "ctrl+s send · tab link an article · escape cancel (kept)"

    def __init__(self, title: str, context: str = "", *, draft_key: str = "") -> None:
        super().__init__(title, context, draft_key=draft_key)
        self.article = 0
        self.own: dict[int, str] | None = None
        """The user's published articles (id -> title), None until read."""
        self.unreadable = False
        """Reading them failed (the index is not open yet): nothing can be linked."""

    def more_fields(self) -> ComposeResult:
        yield Input(
            placeholder="Link one of your articles: its id (optional)",
            id="post-article",
            max_length=24,
        )
        yield Static(Content("Your articles: reading…"), classes="dim", id="post-articles")

    def draft_fields(self) -> dict[str, str]:
        fields = super().draft_fields()
        article = self.query_one("#post-article", Input).value
        return {**fields, "article": article} if article.strip() else fields

    def restore(self, fields: dict[str, str]) -> None:
        super().restore(fields)
        self.query_one("#post-article", Input).value = fields.get("article", "")

    def on_mount(self) -> None:
        super().on_mount()
        self.read_articles()

    @work(thread=True, exclusive=True, group="post-articles", exit_on_error=False)
    def read_articles(self) -> None:
        app: Any = self.app
        try:
            me = app.communities.account()
            found = app.backend.articles(author=me, limit=MAX_LIMIT) if me else []
        except (AgoraError, Exception) as exc:  # the index may not be open yet
            text = f"Your articles: unknown ({clean_line(str(exc), 120)})"
            self.unreadable = True
            app.call_from_thread(self._listed, None, text)
            return
        own = {a.id: a.title for a in found if a.author == me}
        app.call_from_thread(self._listed, own, self._describe(own))

    @staticmethod
    def _describe(own: dict[int, str]) -> str:
        if not own:
            return "You have published no articles to link."
        ids = sorted(own, reverse=True)
        names = ", ".join(article_label(n, own[n]) for n in ids[:SHOWN])
        more = f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
        return f"Your articles: {names}{more}"

    def _listed(self, own: dict[int, str] | None, text: str) -> None:
        self.own = own
        self.query_one("#post-articles", Static).update(Content(text))

    def linked_title(self) -> str:
        """The linked article's title, for the confirmation ("" when none or not fetched)."""
        return (self.own or {}).get(self.article, "") if self.article else ""

    def action_done(self) -> None:
        error = self.query_one("#text-error", Static)
        try:
            article = parse_article_id(self.query_one("#post-article", Input).value)
            if article and self.own is None:  # read, or failed to read: say which
                error.update(
                    Content(
                        "Your articles could not be read, so no article can be linked now."
                        if self.unreadable
                        else "Your articles are still being read: try again."
                    )
                )
                return
            check_own_article(article, self.own)
        except AgoraError as exc:
            error.update(Content(clean_line(str(exc).replace("\n", " "), 200)))
            return
        self.article = article
        super().action_done()
