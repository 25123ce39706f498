"""The ballot names each candidate's author or holder as timelines do: a verified ENS name
(✓, success colour) beside the short address; a profile name is never shown alone, and one
calling itself "vitalik.eth" is not styled as verified."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from tests.names.shown import as_content, named_app, verified_spans
from tests.rounds.ui.test_rounds_screens import run
from tests.ui.conftest import build
from tui.ui.backend import FakeBackend
from tui.ui.backends.names import FakeNames, use_names
from tui.ui.screens.rounds.ballot import BallotScreen

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("no_remembered_names")]
BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
ADA = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


async def test_ballot_shows_verified_names(monkeypatch: pytest.MonkeyPatch) -> None:
    app = named_app(monkeypatch, ADA)
    async with app.run_test(size=(100, 30)) as pilot:
        await run("F", "c")(pilot)
        screen = app.screen
        assert isinstance(screen, BallotScreen)
        options = screen.query_one(OptionList)
        prompts = [
            as_content(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        ]
        by = {c.holder: p for c, p in zip(screen.candidates, prompts, strict=True)}
        assert "by brendan.eth ✓ 0x7099…79C8 ·" in by[BRENDAN].plain
        assert verified_spans(by[BRENDAN]) == ["brendan.eth ✓"]
        assert ADA in by  # an article Ada holds
        assert "vitalik.eth 0xf39F…2266" in by[ADA].plain
        assert verified_spans(by[ADA]) == []


async def test_round_detail_names_evaluators(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import Static

    from tui.ui.screens.rounds.rounds import RoundsScreen

    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await run("F")(pilot)
        screen = app.screen
        assert isinstance(screen, RoundsScreen) and screen.current is not None
        first, second = screen.current.round.evaluators[:2]
        monkeypatch.setitem(screen.names, second.lower(), "vitalik.eth")
        use_names(backend, FakeNames(names={first: "eva.eth"}))
        screen._detail()
        await run()(pilot)
        text = as_content(screen.query_one("#round-detail-text", Static).render())
        assert f"{first} (eva.eth ✓)" in text.plain
        assert f"{second} (vitalik.eth)" in text.plain
        assert verified_spans(text) == ["eva.eth ✓"]
