"""The Messages screen's real backend on anvil: publish keys, send, switch account, read."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network, Settings
from tui.core.context import AgoraContext
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex, index_path
from tui.core.wallet import Secret
from tui.core.wallet.stores import FakeKeyStore
from tui.core.wallet.wallet import Wallet
from tui.ui.backends.messages import CoreMessages
from tui.ui.core_writer import CoreWriter
from tui.ui.writes import TxStage

pytestmark = pytest.mark.anvil


def test_core_messages_round_trip(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> None:
    deployment = deploy_contracts(anvil, DEV_KEYS[0])
    network = Network(
        name="testnet", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
        contracts=dict(deployment.contracts),
    )  # fmt: skip
    ctx = AgoraContext(
        settings=Settings(network="testnet", networks={"testnet": network}),
        home=isolated_home,
        config_path=tmp_path / "settings.toml",
    )
    writer = CoreWriter(ctx)
    wallet = Wallet(isolated_home, FakeKeyStore())
    for i in (1, 2):
        wallet.import_key(Secret.from_hex_key(DEV_KEYS[i]), label=f"dev{i}")
    writer._wallet = wallet
    part = CoreMessages(SimpleNamespace(writer=writer, ctx=ctx))

    def sync() -> None:
        index_path(isolated_home, network).parent.mkdir(parents=True, exist_ok=True)
        index = AgoraIndex(connect(index_path(isolated_home, network)), network,
                           store=ctx.content)  # fmt: skip
        try:
            index.sync(rpc=anvil)
        finally:
            index.close()

    def submit(prepared: object) -> None:
        stages = [u.stage for u in writer.submit(prepared)]  # type: ignore[arg-type]
        assert stages[-1] is TxStage.CONFIRMED
        sync()

    for i in (1, 2):
        wallet.use(DEV_ADDRESSES[i])
        submit(part.prepare_setup())
        assert part.refresh().published
    prepared = part.prepare_send(DEV_ADDRESSES[1], "hello from dev2")
    assert prepared.confirmation.function.startswith("sendPair(")
    assert prepared.confirmation.to == network.contracts["inbox"]
    submit(prepared)

    wallet.use(DEV_ADDRESSES[1])
    view = part.refresh()
    assert view.account == DEV_ADDRESSES[1] and view.new == 1
    (convo,) = view.conversations
    assert (convo.peer, convo.unread, convo.last.body) == (DEV_ADDRESSES[2], 1, "hello from dev2")
    part.mark_read(DEV_ADDRESSES[2])
    assert part.refresh().conversations[0].unread == 0


def test_a_locked_account_reads_nothing_and_drops_its_keys(
    anvil: RpcClient, isolated_home: Path, tmp_path: Path
) -> None:
    from tui.core.errors import UsageError

    deployment = deploy_contracts(anvil, DEV_KEYS[0])
    network = Network(
        name="testnet", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
        contracts=dict(deployment.contracts),
    )  # fmt: skip
    ctx = AgoraContext(
        settings=Settings(network="testnet", networks={"testnet": network}),
        home=isolated_home,
        config_path=tmp_path / "settings.toml",
    )
    writer = CoreWriter(ctx)
    wallet = Wallet(isolated_home, FakeKeyStore())
    wallet.import_key(Secret.from_hex_key(DEV_KEYS[1]), "dev1", Secret("a long passphrase"))
    wallet.use(DEV_ADDRESSES[1])
    writer._wallet = wallet
    part = CoreMessages(SimpleNamespace(writer=writer, ctx=ctx))
    with pytest.raises(UsageError, match="Unlock"):
        part.refresh()
    wallet.unlock(DEV_ADDRESSES[1], Secret("a long passphrase"))
    assert part.refresh().conversations == ()
    assert part._messenger is not None
    wallet.lock()  # the idle lock
    with pytest.raises(UsageError, match="Unlock"):
        part.refresh()
    assert part._messenger is None
