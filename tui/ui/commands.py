"""Command palette providers: every navigation action as an ``area: action`` command."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

Command = tuple[str, str, Callable[[], Any]]


def _commands(app: Any) -> list[Command]:
    """(title, help, callback): titles are ``area: action`` so typing the area filters."""
    has_post = app.current_post() is not None
    items: list[Command] = [
        ("timeline: home", "Posts by people you follow", partial(app.action_timeline, "home")),
        ("timeline: global", "Every post on the network", partial(app.action_timeline, "global")),
        ("timeline: articles", "Long-form articles", partial(app.action_timeline, "articles")),
        (
            "timeline: notifications",
            "Replies, tips, follows and collects",
            partial(app.action_timeline, "notifications"),
        ),
        ("search: posts", "Full-text search", app.action_search),
        ("post: new", "Write a new post", app.action_compose),
        ("article: write", "Write and mint a long-form article", app.action_write_article),
        ("drafts: open", "Unsent posts, replies and articles", app.action_drafts),
        ("wallet: open", "Accounts, balance and transactions", app.action_wallet),
        (
            "wallet: create account",
            "A new key, stored in your keyring",
            partial(app.action_add_account, "create"),
        ),
        (
            "wallet: import account",
            "From a private key or a recovery phrase",
            partial(app.action_add_account, "import"),
        ),
        ("profile: mine", "Your profile", app.action_my_profile),
        ("settings: open", "Networks, theme and keymap", app.action_settings),
        (
            "communities: open",
            "Groups with public moderation, appeals and forks",
            app.action_communities,
        ),
        ("help: keys", "Every key on the current screen", app.action_help),
    ]
    if has_post:
        items += [
            ("post: reply", "Reply to the highlighted post", app.action_reply),
            ("post: repost", "Repost the highlighted post", app.action_repost),
            ("post: tip", "Tip the highlighted post's author in ETH", app.action_tip),
            ("author: follow or unfollow", "Toggle following the author", app.action_follow),
        ]
    experts_only = getattr(app.screen, "action_experts_only", None)  # on a community's screen
    if experts_only is not None:
        items.append(
            (
                "community: experts only",
                "Only its acknowledged experts' posts, or all",
                experts_only,
            )
        )
    return items


class AgoraCommands(Provider):
    """Agora's own commands, offering post actions only when a post is highlighted."""

    async def discover(self) -> Hits:
        for title, help_text, callback in _commands(self.app):
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in _commands(self.app):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
