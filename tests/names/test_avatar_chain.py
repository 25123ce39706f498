"""NFT avatars on anvil: Agora Articles tokens as the collection, ownership checked both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DEV_KEYS
from tests.deployed import deploy_contracts
from tests.names.conftest import ADDRESSES, EnsChain
from tui.core.chain.abi import encode_call
from tui.core.chain.deploy import send_transaction
from tui.core.content.store import LocalContentStore
from tui.core.ens.avatar import Avatar, resolve_avatar
from tui.core.ens.demo import identicon_png, mint_avatar, nft_record
from tui.core.images.decode import decode
from tui.core.images.limits import DEFAULT_LIMITS


@pytest.fixture
def setup(ens_chain: EnsChain, tmp_path: Path) -> tuple[EnsChain, str, LocalContentStore, int]:
    articles = deploy_contracts(ens_chain.rpc, DEV_KEYS[0], extensions=False).articles
    store = LocalContentStore(tmp_path / "content")
    token = mint_avatar(ens_chain.rpc, DEV_KEYS[1], articles, store, identicon_png("ada"), "Ada")
    ens_chain.register(1, "ada", avatar=nft_record(31337, articles, token))
    return ens_chain, articles, store, token


def _avatar(chain: EnsChain, store: LocalContentStore, record: str, owner: str) -> Avatar:
    return resolve_avatar(
        record, owner, rpc=chain.rpc, chain_id=31337, get_cid=lambda cid: store.get(cid) or b""
    )


def test_owned_nft_avatar_is_shown(setup: tuple[EnsChain, str, LocalContentStore, int]) -> None:
    chain, _, store, _ = setup
    record = chain.client().text("ada.eth", "avatar")
    assert record is not None
    avatar = _avatar(chain, store, record, ADDRESSES[1])
    assert avatar.owner_verified and avatar.image == identicon_png("ada")
    assert avatar.label == "NFT avatar, owner verified"
    assert decode(avatar.image, DEFAULT_LIMITS).width == 64


def test_someone_elses_nft_is_refused(setup: tuple[EnsChain, str, LocalContentStore, int]) -> None:
    chain, articles, store, token = setup
    avatar = _avatar(chain, store, nft_record(31337, articles, token), ADDRESSES[2])
    assert avatar.image is None and not avatar.owner_verified
    assert "does not own" in avatar.problem


def test_sold_nft_stops_being_the_avatar(
    setup: tuple[EnsChain, str, LocalContentStore, int],
) -> None:
    chain, articles, store, token = setup
    send_transaction(
        chain.rpc,
        DEV_KEYS[1],
        articles,
        encode_call("Articles", "transferFrom", [ADDRESSES[1], ADDRESSES[3], token]),
    )
    record = chain.client().text("ada.eth", "avatar") or ""
    assert "does not own" in _avatar(chain, store, record, ADDRESSES[1]).problem


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ("eip155:1/erc721:0x0000000000000000000000000000000000000001/1", "chain 1"),
        ("eip155:31337/erc721:0x12/1", "malformed"),
        ("eip155:31337/erc721:{articles}/999", "does not own"),
        ("http://example.com/a.png", "Unsupported"),
        ("file:///etc/passwd", "Unsupported"),
        ("ipfs://bafkreiexample/../x", "bare"),
        ("data:image/png;base64,!!!!", "empty"),
    ],
)
def test_bad_records_say_why(
    setup: tuple[EnsChain, str, LocalContentStore, int], record: str, problem: str
) -> None:
    chain, articles, store, _ = setup
    avatar = _avatar(chain, store, record.replace("{articles}", articles), ADDRESSES[1])
    assert problem in avatar.problem and avatar.image is None


def test_data_uri_avatar(setup: tuple[EnsChain, str, LocalContentStore, int]) -> None:
    chain, _, store, _ = setup
    import base64

    uri = "data:image/png;base64," + base64.b64encode(identicon_png("x")).decode()
    avatar = _avatar(chain, store, uri, ADDRESSES[1])
    assert avatar.image == identicon_png("x") and not avatar.owner_verified
