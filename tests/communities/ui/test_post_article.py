"""A community post can link one of the user's own published articles (its collects then count
for the community's points): the dialog lists them, refuses someone else's with a clear error,
names the linked article in the confirmation, and keeps the choice in its draft."""

from __future__ import annotations

from typing import Any

import pytest

from tests.communities.ui.test_pilot import _keys, _open
from tests.communities.ui.test_snapshots import run
from tests.ui.conftest import SIZES, build, settle
from tui.core.communities import intents
from tui.core.content.store import FakeContentStore
from tui.core.drafts import DraftStore, community_draft_key
from tui.core.errors import UsageError
from tui.ui.screens.communities.post_modal import CommunityPostModal
from tui.ui.screens.confirm import ConfirmModal


def test_an_article_id_is_parsed_and_must_be_the_users() -> None:
    assert intents.parse_article_id("") == 0
    assert intents.parse_article_id(" #12 ") == 12
    with pytest.raises(UsageError, match="Not an article id"):
        intents.parse_article_id("twelve")
    with pytest.raises(UsageError, match="Article #2 is not yours") as info:
        intents.post(FakeContentStore(), 1, "read this", article=2, own_articles={1, 3})
    assert info.value.hint == "Your articles: #1, #3."
    ok = intents.post(FakeContentStore(), 1, "read this", article=3, own_articles={1, 3})
    assert ok.summary == "Post linking article #3 in community #1"


async def _type(pilot: Any, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


@pytest.mark.anyio
async def test_link_an_article_refuse_another_and_keep_the_choice() -> None:
    key = community_draft_key(1, "post")
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, 1)
        await _keys(pilot, "n")
        modal = app.screen
        assert isinstance(modal, CommunityPostModal)
        await settle(pilot)
        assert modal.own == {1: "Agora: a field guide"}
        listed = str(modal.query_one("#post-articles").render())
        assert "#1 “Agora: a field guide”" in listed
        await _type(pilot, "my guide")
        await pilot.click("#post-article")
        await _type(pilot, "2")  # Brendan's article
        await _keys(pilot, "ctrl+s")
        assert app.screen is modal
        error = str(modal.query_one("#text-error").render())
        assert "Article #2 is not yours" in error and "Your articles: #1" in error
        await _keys(pilot, "backspace")
        await _type(pilot, "1")
        await _keys(pilot, "escape")
        assert DraftStore().load(key) == {"text": "my guide", "article": "1"}
        await _keys(pilot, "n")  # the draft fills the dialog in again, the link too
        again = app.screen
        assert isinstance(again, CommunityPostModal) and again is not modal
        assert again.query_one("#post-article").value == "1"  # type: ignore[attr-defined]
        await settle(pilot)
        await _keys(pilot, "ctrl+s")
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        conf = confirm.confirmation
        assert conf.function == "post(uint256,string,uint256)"
        assert "linking article #1" in conf.summary
        shown = " ".join(str(w.render()) for w in confirm.query("Static"))
        assert "article #1 “Agora: a field guide”" in shown


@pytest.mark.parametrize("size", SIZES)
def test_someone_elses_article_is_refused(snap_compare: Any, size: Any) -> None:
    async def before(pilot: Any) -> None:
        await run("C", "G", "k", "enter", "n", "h", "i", "tab", "2", "ctrl+s")(pilot)

    assert snap_compare(build(), terminal_size=size, run_before=before)
