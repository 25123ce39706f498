"""Fake data for the thread and identity tests: a deep thread, a 3.5 KB post, an impostor."""

from __future__ import annotations

from dataclasses import replace

from tui.core.models import ArticleView, ContentStatus, PostView
from tui.ui.backend import FAKE_ME, FAKE_NOW, FakeBackend

BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
NO_PROFILE = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
IMPOSTOR = "0x5D15B7a5b3bDe8E2bc9F3fD2b85b0e0F3C40c39f"
DEPTH = 12
"""Replies below the root in the deep thread."""

LONG_TEXT = (
    "\n\n".join(
        f"Paragraph {n:02d}: a post may be up to four kibibytes, and every word of it must be "
        f"readable from the keyboard, not only the first lines of the text pane."
        for n in range(1, 25)
    )
    + "\n\nTHE LAST LINE OF THE LONG POST."
)


def _post(pid: int, author: str, parent: int, text: str, name: str, **extra: object) -> PostView:
    return PostView(
        id=pid,
        author=author,
        parent=parent,
        cid=f"bafkreithread{pid:06d}",
        text=text,
        content_status=ContentStatus.VERIFIED,
        block=100 + pid,
        tx_hash="0x" + f"{pid:064x}",
        timestamp=FAKE_NOW - 600 + pid,
        finalized=True,
        author_name=name,
        **extra,  # type: ignore[arg-type]
    )


class ThreadBackend(FakeBackend):
    """The FakeBackend plus a deep thread (root ``root``), a long post (``long``) and an impostor.

    ``name_clash`` is set here as the core's views compute it: the impostor is named like
    Brendan, whom the fake account follows, at another address.
    """

    def __init__(self) -> None:
        super().__init__()
        start = self._posts[-1].id + 1
        self.root = start
        people = [(BRENDAN, "Brendan"), (FAKE_ME, "Ada"), (NO_PROFILE, "")]
        added = [_post(start, BRENDAN, 0, "The root of a deep thread.", "Brendan")]
        for depth in range(1, DEPTH + 1):
            author, name = people[depth % len(people)]
            text = f"Reply at depth {depth}: still readable at eighty columns."
            added.append(_post(start + depth, author, start + depth - 1, text, name))
        self.impostor = start + DEPTH + 1
        added.append(
            _post(
                self.impostor,
                IMPOSTOR,
                start,
                "Send tips to this address instead.",
                "brendan",
                name_clash=True,
            )
        )
        self.long = start + DEPTH + 2
        added.append(_post(self.long, BRENDAN, 0, LONG_TEXT, "Brendan"))
        self.reposted = start + DEPTH + 3
        added.append(
            _post(
                self.reposted,
                NO_PROFILE,
                0,
                "A post Brendan reposted.",
                "",
                reposted_by=BRENDAN,
                reposted_by_name="Brendan",
            )
        )
        self.followed.add(NO_PROFILE)  # so the reposted post and the chain show on home too
        self._posts.extend(added)
        self._by_id.update({p.id: p for p in added})
        self._articles.insert(
            0,
            replace(
                self._articles[0],
                id=3,
                author=NO_PROFILE,
                owner=NO_PROFILE,
                title="An article by someone without a profile",
                author_name="",
            ),
        )


def article_by_no_profile(backend: ThreadBackend) -> ArticleView:
    return backend.articles()[0]
