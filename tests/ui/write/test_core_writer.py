"""The real write side against a real anvil: prepare → confirm → submit through the TUI."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.widgets import Static

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.ui.write.conftest import ARTICLE, HostApp
from tui.core.chain.abi import encode_call
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network, Settings
from tui.core.content.documents import article_body, article_metadata
from tui.core.context import AgoraContext
from tui.core.errors import ChainError
from tui.core.wallet import Secret
from tui.core.wallet.stores import FakeKeyStore
from tui.core.wallet.wallet import Wallet
from tui.ui import flows
from tui.ui.core_writer import CoreWriter
from tui.ui.screens.compose import ComposeScreen
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.writes import PostRequest, TipRequest, TxStage

pytestmark = pytest.mark.anvil


@pytest.fixture
def writer(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> CoreWriter:
    deployment = deploy_contracts(anvil, DEV_KEYS[0])
    network = Network(
        name="testnet",
        rpc_url=anvil.url,
        chain_id=31337,
        social=deployment.social,
        articles=deployment.articles,
        deploy_block=deployment.block,
    )
    ctx = AgoraContext(
        settings=Settings(network="testnet", networks={"testnet": network}),
        home=isolated_home,
        config_path=tmp_path / "settings.toml",
    )
    writer = CoreWriter(ctx)
    wallet = Wallet(isolated_home, FakeKeyStore())
    wallet.import_key(Secret.from_hex_key(DEV_KEYS[1]), label="bob")
    wallet.use(DEV_ADDRESSES[1])
    writer._wallet = wallet
    return writer


def test_post_goes_through_prepare_and_submit(writer: CoreWriter) -> None:
    prepared = writer.prepare(PostRequest("hello from the TUI"))
    conf = prepared.confirmation
    assert conf.sender == DEV_ADDRESSES[1]
    assert conf.chain_id == 31337
    assert conf.function.startswith("post(")
    assert conf.sufficient
    stages = [u.stage for u in writer.submit(prepared)]
    assert stages == [TxStage.SIGNING, TxStage.SENT, TxStage.CONFIRMED]
    history = writer.transactions()
    assert [r.status for r in history] == ["confirmed"]
    accounts = writer.accounts()
    assert [a.active for a in accounts] == [True]


def test_tip_on_unknown_post_is_refused_before_signing(writer: CoreWriter) -> None:
    with pytest.raises(ChainError, match="unknown post"):
        writer.prepare(TipRequest(999, 10**15))
    assert writer.transactions() == []


def test_compose_sends_a_real_post(writer: CoreWriter) -> None:
    asyncio.run(_compose_and_send(writer))
    assert [r.status for r in writer.transactions()] == ["confirmed"]


async def _compose_and_send(writer: CoreWriter) -> None:
    app = HostApp(SimpleNamespace(writer=writer))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(ComposeScreen())
        await pilot.press(*"gm chain")
        await pilot.press("ctrl+s")
        for _ in range(200):
            await pilot.pause(0.05)
            if isinstance(app.screen, ConfirmModal):
                break
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()


# --- who gets the money: the holder changes while the confirmation is open ---

AUTHOR, NEW_HOLDER = DEV_ADDRESSES[2], DEV_ADDRESSES[3]
PRICE = 10**15


def _send(core: CoreWriter, sender: str, data: str) -> None:
    pipeline = core.pipeline()
    to = pipeline.network.articles
    tx = pipeline.rpc.call("eth_sendTransaction", [{"from": sender, "to": to, "data": data}])
    for _ in range(200):
        if pipeline.rpc.receipt(tx) is not None:
            return
        time.sleep(0.02)
    raise AssertionError("not mined")


def _publish(core: CoreWriter) -> None:
    store = core.ctx.content
    meta = store.put(article_metadata("Essay", "", store.put(article_body("# Hi"))))
    _send(core, AUTHOR, encode_call("Articles", "publish", [meta, PRICE, 5]))


def test_a_transfer_while_confirming_stops_the_collect(writer: CoreWriter) -> None:
    _publish(writer)
    notices: list[str] = []

    async def scenario() -> None:
        app = HostApp(SimpleNamespace(writer=writer))
        original: Any = app.notify

        def notify(message: str, **kw: Any) -> None:
            notices.append(str(message))
            original(message, **kw)

        app.notify = notify  # type: ignore[method-assign]
        async with app.run_test(size=(100, 30)) as pilot:
            article = dataclasses.replace(ARTICLE, id=1, owner=AUTHOR, price_wei=PRICE)
            worker = flows.start(app, flows.collect(app, article))
            for _ in range(200):
                await pilot.pause(0.05)
                if isinstance(app.screen, ConfirmModal) and app.screen.query("#confirm-details"):
                    break
            modal = app.screen
            assert isinstance(modal, ConfirmModal)
            details = str(modal.query_one("#confirm-details", Static).render())
            assert f"Pays        {AUTHOR}" in details and "current holder of article #1" in details
            # The token changes hands while the user reads the confirmation.
            data = encode_call("Articles", "transferFrom", [AUTHOR, NEW_HOLDER, 1])
            _send(writer, AUTHOR, data)
            before = writer.pipeline().rpc.balance(NEW_HOLDER)
            await pilot.press("y")
            await worker.wait()
            assert writer.pipeline().rpc.balance(NEW_HOLDER) == before

    asyncio.run(scenario())
    assert writer.transactions() == []
    assert any("payee changed" in n and NEW_HOLDER in n for n in notices), notices


def test_stop_leaves_a_followed_transaction_pending_at_once(
    writer: CoreWriter, anvil: RpcClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quitting while a transaction waits for its block: the writer stops following it (the
    app's exit is not held) and the transaction stays in the outbox, pending."""
    import threading

    import tui.ui.core_writer as core_writer

    monkeypatch.setattr(core_writer, "WAIT_SECONDS", 3600.0)  # without stop: an hour
    anvil.call("evm_setAutomine", [False])
    updates = writer.submit(writer.prepare(PostRequest("quit while pending")))
    assert next(updates).stage is TxStage.SIGNING
    assert next(updates).stage is TxStage.SENT
    final: list[Any] = []
    follower = threading.Thread(target=lambda: final.append(next(updates)), daemon=True)
    follower.start()
    writer.stop()
    follower.join(timeout=60)  # a hang guard: stop ends the wait within one poll
    assert not follower.is_alive()
    assert final[0].stage is TxStage.PENDING
    assert "Wallet" in final[0].reason
    assert [r.status for r in writer.transactions()] == ["pending"]
