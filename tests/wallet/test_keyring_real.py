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
