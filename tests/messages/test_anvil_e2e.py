"""On a real anvil, through the real pipeline and indexer: A writes to B, B reads and replies,
C sees nothing; and the demo seed's conversations open for their people only."""

from __future__ import annotations

from pathlib import Path

import pytest
from eth_account import Account

from tests.conftest import DEV_KEYS
from tests.index.kit import Agora, deploy
from tui.core.actions.pipeline import TxPipeline
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex
from tui.core.messages.crypto import DmKey
from tui.core.messages.service import Messenger, NoMessageKey
from tui.core.wallet.secret import Secret
from tui.core.wallet.signer import Signer


def signer(i: int) -> Signer:
    return Signer(Account.from_key(DEV_KEYS[i]).address, Secret.from_hex_key(DEV_KEYS[i]))


class World:
    def __init__(self, agora: Agora, store: LocalContentStore, home: Path) -> None:
        self.agora, self.store, self.home = agora, store, home
        self.index_path = home / "index.sqlite"
        self.pipeline = TxPipeline(home, agora.network, agora.rpc, store)

    def sync(self) -> None:
        index = AgoraIndex(connect(self.index_path), self.agora.network, store=self.store)
        try:
            index.sync(rpc=self.agora.rpc)
        finally:
            index.close()

    def messenger(self, who: int | Signer) -> Messenger:
        account = signer(who) if isinstance(who, int) else who
        return Messenger(self.home, self.agora.network.chain_id, self.index_path, self.store,
                         account)  # fmt: skip

    def write(self, who: int, intent: object) -> None:
        prepared = self.pipeline.prepare(intent, signer(who).address)  # type: ignore[arg-type]
        entry = self.pipeline.submit(prepared, signer(who))
        entry = self.pipeline.wait(entry.hash, timeout=30)
        assert str(entry.status.value) == "confirmed", entry
        self.sync()


@pytest.fixture
def world(anvil: RpcClient, tmp_path: Path) -> World:
    store = LocalContentStore(tmp_path / "content")
    agora = deploy(anvil, store)
    assert agora.deployment.contracts.get("inbox")
    return World(agora, store, tmp_path)


def test_a_writes_b_replies_c_sees_nothing(world: World) -> None:
    a, b, c = (world.messenger(i) for i in (1, 2, 3))
    world.sync()
    with pytest.raises(NoMessageKey):
        a.compose(b.me, "too early")
    for who, m in ((1, a), (2, b), (3, c)):
        world.write(who, m.setup_intent())
        assert m.published()

    world.write(1, a.compose(b.me, "Hello B, only you can read this."))
    assert b.sync().opened == 1
    (convo,) = b.conversations()
    assert (convo.peer, convo.unread, convo.last.body) == (
        a.me,
        1,
        "Hello B, only you can read this.",
    )
    assert b.mark_read(a.me) == 1 and b.conversations()[0].unread == 0

    world.write(2, b.compose(a.me, "Hi A, got it.", reply_to=convo.last.digest))
    a.sync()
    (thread,) = a.conversations()
    assert [(m.outgoing, m.body) for m in thread.messages] == [
        (True, "Hello B, only you can read this."),
        (False, "Hi A, got it."),
    ]
    assert thread.messages[1].reply_to == convo.last.digest  # the digest B received

    report = c.sync()
    assert report.scanned == 4 and report.opened == 0
    assert c.conversations() == []
    for m in (a, b, c):
        m.close()


def test_profile_edit_keeps_fields_and_the_key(world: World) -> None:
    world.agora.set_profile(1, "Ada", "bio stays")
    world.sync()
    a = world.messenger(1)
    intent = a.setup_intent()
    assert (intent.name, intent.bio, intent.dm_key) == ("Ada", "bio stays", a.key.public.hex())
    assert DmKey.from_signer(signer(1)).public == a.key.public
    a.close()


def test_demo_seed_conversations(world: World) -> None:
    from tui.core.chain.extensions import SeedContext
    from tui.core.chain.seed_data import DEV_KEYS as DEMO
    from tui.core.messages.extension import DEMO_CONVERSATIONS, seed

    seed(SeedContext(world.agora.rpc, world.agora.deployment, world.store))
    world.sync()
    ada, eli = (
        Signer(Account.from_key(DEMO[n]).address, Secret.from_hex_key(DEMO[n]))
        for n in ("ada", "eli")
    )
    with world.messenger(ada) as m:
        m.sync()
        peers = [c.peer for c in m.conversations()]
        sent = sum(1 for s, _r, _b in DEMO_CONVERSATIONS if s == "ada")
        got = sum(1 for _s, r, _b in DEMO_CONVERSATIONS if r == "ada")
        assert len(peers) == 2
        assert sum(len(c.messages) for c in m.conversations()) == sent + got
    with world.messenger(eli) as m:
        assert m.sync().opened == 0 and m.published()


def test_rotation_seals_new_messages_to_the_next_epoch(world: World) -> None:
    a, b = world.messenger(1), world.messenger(2)
    world.sync()
    for who, m in ((1, a), (2, b)):
        world.write(who, m.setup_intent())
    world.write(1, a.compose(b.me, "before rotation"))
    world.write(2, b.setup_intent(rotate=True))
    world.write(1, a.compose(b.me, "after rotation"))
    b.close()
    old_only = world.messenger(2)
    old_only.sync()
    assert [m.body for m in old_only.messages()] == ["before rotation"]
    old_only.close()
    both = Messenger(world.home, world.agora.network.chain_id, world.index_path, world.store,
                     signer(2), epoch=1)  # fmt: skip
    both.sync()
    assert [m.body for m in both.messages()] == ["before rotation", "after rotation"]
    assert both.published()
    both.close()
    a.close()


def test_messenger_is_a_transport(world: World) -> None:
    from tui.core.messages.transport import Transport

    messenger: Transport = world.messenger(1)  # type-checked: Messenger fits the seam
    assert messenger.conversations() == []
