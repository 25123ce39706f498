"""Changing a passphrase never loses the key, even when reading it back fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DEV_KEYS
from tui.core.errors import WalletError
from tui.core.wallet import FakeKeyStore, Secret, Wallet

OLD, NEW = Secret("old passphrase"), Secret("new passphrase")


class FakeFlakyReadBack(FakeKeyStore):
    """A store whose next read fails after a write (a keyring that locked or timed out)."""

    def __init__(self) -> None:
        super().__init__()
        self.armed = False
        """The next write makes the read after it fail (once)."""
        self.fail_next_get = False

    def put(self, address: str, blob: Secret) -> None:
        super().put(address, blob)
        if self.armed:
            self.armed, self.fail_next_get = False, True

    def get(self, address: str) -> Secret | None:
        if self.fail_next_get:
            self.fail_next_get = False
            raise WalletError("The keyring did not answer.")
        return super().get(address)


def test_change_and_remove(tmp_path: Path) -> None:
    wallet = Wallet(tmp_path, FakeKeyStore())
    info = wallet.import_key(Secret.from_hex_key(DEV_KEYS[1]), "main", OLD)
    changed = wallet.set_passphrase(info.address, OLD, NEW)
    assert changed.protected
    with pytest.raises(WalletError):
        wallet.signer(info.address, OLD)
    assert wallet.signer(info.address, NEW).address == info.address
    removed = wallet.set_passphrase(info.address, NEW, None)
    assert not removed.protected and wallet.signer(info.address).address == info.address


def test_a_failed_read_back_restores_the_old_entry(tmp_path: Path) -> None:
    store = FakeFlakyReadBack()
    wallet = Wallet(tmp_path, store)
    info = wallet.import_key(Secret.from_hex_key(DEV_KEYS[1]), "main", OLD)
    before = dict(store.blobs)
    store.armed = True
    with pytest.raises(WalletError, match="did not answer"):
        wallet.set_passphrase(info.address, OLD, NEW)
    assert store.blobs == before  # the old, working entry is back; nothing was deleted
    assert wallet.signer(info.address, OLD).address == info.address
    assert wallet.index.accounts[0].protected
