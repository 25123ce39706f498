"""The community screen's posts tab: its cards, and the actions on the highlighted post.

Post and reply; moderators hide, restore and ban citing the numbered rules; anyone appeals a
post or a log entry. Every write goes through the shared confirmation (``_write``).
"""

from __future__ import annotations

from typing import Any

from textual.content import Content

from tui.core.communities.fold import Action
from tui.core.errors import UsageError
from tui.core.index.community_views import CommunityPostView, LogEntryView
from tui.core.text import is_digits
from tui.ui.accounts import account_text
from tui.ui.screens.communities.community_base import CommunityScreenBase
from tui.ui.widgets.post_card import ITEM_HEIGHT, post_header, post_lines
from tui.ui.widgets.virtual_list import VirtualList


class PostsTab(CommunityScreenBase):
    """The posts tab of ``CommunityScreen`` and what can be done to a post."""

    def _post_lines(self, item: CommunityPostView, width: int) -> list[Content]:
        """A card, with its author's verified avatar in a gutter as timeline cards have (not
        for collapsed posts, compact density, narrow lists or ``avatars_in_rows = false``)."""
        app: Any = self.app
        collapsed = item.collapse is not None and item.post.id not in self.revealed
        if collapsed or not self.avatars or app.ui_state.compact:
            return self._card(item, width)
        from tui.ui.widgets.avatar_gutter import with_avatar

        return with_avatar(
            item.post.author, width, lambda inner: self._card(item, inner), self._want_face
        )

    def _want_face(self, address: str) -> None:
        from tui.ui.faces import want

        want(self.app, address)

    def faces_arrived(self) -> None:
        """Avatars arrived (tui.ui.faces): the posts draw their authors' faces."""
        self.query_one("#community-posts", VirtualList).invalidate()

    def _card(self, item: CommunityPostView, width: int) -> list[Content]:
        app: Any = self.app
        if item.collapse is not None and item.post.id not in self.revealed:
            origin = f" · from #{item.community}" if item.community != self.community else ""
            return [
                post_header(item.post, app.now()) + Content.from_markup("[dim]$o[/dim]", o=origin),
                Content.from_markup("[dim]▸ $label — v to view[/dim]", label=item.collapse.label()),
                *[Content("")] * (ITEM_HEIGHT - 2),
            ]
        lines = post_lines(item.post, width, app.now())
        if item.badge:
            lines[0] += Content.from_markup(" [$accent b]$badge[/]", badge=item.badge)
        if item.collapse is not None:
            lines[0] += Content.from_markup(" [dim]▾ $label[/dim]", label=item.collapse.label())
        elif item.community != self.community:
            lines[0] += Content.from_markup(
                " [dim]· from #$c, before the fork[/dim]", c=str(item.community)
            )
        return lines

    # --- actions on posts ------------------------------------------------------------------------
    def action_view(self) -> None:
        post = self.current_post()
        if post is None or post.collapse is None:
            return
        self.revealed.symmetric_difference_update({post.post.id})
        self.query_one("#community-posts", VirtualList).invalidate()

    def action_post(self, reply_to: int = 0) -> None:
        from tui.core.communities import intents
        from tui.ui.screens.communities.post_modal import CommunityPostModal

        title = (
            f"Reply to #{reply_to} in #{self.community}"
            if reply_to
            else f"Post in community #{self.community}"
        )
        key = self._draft("reply", reply_to) if reply_to else self._draft("post")
        modal = CommunityPostModal(title, draft_key=key)

        def chosen(text: str | None) -> None:
            if text is None:
                return
            article, own = modal.article, frozenset(modal.own or ())
            article_title = modal.linked_title()

            def build(store: Any) -> Any:
                return intents.post(
                    store, self.community, text, reply_to=reply_to, article=article,
                    own_articles=own if article else None, article_title=article_title,
                )  # fmt: skip

            self._write(f"{title} linking article #{article}" if article else title, build, key)

        self.app.push_screen(modal, chosen)

    def action_reply(self) -> None:
        self._guard(lambda: self.action_post(self._need_post("Reply").post.id))

    def action_moderate(self, action: str) -> None:
        self._guard(lambda: self._moderate(Action.HIDE if action == "hide" else Action.RESTORE))

    def _moderate(self, action: Action) -> None:
        post = self._need_post(action.label.capitalize())
        if not self._is_moderator():
            raise UsageError(f"Only this community's moderators can {action.label} posts.")
        what = f"{action.label.capitalize()} post #{post.post.id}"
        self._ask_reason(action, post.post.id, what, f"{what}: why?")

    def action_ban(self) -> None:
        self._guard(self._ban)

    def _ban(self) -> None:
        post = self._need_post("Ban")
        if not self._is_moderator():
            raise UsageError("Only this community's moderators can ban.")
        author = post.post.author
        unban = self.detail is not None and author in self.detail.banned
        action = Action.UNBAN if unban else Action.BAN
        self._ask_reason(
            action, author, f"{action.label.capitalize()} {author}",
            f"{action.label.capitalize()} {account_text(author)}: why?", need_rule=not unban,
        )  # fmt: skip

    def _ask_reason(
        self, action: Action, target: int | str, summary: str, title: str, *,
        need_rule: bool = True,
    ) -> None:  # fmt: skip
        """Ask for the rules cited and a note, then send ``action`` on ``target`` (a post id or
        an address) through the shared confirmation as ``summary``."""
        from tui.core.communities import intents
        from tui.ui.screens.communities.modals import Reason, RuleReasonModal

        known = frozenset(n for n, _ in self._rules())

        def chosen(reason: Reason | None) -> None:
            if reason is None:
                return

            def build(store: Any) -> Any:
                return intents.moderate(
                    store, self.community, action, target, list(reason.rules), reason.note,
                    known_rules=known or None,
                )  # fmt: skip

            self._write(summary, build, key)

        key = self._draft(action.label, target)
        modal = RuleReasonModal(title, self._rules(), need_rule=need_rule, draft_key=key)
        self.app.push_screen(modal, chosen)

    def action_appeal(self) -> None:
        from tui.core.communities import intents
        from tui.ui.screens.communities.modals import TextModal

        target: int | str | None = None
        if self.tab == "log":
            entry = self.query_one("#community-log", VirtualList).highlighted
            if isinstance(entry, LogEntryView):
                target = int(entry.target) if is_digits(entry.target) else entry.target
        elif (post := self.current_post()) is not None:
            if post.collapse is None:
                self.notify(f"Post #{post.post.id} is not hidden: nothing to appeal.", markup=False)
                return
            # a hidden post is appealed by its id, a ban by its author's address: the target
            # the log line carries, so the appeal shows under it
            banned = post.collapse.action is Action.BAN
            target = post.post.author if banned else post.post.id
        if target is None:
            self.notify("Highlight a post or a log entry to appeal.", markup=False)
            return
        what = f"post #{target}" if isinstance(target, int) else account_text(target)
        title = f"Appeal the moderation of {what} in #{self.community}"
        key = self._draft("appeal", target)

        def chosen(text: str | None) -> None:
            if text is None:
                return
            chosen_target = target
            assert chosen_target is not None
            self._write(
                title,
                lambda store: intents.appeal(store, self.community, chosen_target, text),
                key,
            )

        self.app.push_screen(
            TextModal(title, "Say why, in your own words. Anyone may appeal.", draft_key=key),
            chosen,
        )
