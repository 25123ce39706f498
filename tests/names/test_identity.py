"""A profile header's identity from the real lookups: verified name, the ENS avatar record
first, else the profile document's avatar, decoded in the sandbox."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from tests.names.conftest import ADDRESSES, EnsChain
from tui.core.config.settings import Network, Settings
from tui.core.content.store import LocalContentStore
from tui.core.context import AgoraContext
from tui.core.ens.demo import identicon_png
from tui.ui.backends.names import CoreNames


def _names(chain: EnsChain, home: Path) -> CoreNames:
    network = Network(
        name="t", rpc_url=chain.rpc.url, chain_id=31337, contracts=chain.ens.to_contracts()
    )
    ctx = AgoraContext(Settings(), home=home, config_path=home / "settings.toml")
    return CoreNames(SimpleNamespace(ctx=ctx, _verified=network, rpc_url=chain.rpc.url))


def test_profile_avatar_when_there_is_no_ens_record(ens_chain: EnsChain, tmp_path: Path) -> None:
    ens_chain.register(1, "ada")
    cid = LocalContentStore(tmp_path / "content").put(identicon_png("ada"))
    identity = _names(ens_chain, tmp_path).identity(ADDRESSES[1], f"ipfs://{cid}")
    assert identity.name == "ada.eth"
    assert identity.avatar is not None and identity.avatar.width == 64
    assert identity.avatar_label == "avatar"


def test_the_ens_record_wins_and_bad_images_say_why(ens_chain: EnsChain, tmp_path: Path) -> None:
    store = LocalContentStore(tmp_path / "content")
    bomb = store.put(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    ens_chain.register(2, "grace", avatar=f"ipfs://{bomb}")
    other = store.put(identicon_png("x"))
    identity = _names(ens_chain, tmp_path).identity(ADDRESSES[2], f"ipfs://{other}")
    assert identity.name == "grace.eth" and identity.avatar is None
    assert identity.avatar_label.startswith("no avatar:")
    nameless = _names(ens_chain, tmp_path).identity(ADDRESSES[3])
    assert (nameless.name, nameless.avatar, nameless.avatar_label) == ("", None, "")
