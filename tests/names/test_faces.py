"""Avatars for rows: the disk cache of decoded pixels (caps, eviction, damage), the faces pass
(fresh rows need no network, a restart draws from disk, an ENS event drops a row, an NFT's
ownership is checked again), and the same on anvil with ENS's real bytecode."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEV_KEYS
from tests.deployed import deploy_contracts
from tests.names.conftest import ADDRESSES, EnsChain
from tui.core.content.store import LocalContentStore
from tui.core.ens.avatar import Avatar, NftRef
from tui.core.ens.cache import EnsCache
from tui.core.ens.demo import identicon_png, mint_avatar, nft_record
from tui.core.ens.faces import RECHECK, FaceStore, ens_faces, load_faces
from tui.core.ens.normalize import namehash
from tui.core.images.decode import Raster, decode
from tui.core.images.limits import DEFAULT_LIMITS
from tui.core.images.pixel_store import SIDE, PixelStore

ADA = ADDRESSES[1]


def raster(side: int, seed: int = 0) -> Raster:
    rgba = bytes((i * 7 + seed) % 256 for i in range(side * side * 4))
    return Raster(side, side, rgba, "PNG")


def test_pixels_round_trip_small() -> None:
    store = PixelStore(sqlite3.connect(":memory:"))
    kept = store.put("https://x/a.png", "d1", raster(200))
    assert (kept.width, kept.height) == (SIDE, SIDE)
    assert store.get("https://x/a.png", "d1") == kept
    assert store.get("https://x/a.png", "other") is None


def test_least_recently_used_go_first() -> None:
    clock = iter(range(0, 10**6, 4000))  # each use more than TOUCH_EVERY after the last
    store = PixelStore(sqlite3.connect(":memory:"), cap=3 * 8000, clock=lambda: next(clock))
    for n in range(3):
        store.put(f"s{n}", "d", raster(40, seed=n))
    size = store.total() // 3
    store.cap = size * 3
    assert store.get("s0", "d") is not None  # s0 is used again: s1 is now the oldest
    store.put("s3", "d", raster(40, seed=3))
    assert store.get("s1", "d") is None and store.get("s0", "d") is not None
    assert store.total() <= store.cap


def test_a_damaged_row_is_dropped_not_drawn() -> None:
    conn = sqlite3.connect(":memory:")
    store = PixelStore(conn)
    store.put("s", "d", raster(8))
    conn.execute("UPDATE image_pixels SET width = 64, height = 64")  # claims more than it holds
    assert store.get("s", "d") is None
    assert conn.execute("SELECT COUNT(*) FROM image_pixels").fetchone() == (0,)


class Fakes:
    """Counting stand-ins for the record read, the avatar fetch and the ownership check."""

    def __init__(self, record: str = "https://img.example/ada.png") -> None:
        self.record = record
        self.image = identicon_png("ada")
        self.reads = self.fetches = self.decodes = self.owner_checks = 0
        self.owned = True

    def read_record(self, name: str) -> str:
        self.reads += 1
        return self.record

    def resolve(self, record: str, owner: str) -> Avatar:
        self.fetches += 1
        nft = NftRef(31337, "erc721", ADA, 1) if record.startswith("eip155:") else None
        return Avatar(record, image=self.image, nft=nft, owner_verified=nft is not None)

    def decode(self, data: bytes) -> Raster:
        self.decodes += 1
        return decode(data, DEFAULT_LIMITS)

    def check_owner(self, record: str, owner: str) -> bool:
        self.owner_checks += 1
        return self.owned

    def load(self, store: FaceStore, *, online: bool = True) -> Any:
        return load_faces(
            {ADA: "ada.eth"}, store,
            read_record=self.read_record if online else None,
            resolve=self.resolve, check_owner=self.check_owner, decode=self.decode,
        )[ADA] if online or store.row(ADA) else None  # fmt: skip


def test_fresh_rows_need_no_network_and_a_restart_draws_from_disk(tmp_path: Path) -> None:
    path = str(tmp_path / "index.sqlite")
    fakes = Fakes()
    first = fakes.load(FaceStore.open(path))
    assert first.raster is not None and first.raster.width == 64
    assert (fakes.reads, fakes.fetches, fakes.decodes) == (1, 1, 1)
    assert fakes.load(FaceStore.open(path)).raster == first.raster  # fresh: nothing read
    assert (fakes.reads, fakes.fetches, fakes.decodes) == (1, 1, 1)
    offline = fakes.load(FaceStore.open(path), online=False)  # a restart with no node
    assert offline.raster == first.raster and fakes.fetches == 1


def test_an_unchanged_record_keeps_its_pixels_and_rechecks_the_owner(tmp_path: Path) -> None:
    now = [1000.0]
    store = FaceStore(sqlite3.connect(":memory:"), clock=lambda: now[0])
    fakes = Fakes("eip155:31337/erc721:" + ADA + "/1")
    assert fakes.load(store).raster is not None
    now[0] += RECHECK + 1
    fakes.owned = False  # sold meanwhile
    sold = fakes.load(store)
    assert sold.raster is None and "does not own" in sold.problem
    assert (fakes.reads, fakes.fetches, fakes.decodes, fakes.owner_checks) == (2, 1, 1, 1)
    assert store.cached(ADA, "ada.eth") is not None
    assert store.cached(ADA, "ada.eth")[0].raster is None  # type: ignore[index]


def test_an_ens_event_on_the_name_drops_the_row(tmp_path: Path) -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    store = FaceStore(conn)
    fakes = Fakes()
    fakes.load(store)
    assert store.row(ADA) is not None
    node = "0x" + namehash("ada.eth").hex()
    conn.execute("INSERT INTO ens_touched VALUES ('0xb', 0, 5, ?, 'TextChanged')", (node,))
    assert store.row(ADA) is None
    fakes.record = "https://img.example/new.png"
    fakes.image = identicon_png("new")
    again = fakes.load(store)
    assert fakes.fetches == 2 and again.raster is not None


def test_faces_on_anvil_with_real_ens(ens_chain: EnsChain, tmp_path: Path) -> None:
    """An NFT avatar owned by its name's address is drawn; one pointing at someone else's
    token is not; the answer survives a restart with no node."""
    articles = deploy_contracts(ens_chain.rpc, DEV_KEYS[0], extensions=False).articles
    content = LocalContentStore(tmp_path / "content")
    token = mint_avatar(ens_chain.rpc, DEV_KEYS[1], articles, content, identicon_png("ada"), "Ada")
    ens_chain.register(1, "ada", avatar=nft_record(31337, articles, token))
    ens_chain.register(2, "bob", avatar=nft_record(31337, articles, token))  # not bob's token
    path = str(tmp_path / "index.sqlite")
    client = ens_chain.client(EnsCache.open(path))
    names = {ADA: "ada.eth", ADDRESSES[2]: "bob.eth"}

    def get_cid(cid: str) -> bytes:
        return content.get(cid) or b""

    faces = ens_faces(names, FaceStore.open(path), client=client, rpc=ens_chain.rpc,
                      chain_id=31337, get_cid=get_cid)  # fmt: skip
    assert faces[ADA].raster is not None and faces[ADA].nft
    assert faces[ADDRESSES[2]].raster is None and "does not own" in faces[ADDRESSES[2]].problem
    later = ens_faces(names, FaceStore.open(path), client=None, rpc=None, chain_id=31337,
                      get_cid=None, online=False)  # fmt: skip
    assert later[ADA].raster == faces[ADA].raster


@pytest.fixture(autouse=True)
def _stop_sandbox() -> Any:
    yield
    from tui.core.images.sandbox import shutdown

    shutdown()


def test_core_names_faces_then_offline_from_disk(ens_chain: EnsChain, tmp_path: Path) -> None:
    """The TUI's real names side: faces read from the chain, then drawn again by a fresh one
    with no node at all (a restart offline)."""
    from types import SimpleNamespace

    from tui.core.config.settings import Network, Settings
    from tui.core.context import AgoraContext
    from tui.core.index.service import index_path
    from tui.ui.backends.names import CoreNames

    cid = LocalContentStore(tmp_path / "content").put(identicon_png("ada"))
    ens_chain.register(1, "ada", avatar=f"ipfs://{cid}")
    network = Network(
        name="t", rpc_url=ens_chain.rpc.url, chain_id=31337, contracts=ens_chain.ens.to_contracts()
    )
    ctx = AgoraContext(Settings(), home=tmp_path, config_path=tmp_path / "settings.toml")
    path = index_path(tmp_path, network)
    path.parent.mkdir(parents=True)
    sqlite3.connect(path).close()

    def names(rpc_url: str | None) -> CoreNames:
        return CoreNames(SimpleNamespace(ctx=ctx, _verified=network, rpc_url=rpc_url))

    online = names(ens_chain.rpc.url).faces({ADA: "ada.eth", ADDRESSES[2]: "nobody.eth"})
    assert online[ADA].raster is not None and online[ADDRESSES[2]].raster is None
    offline = names(None).faces({ADA: "ada.eth"})
    assert offline[ADA].raster == online[ADA].raster
