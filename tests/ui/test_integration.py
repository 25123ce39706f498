"""Pilot tests of the integration fixes: welcome keyboard flow, pending own posts, cached index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.ui.conftest import build, settle
from tui.core.actions.outbox import Outbox, OutboxEntry, TxStatus
from tui.core.content.documents import post_document
from tui.core.context import AgoraContext
from tui.core.wallet.stores import FakeKeyStore
from tui.core.wallet.wallet import Wallet
from tui.ui.backend import CoreBackend
from tui.ui.screens.timeline import TimelineScreen
from tui.ui.screens.welcome import WelcomeScreen

pytestmark = pytest.mark.anyio


async def test_welcome_keyboard_flow_creates_account(
    fixed_keyring: None, isolated_home: Path
) -> None:
    app = build(first_run=True)
    wallet = Wallet(isolated_home, FakeKeyStore())
    app.wallet_factory = lambda: wallet
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.focused is not None and app.focused.id == "account-label"
        await pilot.press(*"alice")
        assert app.screen.query_one("#account-label", Input).value == "alice"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "account-passphrase"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "account-import"
        assert app.screen.query_one("#account-import", Input).password
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "welcome-name"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "network-choice"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "create"
        await pilot.press("shift+tab", "shift+tab", "enter")  # Enter in an input: "create"
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert [a.label for a in wallet.accounts()] == ["alice"]
        assert app.screen.kind == "global"


async def test_welcome_import_needs_a_key(fixed_keyring: None, isolated_home: Path) -> None:
    app = build(first_run=True)
    app.wallet_factory = lambda: Wallet(isolated_home, FakeKeyStore())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.click("#import")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.focused is not None and app.focused.id == "account-import"


def _entry(sender: str, cid: str, chain_id: int = 31337) -> OutboxEntry:
    return OutboxEntry(
        hash="0x" + "ab" * 32,
        chain_id=chain_id,
        sender=sender,
        nonce=0,
        raw="0x",
        data="0x",
        to="0x" + "00" * 20,
        value_wei=0,
        gas=21000,
        max_fee_per_gas=1,
        max_priority_fee_per_gas=1,
        kind="post",
        intent={"kind": "post", "args": [cid, "0"], "summary": "Publish a post"},
        status=TxStatus.PENDING,
    )


def test_core_backend_merges_pending_own_posts(isolated_home: Path) -> None:
    """Own unconfirmed posts come from the outbox and the local content store, marked pending."""
    ctx = AgoraContext.load()
    wallet = Wallet(ctx.home, FakeKeyStore())
    me = wallet.create("me").address
    cid = ctx.content.put(post_document("pending hello", created_at=1_750_000_000))
    Outbox(ctx.home / "outbox.sqlite").insert(_entry(me, cid))
    backend: Any = CoreBackend(ctx)
    backend.chain_id = 31337  # as attach_network would, without a node
    rows = backend.pending_posts("global")
    assert [(p.text, p.pending, p.author) for p in rows] == [("pending hello", True, me)]
    assert rows[0].id < 0
    assert backend.timeline("global")[0].text == "pending hello"
    assert backend.timeline_count("global") == 1
    assert backend.timeline_count("global", newer_than=rows[0].id) == 0
    assert backend.pending_posts("articles") == []
    assert backend.status().outbox == 1
    assert backend.status().account == me


async def test_unlock_modal_wrong_then_right_passphrase(isolated_home: Path) -> None:
    """A protected account asks for its passphrase; a wrong one says so and asks again."""
    from tui.core.wallet.secret import Secret
    from tui.ui import flows
    from tui.ui.core_writer import CoreWriter
    from tui.ui.screens.unlock import UnlockModal

    ctx = AgoraContext.load()
    wallet = Wallet(ctx.home, FakeKeyStore())
    address = wallet.create("safe", Secret("right horse")).address
    core = CoreWriter(ctx)
    core._wallet = wallet
    app = build()
    writer: Any = app.backend.writer
    writer.needs_unlock = core.needs_unlock
    writer.unlock = core.unlock
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        worker = app.run_worker(flows.unlock_if_needed(app, address), exit_on_error=False)
        await pilot.pause()
        assert isinstance(app.screen, UnlockModal)
        assert app.screen.query_one(Input).password
        await pilot.press(*"wrong", "enter")
        for _ in range(50):  # the wrong-passphrase check runs in a thread
            await pilot.pause(0.1)
            if isinstance(app.screen, UnlockModal) and app.screen.error:
                break
        assert isinstance(app.screen, UnlockModal) and app.screen.error
        await pilot.press(*"right horse", "enter")
        await worker.wait()
        assert worker.result is True
        assert not wallet.needs_passphrase(address)
