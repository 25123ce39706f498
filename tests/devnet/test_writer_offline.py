"""The TUI's write side on a stopped devnet: the balance is unknown and nothing starts it
until the user agrees (``start_network``)."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.devnet.conftest import run_agora
from tui.core.chain.devnet import Devnet
from tui.core.config.settings import Settings
from tui.core.context import AgoraContext
from tui.core.errors import DevnetStopped
from tui.core.wallet import Secret
from tui.core.wallet.stores import FakeKeyStore
from tui.core.wallet.wallet import Wallet
from tui.ui.core_writer import CoreWriter
from tui.ui.writes import PostRequest


def _writer(home: Path, tmp_path: Path) -> CoreWriter:
    ctx = AgoraContext(settings=Settings(), home=home, config_path=tmp_path / "settings.toml")
    writer = CoreWriter(ctx)
    wallet = Wallet(home, FakeKeyStore())
    wallet.import_key(Secret.from_hex_key(DEV_KEYS[1]), label="bob")
    wallet.use(DEV_ADDRESSES[1])
    writer._wallet = wallet
    return writer


def test_a_stopped_devnet_is_not_started_by_a_write(
    devnet: Devnet, isolated_home: Path, tmp_path: Path
) -> None:
    devnet.up(seed=False)
    writer = _writer(isolated_home, tmp_path)
    assert (writer.balance() or 0) > 0  # running: the real balance
    assert devnet.down() is True

    assert writer.balance() is None  # unknown, not "0 ETH"
    assert [a.balance_wei for a in writer.accounts()] == [None]
    with pytest.raises(DevnetStopped):
        writer.prepare(PostRequest("written while the devnet is stopped"))
    assert devnet.status()["running"] is False  # nothing restarted it

    writer.start_network()  # the user said yes
    assert devnet.status()["running"] is True
    assert (writer.balance() or 0) > 0
    prepared = writer.prepare(PostRequest("now it goes"))
    assert [u.stage.value for u in writer.submit(prepared)][-1] == "confirmed"
    devnet.down()
    assert [r.status for r in writer.transactions()] == ["confirmed"]  # read offline
    assert devnet.status()["running"] is False


def test_a_fresh_writer_does_not_start_a_stopped_devnet(
    devnet: Devnet, isolated_home: Path, tmp_path: Path
) -> None:
    devnet.up(seed=False)
    devnet.down()
    writer = _writer(isolated_home, tmp_path)  # no pipeline cached yet
    assert writer.balance() is None
    assert writer.transactions() == []  # the history is local: shown, nothing started
    with pytest.raises(DevnetStopped):
        writer.prepare(PostRequest("hello"))
    assert devnet.status()["running"] is False


def test_the_cli_never_starts_a_devnet_the_user_stopped(
    devnet: Devnet, isolated_home: Path, tmp_path: Path
) -> None:
    """`agora post` (and `agora tx list`) on a devnet the user stopped say so and start nothing
    (a devnet never set up, or whose anvil died, is still brought up by a write)."""
    devnet.up(seed=False)
    pw = tmp_path / "pw"
    pw.write_text("correct horse battery staple")
    key = ("--passphrase-file", str(pw))
    imported = run_agora("account", "import", "--key", *key, stdin=DEV_KEYS[1] + "\n")
    assert imported.returncode == 0, imported.stderr
    sent = run_agora("post", "while it runs", "--yes", *key)
    assert sent.returncode == 0, sent.stderr
    assert devnet.down() is True

    refused = run_agora("post", "written while the devnet is stopped", "--yes", *key)
    assert refused.returncode == 9
    assert "The devnet is stopped (agora devnet down): nothing was sent." in refused.stderr
    assert "agora devnet up" in refused.stderr
    listed = run_agora("tx", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [t["status"] for t in json.loads(listed.stdout)] == ["confirmed"]
    assert devnet.status()["running"] is False  # nothing restarted it


def test_opening_agora_leaves_a_stopped_devnet_stopped(
    devnet: Devnet, isolated_home: Path, tmp_path: Path
) -> None:
    """`agora devnet down`, then `agora`: the TUI reads the local index offline and says why
    (a write asks before starting it); an anvil that died (a reboot) is started as before."""
    from tui.ui.run import network_resolver

    devnet.up(seed=False)
    assert devnet.down() is True
    record = devnet.read_record()
    assert record is not None
    attached: list[tuple[str, int]] = []

    class Backend:
        def attach_network(self, rpc_url: str, chain_id: int, network: object = None) -> None:
            attached.append((rpc_url, chain_id))

    ctx = AgoraContext(settings=Settings(), home=isolated_home, config_path=tmp_path / "s.toml")
    resolve = network_resolver(ctx, Backend())  # type: ignore[arg-type]
    with pytest.raises(DevnetStopped, match="devnet is stopped"):
        resolve()
    assert devnet.status()["running"] is False  # opening Agora did not restart it
    assert attached == [(record.rpc_url, record.chain_id)]  # the status bar can say "offline"

    died = devnet.up(seed=False).record  # running again; then its anvil is killed
    os.kill(died.pid, signal.SIGKILL)
    for _ in range(100):
        if not devnet.status()["running"]:
            break
        time.sleep(0.05)
    assert resolve() == ("devnet", 31337)  # not stopped by the user: started
    assert devnet.status()["running"] is True


def test_the_tui_opened_on_a_stopped_devnet_says_so_once(
    devnet: Devnet, isolated_home: Path, tmp_path: Path
) -> None:
    """The real app over a devnet the user stopped: offline at once with one notice that says
    why (not also "Node unreachable"), and the devnet still stopped."""
    import asyncio
    import contextlib

    from textual.worker import WorkerFailed

    from tui.ui.backend import CoreBackend, SyncState
    from tui.ui.factory import make_app
    from tui.ui.run import network_resolver

    devnet.up(seed=False)
    assert devnet.down() is True
    ctx = AgoraContext(settings=Settings(), home=isolated_home, config_path=tmp_path / "s.toml")

    async def drive() -> tuple[list[str], object]:
        backend = CoreBackend(ctx)
        app = make_app(
            ctx, backend=backend, resolve=network_resolver(ctx, backend), first_run=False
        )
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(100):
                with contextlib.suppress(WorkerFailed):
                    await app.workers.wait_for_complete()
                await pilot.pause(0.05)
                if getattr(app.status, "sync", None) is SyncState.OFFLINE:
                    break
            notes = [f"{n.title}: {n.message}" for n in app._notifications]
            return notes, getattr(app.status, "sync", None)

    notes, sync = asyncio.run(drive())
    assert sync is SyncState.OFFLINE
    assert [n for n in notes if "devnet is stopped" in n] and not [
        n for n in notes if n.startswith("Node unreachable")
    ], notes
    assert devnet.status()["running"] is False
