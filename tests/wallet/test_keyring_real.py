"""The same account life cycle against the real OS keyring (Secret Service in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tui.core.wallet import KeyringKeyStore, Secret, Wallet
from tui.core.wallet.stores import SERVICE, keyring_problem

pytestmark = [
    pytest.mark.keyring,
    pytest.mark.skipif(
        os.environ.get("AGORA_TEST_REAL_KEYRING") != "1" and keyring_problem() is not None,
        reason="no usable OS keyring (run via tests/with-keyring.sh)",
    ),
]


def test_keyring_round_trip(tmp_path: Path) -> None:
    import keyring

    wallet = Wallet(tmp_path / "h", KeyringKeyStore())
    info = wallet.import_key(Secret.from_hex_key(DEV_KEYS[2]), label="kr")
    try:
        assert info.store == "keyring"
        assert keyring.get_password(SERVICE, info.address) is not None
        # A second process (new Wallet object) finds the key through the index.
        assert Wallet(tmp_path / "h", KeyringKeyStore()).signer("kr").address == DEV_ADDRESSES[2]
    finally:
        wallet.remove("kr")
    assert keyring.get_password(SERVICE, info.address) is None


def test_keyring_protected_account(tmp_path: Path) -> None:
    wallet = Wallet(tmp_path / "h", KeyringKeyStore())
    info = wallet.create(label="locked", passphrase=Secret("pass phrase"))
    try:
        assert wallet.needs_passphrase("locked")
        signer = wallet.signer("locked", Secret("pass phrase"))
        assert signer.address == info.address
    finally:
        wallet.remove("locked")
