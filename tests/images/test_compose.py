"""Compose with images: attach (checked, stored), listed with sizes, kept in the draft, removed,
refused with the reason, sent with the post."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.test_tui_hostile import _screen_text
from tests.images.helpers import gradient_png, noise_png
from tests.ui.write.conftest import HostApp, settle
from tests.ui.write.test_pilot import writer
from tui.core.content.cid import cid_for
from tui.core.images.attachments import draft_attachments
from tui.core.images.sandbox import shutdown
from tui.ui.drafts import DraftStore
from tui.ui.screens.attach_image import AttachImageModal
from tui.ui.screens.compose import ComposeScreen
from tui.ui.screens.confirm import ConfirmModal


@pytest.fixture(scope="module", autouse=True)
def _sandbox() -> Iterator[None]:
    yield
    shutdown()


async def _attach(app: HostApp, pilot: object, path: Path, alt: str) -> None:
    await pilot.press("ctrl+l")  # type: ignore[attr-defined]
    await settle(pilot, lambda: isinstance(app.screen, AttachImageModal))
    await pilot.press(*str(path), "enter", *alt, "enter")  # type: ignore[attr-defined]
    await settle(pilot, lambda: isinstance(app.screen, ComposeScreen))


def test_attach_keep_in_draft_remove_and_send(tmp_path: Path, isolated_home: Path) -> None:
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    first.write_bytes(gradient_png())
    second.write_bytes(gradient_png(16, 16))

    async def scenario() -> None:
        app = HostApp()
        async with app.run_test(size=(100, 30)) as pilot:
            await app.push_screen(ComposeScreen())
            await pilot.press(*"with pictures")
            await _attach(app, pilot, first, "a gradient")
            await settle(pilot, lambda: len(app.screen.attachments) == 1, rounds=80)  # type: ignore[attr-defined]
            await _attach(app, pilot, second, "a square")
            await settle(pilot, lambda: len(app.screen.attachments) == 2, rounds=80)  # type: ignore[attr-defined]
            text = _screen_text(app)
            assert "1. image/png" in text and "48×32" in text and "a gradient" in text
            assert "2. image/png" in text and "16×16" in text
            assert app.backend.fake_ipfs[cid_for(first.read_bytes())] == first.read_bytes()
            kept = draft_attachments(DraftStore().load("post")["attachments"])
            assert [a.alt for a in kept] == ["a gradient", "a square"]

            await pilot.press("escape")  # leave: the draft keeps the images
            await pilot.pause()
            await app.push_screen(ComposeScreen())
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ComposeScreen)
            assert [a.alt for a in screen.attachments] == ["a gradient", "a square"]

            await pilot.press("ctrl+r")  # remove the last
            await pilot.pause()
            assert [a.alt for a in screen.attachments] == ["a gradient"]
            assert len(draft_attachments(DraftStore().load("post")["attachments"])) == 1

            await pilot.press("ctrl+s")
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            await pilot.press("enter")
            await settle(pilot, lambda: bool(writer(app).history))
            (request,) = writer(app).submitted
            assert request.attachments == tuple(kept[:1])
            assert not DraftStore().exists("post")

    asyncio.run(scenario())


def test_a_file_over_the_block_cap_is_refused_with_the_reason(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(noise_png(320, 320))

    async def scenario() -> None:
        app = HostApp()
        async with app.run_test(size=(100, 30)) as pilot:
            await app.push_screen(ComposeScreen())
            await _attach(app, pilot, big, "noise")
            await settle(pilot, lambda: bool(app._notifications), rounds=80)
            (note,) = list(app._notifications)
            assert f"{big.stat().st_size:,} bytes" in note.message and "262,144" in note.message
            assert "Shrink" in note.message
            assert app.screen.attachments == []  # type: ignore[attr-defined]
            assert json.loads(json.dumps(DraftStore().load("post"))).get("attachments") is None

    asyncio.run(scenario())
