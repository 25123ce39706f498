"""FakeHostileBackend: the FakeBackend with every string a stranger controls taken from the corpus."""

from __future__ import annotations

from dataclasses import replace

from tests.hostile.corpus import ALL, SHORT
from tui.core.models import ArticleView, ContentStatus, NotificationView, PostView, ProfileView
from tui.core.names import profile_name
from tui.core.text import clean_text
from tui.ui.backend import FAKE_NOW, FakeBackend

AUTHOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
NAMES = sorted(SHORT)


def hostile_name(i: int) -> str:
    """A corpus entry as the core hands it out as a name (``profile_name``)."""
    return profile_name(SHORT[NAMES[i % len(NAMES)]])


class FakeHostileBackend(FakeBackend):
    """Every post, name, bio, title, body and notification is a (sanitised) corpus entry.

    Read models are sanitised by the core, so the strings here are ``clean_text`` output: what
    remains is exactly what widgets must still never parse (markup, actions, brackets, bidi tags).
    """

    def __init__(self) -> None:
        super().__init__(posts=0)
        posts = []
        for i, name in enumerate(NAMES, start=1):
            text = clean_text(SHORT[name], 4096)
            posts.append(
                PostView(
                    id=i,
                    author=AUTHOR,
                    parent=1 if i > 1 and i % 4 == 0 else 0,
                    cid=clean_text("bafkrei" + name),
                    text=text,
                    content_status=ContentStatus.VERIFIED,
                    block=10 + i,
                    tx_hash="0x" + f"{i:064x}",
                    timestamp=FAKE_NOW - i * 60,
                    author_name=hostile_name(i),
                    content_warning=clean_text(SHORT[name], 200) if i % 3 == 0 else "",
                    tags=(clean_text(SHORT[name], 40),),
                )
            )
        self._posts = posts
        self._by_id = {p.id: p for p in posts}
        self.followed = {AUTHOR}
        self._articles = [
            ArticleView(
                id=k,
                author=AUTHOR,
                owner=AUTHOR,
                cid="bafkreiarticle",
                title=clean_text(title, 200),
                description=clean_text(title + ALL["textual_close_all"], 1000),
                body_cid="bafkreibody",
                price_wei=0,
                max_editions=5,
                editions=1,
                content_status=ContentStatus.VERIFIED,
                block=5,
                tx_hash="0x" + "ab" * 32,
                timestamp=FAKE_NOW - 100,
                author_name=hostile_name(k),
            )
            for k, title in enumerate(
                [ALL["textual_click_quit"], ALL["osc0_title_bel"], ALL["bidi_rlo_address"]], start=1
            )
        ]

    def profile(self, address: str) -> ProfileView:
        base = super().profile(address)
        return replace(
            base,
            name=hostile_name(7),
            bio=clean_text("\n".join(SHORT[n][:80] for n in NAMES[:30]), 1024),
            links=tuple(clean_text(u) for u in ("javascript:alert(1)", "-oProxyCommand=x")),
            content_status=ContentStatus.VERIFIED,
        )

    def notifications(self, limit: int = 200) -> list[NotificationView]:
        return [
            NotificationView(
                kind,
                AUTHOR,
                40 - i,
                FAKE_NOW - i,
                "0x" + f"{i:064x}",
                post_id=1,
                article_id=1,
                amount_wei=10**15,
                actor_name=hostile_name(i),
                text=clean_text(SHORT[NAMES[i % len(NAMES)]], 300),
            )
            for i, kind in enumerate(["reply", "tip", "follow", "collect", "repost", "mention"] * 4)
        ][:limit]

    def search(self, query: str, limit: int = 100) -> list[PostView]:
        return list(reversed(self._posts))[:limit]

    def article_body(self, article: ArticleView) -> str:
        body = "\n\n".join(
            ALL[k]
            for k in (
                "deep_markdown_quotes",
                "deep_markdown_lists",
                "javascript_link",
                "file_link",
                "data_link",
                "ssh_proxycommand",
                "leading_dash_url",
                "markdown_html",
                "textual_click_quit",
                "osc52_clipboard",
                "combining_flood",
            )
        )
        return clean_text(body, 256 * 1024)
