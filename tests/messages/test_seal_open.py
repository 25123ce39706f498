"""Agora DM v1 seal and open: round trips, and every way a block can be wrong."""

from __future__ import annotations

import json

import pytest
from eth_account import Account
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DEV_KEYS
from tui.core.errors import ContentError
from tui.core.messages import envelope
from tui.core.messages.crypto import (
    BLOCK_SIZES,
    BUCKETS,
    DmKey,
    NotADirectMessage,
    open_block,
    pad,
    seal,
    unpad,
    view_tag,
)
from tui.core.messages.message import open_message, seal_message
from tui.core.wallet.secret import Secret
from tui.core.wallet.signer import Signer

CHAIN = 31337


def signer(i: int) -> Signer:
    key = DEV_KEYS[i]
    return Signer(Account.from_key(key).address, Secret.from_hex_key(key))


A, B, C = signer(1), signer(2), signer(3)
KA, KB, KC = (DmKey.from_signer(s) for s in (A, B, C))


def test_key_is_deterministic_per_account_and_epoch() -> None:
    assert DmKey.from_signer(A).public == KA.public
    assert DmKey.from_signer(A, epoch=1).public != KA.public
    assert len({KA.public, KB.public, KC.public}) == 3
    assert "epoch=0" in repr(KA) and KA.public.hex() not in repr(KA)


def test_round_trip_to_recipient_and_sent_copy() -> None:
    to_b, copy = seal_message(A, KA, B.address, KB.public, "hi Bob", ts=7, chain_id=CHAIN)
    got = open_message(KB, B.address, to_b.block, CHAIN)
    assert (got.sender, got.recipient, got.body, got.ts) == (A.address, B.address, "hi Bob", 7)
    mine = open_message(KA, A.address, copy.block, CHAIN)
    assert mine == got
    assert len(to_b.block) in BLOCK_SIZES and to_b.digest != copy.digest
    tag, _ = view_tag(KB, to_b.enc, CHAIN)
    assert tag == to_b.view_tag


def test_third_party_cannot_open() -> None:
    to_b, copy = seal_message(A, KA, B.address, KB.public, "secret", ts=1, chain_id=CHAIN)
    for block in (to_b.block, copy.block):
        with pytest.raises(NotADirectMessage):
            open_message(KC, C.address, block, CHAIN)


def test_wrong_chain_does_not_open() -> None:
    to_b, _ = seal_message(A, KA, B.address, KB.public, "hi", ts=1, chain_id=CHAIN)
    with pytest.raises(NotADirectMessage):
        open_message(KB, B.address, to_b.block, 1)


@given(st.integers(min_value=0), st.integers(min_value=0, max_value=7))
@settings(max_examples=40, deadline=None)
def test_any_flipped_bit_fails_authentication(position: int, bit: int) -> None:
    block = bytearray(SEALED.block)
    block[position % len(block)] ^= 1 << bit
    with pytest.raises(NotADirectMessage):
        open_message(KB, B.address, bytes(block), CHAIN)


SEALED, _ = seal_message(A, KA, B.address, KB.public, "flip me", ts=1, chain_id=CHAIN)


@pytest.mark.parametrize("cut", [1, 16, 100])
def test_truncated_or_extended_blocks_are_refused(cut: int) -> None:
    with pytest.raises(NotADirectMessage, match="wrong size"):
        open_message(KB, B.address, SEALED.block[:-cut], CHAIN)
    with pytest.raises(NotADirectMessage, match="wrong size"):
        open_message(KB, B.address, SEALED.block + bytes(cut), CHAIN)


def test_a_block_that_is_not_a_dm() -> None:
    post = json.dumps({"type": "agora.post", "version": 1, "text": "x"}).encode()
    with pytest.raises(NotADirectMessage):
        open_message(KB, B.address, post, CHAIN)
    with pytest.raises(NotADirectMessage):
        open_message(KB, B.address, bytes(32 + 256 + 16), CHAIN)


def _sealed_envelope(env: dict[str, object], sig_by: Signer, to_key: bytes) -> bytes:
    env_bytes = envelope.canonical(env)
    sig = sig_by.sign_message(envelope.signed_digest(to_key, env_bytes))
    plaintext = envelope.canonical({"env": env, "sig": "0x" + sig.hex()})
    return seal(to_key, plaintext, CHAIN).block


def _env(sender: str, to: str, to_key: bytes, body: str = "hello") -> dict[str, object]:
    return {
        "type": "agora.dm", "v": 1, "from": sender, "to": to, "toKey": to_key.hex(),
        "ts": 1, "body": body, "replyTo": "",
    }  # fmt: skip


def test_forged_signer_is_refused() -> None:
    # C signs an envelope claiming to be from A.
    block = _sealed_envelope(_env(A.address, B.address, KB.public), C, KB.public)
    with pytest.raises(NotADirectMessage, match="not signed by"):
        open_message(KB, B.address, block, CHAIN)


def test_a_message_resealed_to_a_third_party_is_refused() -> None:
    # B receives A's message and re-seals the same signed envelope to C.
    to_b, _ = seal_message(A, KA, B.address, KB.public, "for Bob only", ts=1, chain_id=CHAIN)
    plaintext = open_block(KB, to_b.block, CHAIN)
    forwarded = seal(KC.public, plaintext, CHAIN)
    with pytest.raises(NotADirectMessage, match="someone else"):
        open_message(KC, C.address, forwarded.block, CHAIN)


def test_to_me_under_another_key_is_refused() -> None:
    # The envelope says "to C" but binds B's key: C must not accept it.
    block = _sealed_envelope(_env(A.address, C.address, KB.public), A, KC.public)
    with pytest.raises(NotADirectMessage):
        open_message(KC, C.address, block, CHAIN)


@pytest.mark.parametrize(
    "change",
    [
        {"extra": 1},
        {"v": 2},
        {"ts": -1},
        {"ts": True},
        {"body": ""},
        {"body": "x" * 4097},
        {"from": "0x123"},
        {"replyTo": "zz"},
    ],
)
def test_malformed_envelopes_are_refused(change: dict[str, object]) -> None:
    env = {**_env(A.address, B.address, KB.public), **change}
    block = _sealed_envelope(env, A, KB.public)
    with pytest.raises(NotADirectMessage):
        open_message(KB, B.address, block, CHAIN)


def test_hostile_body_survives_as_data() -> None:
    hostile = "\x1b]52;c;cm0gLXJmIH4=\x07[@click=app.quit]x[/]\u202e"
    to_b, _ = seal_message(A, KA, B.address, KB.public, hostile, ts=1, chain_id=CHAIN)
    assert open_message(KB, B.address, to_b.block, CHAIN).body == hostile


@given(st.binary(max_size=BUCKETS[-1] - 4))
@settings(max_examples=200, deadline=None)
def test_pad_round_trips_into_the_smallest_bucket(data: bytes) -> None:
    padded = pad(data)
    assert len(padded) == min(b for b in BUCKETS if b >= len(data) + 4)
    assert unpad(padded) == data


@given(st.integers(min_value=BUCKETS[-1] - 3, max_value=BUCKETS[-1] * 4))
@settings(max_examples=20, deadline=None)
def test_pad_refuses_what_no_bucket_holds(size: int) -> None:
    with pytest.raises(ContentError, match="limit"):
        pad(bytes(size))


@given(st.binary(max_size=200), st.integers(min_value=1, max_value=255))
@settings(max_examples=100, deadline=None)
def test_unpad_refuses_nonzero_padding(data: bytes, junk: int) -> None:
    padded = bytearray(pad(data))
    padded[-1] = junk
    with pytest.raises(NotADirectMessage):
        unpad(bytes(padded))


def test_message_sizes_only_show_the_bucket() -> None:
    short, _ = seal_message(A, KA, B.address, KB.public, "a", ts=1, chain_id=CHAIN)
    longer, _ = seal_message(A, KA, B.address, KB.public, "a" * 300, ts=1, chain_id=CHAIN)
    big, _ = seal_message(A, KA, B.address, KB.public, "é" * 2048, ts=1, chain_id=CHAIN)
    assert len(short.block) == len(longer.block) == 32 + 1024 + 16
    assert len(big.block) == 32 + 16384 + 16
