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


def test_a_dropped_keyring_call_is_tried_again_and_a_lasting_failure_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A busy session bus can time out one Secret Service call: the key is read on the next
    try. A keyring that keeps failing gives a WalletError that says what it refused."""
    import keyring

    from tui.core.errors import WalletError

    store = KeyringKeyStore()
    wallet = Wallet(tmp_path / "h", store)
    info = wallet.import_key(Secret.from_hex_key(DEV_KEYS[2]), label="kr")
    real = keyring.get_password
    failures = iter([TimeoutError("no reply within the D-Bus timeout")])

    def flaky(service: str, user: str) -> str | None:
        for error in failures:
            raise error
        return real(service, user)

    try:
        monkeypatch.setattr(keyring, "get_password", flaky)
        assert Wallet(tmp_path / "h", store).signer("kr").address == DEV_ADDRESSES[2]

        def down(service: str, user: str) -> str | None:
            raise TimeoutError("no reply within the D-Bus timeout")

        monkeypatch.setattr(keyring, "get_password", down)
        with pytest.raises(WalletError, match="refused to read the key"):
            Wallet(tmp_path / "h", store).signer("kr")
    finally:
        monkeypatch.setattr(keyring, "get_password", real)
        wallet.remove("kr")
    assert info.address == DEV_ADDRESSES[2]


def test_profiles_keep_their_own_keys(tmp_path: Path) -> None:
    """Two data directories (AGORA_HOME) with the same account: removing it from one leaves
    the other's key in place (they once shared one keyring entry per address)."""
    one, two = tmp_path / "one", tmp_path / "two"
    first = Wallet(one, KeyringKeyStore(one))
    second = Wallet(two, KeyringKeyStore(two))
    first.import_key(Secret.from_hex_key(DEV_KEYS[3]), label="a")
    second.import_key(Secret.from_hex_key(DEV_KEYS[3]), label="b")
    try:
        first.remove("a")
        again = Wallet(two, KeyringKeyStore(two))
        assert again.signer("b").address == DEV_ADDRESSES[3]
    finally:
        second.remove("b")
    assert KeyringKeyStore(two).get(DEV_ADDRESSES[3]) is None


def test_a_key_stored_before_profile_scopes_is_read_and_removed(tmp_path: Path) -> None:
    import keyring

    home = tmp_path / "old"
    store = KeyringKeyStore(home)
    assert store.scope  # not the default data directory
    Wallet(home, KeyringKeyStore()).import_key(Secret.from_hex_key(DEV_KEYS[1]), label="old")
    assert keyring.get_password(SERVICE, DEV_ADDRESSES[1]) is not None  # the plain address
    wallet = Wallet(home, store)
    assert wallet.signer("old").address == DEV_ADDRESSES[1]
    wallet.remove("old")
    assert keyring.get_password(SERVICE, DEV_ADDRESSES[1]) is None
    assert store.get(DEV_ADDRESSES[1]) is None
