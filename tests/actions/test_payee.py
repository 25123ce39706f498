"""Who gets the money: the payee named in the confirmation, re-read just before signing (anvil)."""

from __future__ import annotations

import time

import pytest

from tests.actions.conftest import make_signer
from tests.conftest import DEV_ADDRESSES
from tui.core.actions import (
    CollectIntent,
    PostIntent,
    ProfileIntent,
    PublishIntent,
    TipIntent,
    TxPipeline,
    TxStatus,
)
from tui.core.actions.pipeline import Prepared
from tui.core.chain.abi import encode_call
from tui.core.chain.rpc import RpcClient
from tui.core.errors import ChainError
from tui.core.wallet import Signer


def _send(pipeline: TxPipeline, prepared: Prepared, signer: Signer) -> None:
    entry = pipeline.submit(prepared, signer)
    assert pipeline.wait(entry.hash, timeout=30).status == TxStatus.CONFIRMED


def _article(pipeline: TxPipeline, author: Signer, price: int = 10**15) -> int:
    intent = PublishIntent(title="Essay", body="# Hi", price_wei=price, editions=5)
    _send(pipeline, pipeline.prepare(intent, author.address), author)
    return 1


def _transfer(pipeline: TxPipeline, token: int, src: str, dst: str) -> None:
    """The holder hands the article token on (anvil's dev accounts are unlocked)."""
    data = encode_call("Articles", "transferFrom", [src, dst, token])
    tx = pipeline.rpc.call(
        "eth_sendTransaction", [{"from": src, "to": pipeline.network.articles, "data": data}]
    )
    receipt = None
    for _ in range(100):
        receipt = pipeline.rpc.receipt(tx)
        if receipt is not None:
            break
        time.sleep(0.05)
    assert receipt is not None and receipt["status"] == "0x1"


def test_tip_names_the_author_with_the_name_as_a_claim(pipeline: TxPipeline) -> None:
    author, fan = make_signer(1), make_signer(2)
    _send(pipeline, pipeline.prepare(ProfileIntent("Ada"), author.address), author)
    _send(pipeline, pipeline.prepare(PostIntent("tip me"), author.address), author)
    conf = pipeline.prepare(TipIntent(1, 10**9), fan.address).confirmation
    assert conf.to == pipeline.network.social
    assert conf.payee is not None
    assert (conf.payee.address, conf.payee.reason, conf.payee.name) == (
        author.address,
        "author of post #1",
        "Ada",
    )
    pays = next(line for line in conf.lines() if line.strip().startswith("pays:"))
    assert author.address in pays and "not verified" in pays and "author of post #1" in pays
    assert conf.to_json()["payee"] == {
        "address": author.address,
        "reason": "author of post #1",
        "name": "Ada",
        "name_verified": False,
    }


def test_collect_names_the_current_holder_not_the_author(pipeline: TxPipeline) -> None:
    author, holder, fan = make_signer(1), make_signer(3), make_signer(2)
    article = _article(pipeline, author)
    _transfer(pipeline, article, author.address, holder.address)
    conf = pipeline.prepare(CollectIntent(article, 10**15), fan.address).confirmation
    assert conf.payee is not None and conf.payee.address == holder.address
    assert conf.payee.reason == f"current holder of article #{article}" and conf.payee.name == ""
    assert conf.notes == ()


def test_a_holder_change_after_confirmation_is_refused(pipeline: TxPipeline) -> None:
    author, fan = make_signer(1), make_signer(2)
    article = _article(pipeline, author)
    prepared = pipeline.prepare(CollectIntent(article, 10**15), fan.address)
    assert prepared.confirmation.payee is not None
    assert prepared.confirmation.payee.address == author.address
    _transfer(pipeline, article, author.address, DEV_ADDRESSES[3])  # between confirm and sign
    fan_before = pipeline.rpc.balance(fan.address)
    with pytest.raises(ChainError, match=r"payee changed.*Nothing was signed") as caught:
        pipeline.submit(prepared, fan)
    assert author.address in caught.value.message and DEV_ADDRESSES[3] in caught.value.message
    assert [e for e in pipeline.outbox.list() if e.sender == fan.address] == []
    assert pipeline.rpc.balance(fan.address) == fan_before
    # Prepared again, the confirmation names the new holder and goes through.
    again = pipeline.prepare(CollectIntent(article, 10**15), fan.address)
    assert again.confirmation.payee is not None
    assert again.confirmation.payee.address == DEV_ADDRESSES[3]
    holder_before = pipeline.rpc.balance(DEV_ADDRESSES[3])
    _send(pipeline, again, fan)
    assert pipeline.rpc.balance(DEV_ADDRESSES[3]) == holder_before + 10**15


def test_collect_again_says_which_editions_are_already_owned(pipeline: TxPipeline) -> None:
    author, fan = make_signer(1), make_signer(2)
    article = _article(pipeline, author, price=0)
    first = pipeline.prepare(CollectIntent(article, 0), fan.address)
    assert first.confirmation.notes == ()
    _send(pipeline, first, fan)  # edition #2
    second = pipeline.prepare(CollectIntent(article, 0), fan.address)
    assert second.confirmation.notes == (
        "You already own edition #2 of this article; this collects another.",
    )
    assert any("already own edition #2" in line for line in second.confirmation.lines())
    assert second.confirmation.to_json()["notes"] == list(second.confirmation.notes)


def test_publish_shows_the_price_in_eth_beside_wei(pipeline: TxPipeline) -> None:
    author = make_signer(1)
    intent = PublishIntent(title="Essay", body="# Hi", price_wei=10**15, editions=5)
    conf = pipeline.prepare(intent, author.address).confirmation
    assert dict(conf.args)["price"] == "1000000000000000"  # the raw value stays exact
    assert dict(conf.shown_args)["price"] == "1000000000000000 wei (0.001 ETH)"
    assert dict(conf.shown_args)["maxEditions"] == "5"
    assert any("price = 1000000000000000 wei (0.001 ETH)" in line for line in conf.lines())
    assert conf.to_json()["args_eth"] == {"price": "0.001"}
    assert conf.payee is None


def test_a_speed_up_of_a_tip_names_and_rechecks_the_author(
    pipeline: TxPipeline, anvil: RpcClient
) -> None:
    author, fan = make_signer(1), make_signer(2)
    _send(pipeline, pipeline.prepare(PostIntent("tip me"), author.address), author)
    anvil.call("evm_setAutomine", [False])
    pending = pipeline.submit(pipeline.prepare(TipIntent(1, 10**15), fan.address), fan)
    faster = pipeline.prepare_replacement(pending.hash)
    assert faster.confirmation.payee is not None
    assert faster.confirmation.payee.address == author.address
    assert faster.payee_lookup is not None
    cancel = pipeline.prepare_replacement(pending.hash, cancel=True)
    assert cancel.confirmation.payee is None  # a self-send pays nobody
    anvil.call("evm_mine")


def test_a_hostile_profile_name_reaches_the_confirmation_cleaned(pipeline: TxPipeline) -> None:
    author, fan = make_signer(1), make_signer(2)
    hostile = "\x1b]0;pwned\x07Ad\u202ea\u200b[b]x[/b]"
    _send(pipeline, pipeline.prepare(ProfileIntent(hostile), author.address), author)
    _send(pipeline, pipeline.prepare(PostIntent("tip me"), author.address), author)
    payee = pipeline.prepare(TipIntent(1, 10**9), fan.address).confirmation.payee
    assert payee is not None and payee.address == author.address
    assert "\x1b" not in payee.name and "\x07" not in payee.name
    assert "\u202e" not in payee.name and "\u200b" not in payee.name
    assert "[b]x[/b]" in payee.name  # shown as text, never as markup
