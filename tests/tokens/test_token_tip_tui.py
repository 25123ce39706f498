"""A token tip from the TUI: the tip dialog's token field, then one confirmation per step,
with the in-memory writer (pilot) and with the real writer on anvil."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.widgets import Static

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.ui.write.conftest import POST, HostApp, settle
from tui.core.actions import TxPipeline
from tui.core.config.settings import Network, Settings
from tui.core.context import AgoraContext
from tui.core.tokens import DEMO_TOKEN, TOKEN_TIPS
from tui.core.tokens.erc20 import balance_of
from tui.core.tokens.permit import permit_nonce
from tui.core.wallet import Secret, Signer
from tui.core.wallet.stores import FakeKeyStore
from tui.core.wallet.wallet import Wallet
from tui.ui import flows
from tui.ui.core_writer import CoreWriter
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.tip import TipModal, TokenTipChoice
from tui.ui.screens.unlock import UnlockModal
from tui.ui.token_tips import token_tip_request
from tui.ui.writes import FakeWriter, PlannedRequest, TxStage


def writer(app: HostApp) -> FakeWriter:
    fake = app.backend.writer
    assert isinstance(fake, FakeWriter)
    return fake


def test_a_token_in_the_tip_dialog_means_two_confirmations() -> None:
    async def scenario() -> None:
        app = HostApp()
        async with app.run_test(size=(80, 24)) as pilot:
            worker = flows.start(app, flows.tip(app, POST))
            await settle(pilot, lambda: isinstance(app.screen, TipModal))
            app.screen.query_one("#tip-token").focus()
            await pilot.press(*"DEMO")
            app.screen.query_one("#tip-preset-0").focus()
            await pilot.press("1")  # presets are ETH: refused while a token is typed
            await settle(pilot)
            assert isinstance(app.screen, TipModal)
            error = app.screen.query_one("#tip-error", Static)
            assert "Presets are in ETH" in str(error.render())
            app.screen.query_one("#tip-custom").focus()
            await pilot.press(*"5", "enter")
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            modal = app.screen
            assert isinstance(modal, ConfirmModal)
            assert modal.confirmation.function == "approve(address,uint256)"
            assert "exactly 5 DEMO" in modal.confirmation.summary
            await pilot.press("y")
            await settle(
                pilot,
                lambda: (
                    isinstance(app.screen, ConfirmModal)
                    and app.screen.confirmation.function.startswith("tipToken")
                ),
            )
            await pilot.press("y")
            await worker.wait()
            submitted = writer(app).submitted
            assert len(submitted) == 2 and all(isinstance(r, PlannedRequest) for r in submitted)

    asyncio.run(scenario())


def test_cancelling_the_approval_sends_nothing_more() -> None:
    async def scenario() -> None:
        app = HostApp()
        async with app.run_test(size=(80, 24)) as pilot:
            choice = TokenTipChoice("DEMO", "5")
            worker = flows.start(app, flows.run_steps(app, token_tip_request(POST.id, choice)))
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            await pilot.press("n")
            await worker.wait()
            assert writer(app).submitted == []
            assert not isinstance(app.screen, ConfirmModal)

    asyncio.run(scenario())


@pytest.mark.anvil
def test_the_real_writer_plans_each_step_from_the_chain(
    pipeline: TxPipeline, network: Network, isolated_home: Path, tmp_path: Path
) -> None:
    ctx = AgoraContext(
        settings=Settings(network="lab", networks={"lab": network}),
        home=isolated_home,
        config_path=tmp_path / "settings.toml",
    )
    core = CoreWriter(ctx)
    wallet = Wallet(isolated_home, FakeKeyStore())
    wallet.import_key(Secret.from_hex_key(DEV_KEYS[2]), label="tipper")
    wallet.use(DEV_ADDRESSES[2])
    core._wallet = wallet
    token = network.contracts[DEMO_TOKEN]
    request = token_tip_request(1, TokenTipChoice(token, "3", "DEMO"))
    functions = []
    for _ in range(3):
        prepared = core.prepare(request)
        functions.append(prepared.confirmation.function)
        stages = [u.stage for u in core.submit(prepared)]
        assert stages[-1] is TxStage.CONFIRMED
        if prepared.last:
            break
    assert functions == ["approve(address,uint256)", "tipToken(uint256,address,uint256)"]
    assert balance_of(pipeline.rpc, token, DEV_ADDRESSES[1]) == 1003 * 10**18
    assert dict(prepared.confirmation.args)["token"] == token
    assert prepared.confirmation.to == network.contracts[TOKEN_TIPS]


class SpyWallet(Wallet):
    """The real wallet over the in-memory key store, noting each time it hands out a key."""

    def __init__(self, home: Path) -> None:
        super().__init__(home, FakeKeyStore())
        self.handed: list[str | None] = []
        self.unlocks = 0

    def signer(self, ref: str | None = None, passphrase: Secret | None = None) -> Signer:
        self.handed.append(ref)
        return super().signer(ref, passphrase)

    def unlock(self, ref: str | None, passphrase: Secret) -> Any:
        self.unlocks += 1
        return super().unlock(ref, passphrase)


def real_writer(
    network: Network, home: Path, tmp_path: Path, passphrase: str = ""
) -> tuple[CoreWriter, SpyWallet]:
    """The real writer on anvil, account 2 (the tipper) active in a spied wallet (protected by
    ``passphrase`` when given)."""
    ctx = AgoraContext(
        settings=Settings(network="lab", networks={"lab": network}),
        home=home,
        config_path=tmp_path / "settings.toml",
    )
    core = CoreWriter(ctx)
    wallet = SpyWallet(home)
    protect = Secret(passphrase) if passphrase else None
    wallet.import_key(Secret.from_hex_key(DEV_KEYS[2]), label="tipper", passphrase=protect)
    wallet.use(DEV_ADDRESSES[2])
    core._wallet = wallet
    return core, wallet


@pytest.mark.anvil
def test_the_real_writer_tips_a_permit_token_in_one_confirmation(
    pipeline: TxPipeline, network: Network, isolated_home: Path, tmp_path: Path
) -> None:
    """From the TUI the permit is signed with the wallet's key only once confirmed, by the
    signer of the transaction: one transaction, one key handed out, and a confirmation that
    says what the permit allows and until when."""
    core, wallet = real_writer(network, isolated_home, tmp_path)
    token = network.contracts[DEMO_TOKEN]
    request = token_tip_request(1, TokenTipChoice(token, "4", "DEMO"), permit=True)
    prepared = core.prepare(request)
    assert prepared.last and wallet.handed == []
    assert prepared.confirmation.function.startswith("tipTokenWithPermit(")
    assert "signs a permit for exactly 4 DEMO, valid until " in prepared.confirmation.summary
    assert [u.stage for u in core.submit(prepared)][-1] is TxStage.CONFIRMED
    assert wallet.handed == [DEV_ADDRESSES[2]]
    assert balance_of(pipeline.rpc, token, DEV_ADDRESSES[1]) == 1004 * 10**18


async def _tip_dialog(app: HostApp, pilot: Any, token: str, amount: str) -> ConfirmModal:
    """Fill the tip dialog for post #1 with ``amount`` of the unknown token; its first
    confirmation."""
    await settle(pilot, lambda: isinstance(app.screen, TipModal), rounds=300)
    for field, text in (("#tip-token", token), ("#tip-symbol", "DEMO")):
        app.screen.query_one(field).focus()
        await pilot.press(*text)
    app.screen.query_one("#tip-custom").focus()
    await pilot.press(*amount, "enter")
    await settle(pilot, lambda: isinstance(app.screen, ConfirmModal), rounds=300)
    modal = app.screen
    assert isinstance(modal, ConfirmModal)
    return modal


@pytest.mark.anvil
def test_a_protected_account_unlocks_once_for_a_permit_tip_in_the_tui(
    pipeline: TxPipeline, network: Network, isolated_home: Path, tmp_path: Path
) -> None:
    """A passphrase-protected account: the permit is offered (nothing is signed to plan it),
    the passphrase is asked once after the confirmation, and the tip is one transaction."""
    core, wallet = real_writer(network, isolated_home, tmp_path, passphrase="correct horse")
    token = network.contracts[DEMO_TOKEN]

    async def scenario() -> None:
        app = HostApp(SimpleNamespace(writer=core))
        async with app.run_test(size=(100, 40)) as pilot:
            worker = flows.start(app, flows.tip(app, replace(POST, id=1)))
            modal = await _tip_dialog(app, pilot, token, "2")
            assert modal.confirmation.function.startswith("tipTokenWithPermit(")
            await pilot.press("y")
            await settle(pilot, lambda: isinstance(app.screen, UnlockModal), rounds=300)
            await pilot.press(*"correct horse", "enter")
            outcome = await worker.wait()
            assert outcome is not None and outcome.stage is TxStage.CONFIRMED

    asyncio.run(scenario())
    assert wallet.unlocks == 1
    assert permit_nonce(pipeline.rpc, token, DEV_ADDRESSES[2]) == 1
    assert balance_of(pipeline.rpc, token, DEV_ADDRESSES[1]) == 1002 * 10**18


@pytest.mark.anvil
def test_cancelling_a_permit_tip_in_the_tui_signs_nothing(
    pipeline: TxPipeline, network: Network, isolated_home: Path, tmp_path: Path
) -> None:
    """The tip dialog, a permit token, then "no" at the confirmation: no key was handed out,
    the permit nonce did not move and the outbox holds nothing new."""
    core, wallet = real_writer(network, isolated_home, tmp_path)
    token = network.contracts[DEMO_TOKEN]
    recorded = len(pipeline.outbox.list())

    async def scenario() -> None:
        app = HostApp(SimpleNamespace(writer=core))
        async with app.run_test(size=(100, 40)) as pilot:
            worker = flows.start(app, flows.tip(app, replace(POST, id=1)))
            modal = await _tip_dialog(app, pilot, token, "2")
            assert "signs a permit for exactly 2 DEMO" in modal.confirmation.summary
            await pilot.press("n")
            await worker.wait()

    asyncio.run(scenario())
    assert wallet.handed == []
    assert permit_nonce(pipeline.rpc, token, DEV_ADDRESSES[2]) == 0
    assert len(pipeline.outbox.list()) == recorded


def test_the_tip_dialog_offers_the_community_points_by_symbol() -> None:
    async def scenario() -> None:
        app = HostApp()
        async with app.run_test(size=(80, 24)) as pilot:
            offered = ("AGP (community points)", "DEMO")
            app.push_screen(TipModal(POST, 10**18, offered))
            await settle(pilot, lambda: isinstance(app.screen, TipModal))
            field = app.screen.query_one("#tip-token")
            assert getattr(field, "placeholder", "") == (
                "Token: blank = ETH; AGP (community points), DEMO or 0x…"
            )

    asyncio.run(scenario())
