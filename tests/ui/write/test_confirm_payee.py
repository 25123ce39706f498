"""The confirm modal names who is paid, shows amounts in ETH beside wei, notes owned editions,
and keeps its key line on screen down to 60x20."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest
from textual.widgets import Static

from tests.ui.write.conftest import ARTICLE, POST, HostApp, settle
from tui.core.actions.confirmation import Confirmation, Payee
from tui.ui import flows
from tui.ui.screens.confirm import ConfirmModal, confirmation_rows
from tui.ui.writes import CollectRequest, FakeWriter

HOLDER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"


def writer(app: HostApp) -> FakeWriter:
    w = app.backend.writer
    assert isinstance(w, FakeWriter)
    return w


def confirm_ready(app: HostApp) -> bool:
    """The confirm modal is up and composed (pushing it and composing it are two steps)."""
    return isinstance(app.screen, ConfirmModal) and bool(app.screen.query("#confirm-keys"))


def text_of(widget: Any) -> str:
    return str(widget.render())


def test_rows_name_the_payee_as_a_claim_and_show_eth_beside_wei() -> None:
    conf = Confirmation(
        network="devnet", chain_id=31337, sender=POST.author, to=HOLDER, value_wei=0,
        function="publish(string,uint256,uint256)",
        args=(("cid", "bafy"), ("price", "1000000000000000"), ("maxEditions", "5")),
        gas_limit=1, max_fee_per_gas=1, max_priority_fee_per_gas=1, nonce=0, balance_wei=1,
        summary="s", notice="n", payee=Payee(HOLDER, "author of post #47", "Dana [b]x[/b]"),
    )  # fmt: skip
    plain = "\n".join(row.plain for row in confirmation_rows(conf))
    pad = " " * 12
    assert (
        f"Pays        “Dana [b]x[/b]” (self-chosen name, not verified)\n{pad}{HOLDER}\n"
        f"{pad}author of post #47\n"
    ) in plain
    assert "price: 1000000000000000 wei (0.001 ETH)" in plain
    assert "maxEditions: 5\n" in plain and "cid: bafy" in plain


def test_collect_again_shows_the_holder_and_the_owned_edition() -> None:
    async def scenario() -> None:
        app = HostApp()
        async with app.run_test(size=(100, 30)) as pilot:
            article = dataclasses.replace(ARTICLE, owner=HOLDER, owned_editions=(41,))
            worker = flows.start(app, flows.collect(app, article))
            await settle(pilot, lambda: confirm_ready(app))
            modal = app.screen
            assert isinstance(modal, ConfirmModal)
            details = text_of(modal.query_one("#confirm-details", Static))
            assert f"Pays        {HOLDER}\n{' ' * 12}current holder of article #2" in details
            (note,) = modal.query(".confirm-note")
            assert "You already own edition #41 of this article" in text_of(note)
            await pilot.press("y")  # a second edition stays possible, after the note
            await worker.wait()
            assert writer(app).submitted == [
                CollectRequest(2, ARTICLE.price_wei, holder=HOLDER, owned=(41,))
            ]

    asyncio.run(scenario())


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (60, 20)])
def test_the_key_line_stays_visible_and_the_details_scroll(size: tuple[int, int]) -> None:
    async def scenario() -> None:
        app = HostApp()
        async with app.run_test(size=size) as pilot:
            article = dataclasses.replace(ARTICLE, owned_editions=(41, 57))
            worker = flows.start(app, flows.collect(app, article))
            await settle(pilot, lambda: confirm_ready(app))
            await pilot.pause(0.1)
            modal = app.screen
            keys = modal.query_one("#confirm-keys")
            dialog = modal.query_one("#confirm-dialog")
            assert "enter/y confirm" in text_of(keys)
            assert keys.region.height == 1
            assert dialog.region.y <= keys.region.y < dialog.region.bottom - 1
            assert dialog.region.bottom <= size[1]
            rows = modal.query_one("#confirm-rows")
            assert rows.region.bottom <= keys.region.y
            if size == (60, 20):  # too short for every detail: they scroll instead
                assert rows.max_scroll_y > 0
            await pilot.press("y")
            await worker.wait()
            assert len(writer(app).submitted) == 1

    asyncio.run(scenario())


def test_reader_header_names_the_current_holder_and_owned_editions() -> None:
    from tui.ui.screens.article_reader import ArticleReaderScreen

    async def scenario() -> None:
        app = HostApp()
        async with app.run_test(size=(100, 30)) as pilot:
            article = dataclasses.replace(
                ARTICLE, owner=HOLDER, owner_name="Dana", owned_editions=(41, 57)
            )
            await app.push_screen(ArticleReaderScreen(article))
            await settle(pilot)
            header = text_of(app.screen.query_one("#reader-author", Static))
            assert f"by Brendan {ARTICLE.author}" in header
            assert f"held by Dana {HOLDER} (a collect pays the holder)" in header
            editions = text_of(app.screen.query_one("#reader-editions", Static))
            assert editions.endswith("· you own editions #41, #57")

    asyncio.run(scenario())


def test_edition_lines_for_huge_supplies_and_unchanged_holders() -> None:
    from tui.ui.screens.article_reader import byline, edition_line

    assert "held by" not in byline(ARTICLE).plain  # the author still holds it
    unlimited = dataclasses.replace(ARTICLE, max_editions=2**63 - 1, editions=3)
    assert edition_line(unlimited) == "Edition price 0.005 ETH · unlimited editions (3 collected)"
    assert "9223372036854775807" not in edition_line(unlimited)
