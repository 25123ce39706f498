"""Accounts: create, import, list, label, switch, remove, export, unlock (with idle auto-lock).

Front-end neutral: the CLI and the TUI (in a thread worker: keyring calls and scrypt block) call
the same methods. Every key and passphrase arrives and leaves as a ``Secret``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.errors import NotFoundError, UsageError, WalletError
from tui.core.text import clean_identity
from tui.core.wallet.index import AccountIndex, AccountInfo
from tui.core.wallet.keystore import (
    address_of,
    decrypt_keystore,
    encrypt_key,
    keystore_address,
    parse_keystore,
)
from tui.core.wallet.secret import Secret
from tui.core.wallet.signer import Signer
from tui.core.wallet.stores import (
    KeyStore,
    default_key_store,
    is_keystore_blob,
    keystore_from_blob,
)

if TYPE_CHECKING:
    from tui.core.context import AgoraContext

DEFAULT_PATH = "m/44'/60'/0'/0/0"
"""BIP-44 Ethereum path used by MetaMask, Ledger Live and most wallets for the first account."""


def _key_from_mnemonic(mnemonic: Secret, path: str, bip39_passphrase: Secret | None) -> Secret:
    from eth_account import Account

    Account.enable_unaudited_hdwallet_features()
    try:
        return Secret(
            Account.from_mnemonic(
                " ".join(mnemonic.reveal_text().split()),
                passphrase=bip39_passphrase.reveal_text() if bip39_passphrase else "",
                account_path=path,
            ).key
        )
    except Exception:
        raise WalletError(
            "That mnemonic or derivation path is not valid.",
            hint="Check the words (BIP-39, English) and the path, e.g. m/44'/60'/0'/0/0.",
        ) from None


def _new_key() -> Secret:
    from eth_account import Account

    return Secret(Account.create().key)


class Wallet:
    """The user's accounts and the session's unlocked keys."""

    def __init__(
        self,
        home: Path,
        store: KeyStore | Callable[[], KeyStore] | None = None,
        *,
        idle_lock_minutes: int = 15,
        network: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.home = home
        self.index = AccountIndex(home / "accounts.json")
        self._store_or_factory = store
        self._store: KeyStore | None = None
        self.idle_lock_seconds = max(0, idle_lock_minutes) * 60
        self.network = network
        self._clock = clock
        self._unlocked: dict[str, tuple[Secret, float]] = {}

    @classmethod
    def from_context(cls, ctx: AgoraContext, store: KeyStore | None = None) -> Wallet:
        return cls(
            ctx.home,
            store,
            idle_lock_minutes=ctx.settings.idle_lock_minutes,
            network=ctx.network_name,
        )

    def __repr__(self) -> str:
        return f"Wallet({self.home}, {len(self.index.accounts)} accounts)"

    # The key store is opened lazily: listing accounts must work without a keyring.
    @property
    def store(self) -> KeyStore:
        if self._store is None:
            given = self._store_or_factory
            if given is None:
                self._store = default_key_store(self.home)
            elif callable(given) and not hasattr(given, "put"):
                self._store = given()
            else:
                self._store = given  # type: ignore[assignment]
        assert self._store is not None
        return self._store

    # ---- reading ---------------------------------------------------------------------------
    def accounts(self) -> list[AccountInfo]:
        return list(self.index.accounts)

    def active(self) -> AccountInfo | None:
        return self.index.find(self.index.active) if self.index.active else None

    def resolve(self, ref: str | None = None) -> AccountInfo:
        """An account by address (any case) or label; None means the active account."""
        if not ref:
            found = self.active()
            if found is None:
                raise WalletError(
                    "No account yet.", hint="Create one with `agora account new` or import one."
                )
            return found
        by_address = self.index.find(ref) if ref.startswith("0x") else None
        if by_address:
            return by_address
        matches = [a for a in self.index.accounts if a.label and a.label == ref]
        if len(matches) == 1:
            return matches[0]
        raise NotFoundError(
            f"No account {clean_identity(ref, 60)!r}.", hint="See `agora account list`."
        )

    def to_json(self) -> list[dict[str, Any]]:
        return [a.to_json(self.index.active) for a in self.index.accounts]

    # ---- adding ----------------------------------------------------------------------------
    def _check_label(self, label: str) -> str:
        cleaned = clean_identity(label, 40)
        if cleaned != label.strip():
            raise UsageError("A label can only use printable characters (at most 40).")
        if cleaned.startswith("0x"):
            raise UsageError("A label cannot start with 0x (it would look like an address).")
        if cleaned and any(a.label == cleaned for a in self.index.accounts):
            raise UsageError(f"The label {cleaned!r} is already used.")
        return cleaned

    def _add(self, key: Secret, label: str, passphrase: Secret | None) -> AccountInfo:
        label = self._check_label(label)
        address = address_of(key)
        if self.index.find(address):
            raise WalletError(f"Account {address} is already in Agora.")
        store = self.store
        if store.requires_passphrase and not passphrase:
            raise WalletError(
                "Keystore files need a passphrase.",
                hint="Use --passphrase (or --passphrase-file) to protect this account.",
            )
        if passphrase:
            blob = Secret(_json_bytes(encrypt_key(key, passphrase)))
        else:
            blob = Secret(b"raw:0x" + key.reveal().hex().encode("ascii"))
        store.put(address, blob)
        self._verify_stored(address, key, passphrase)
        info = AccountInfo(
            address=address,
            label=label,
            created=int(time.time()),
            network=self.network,
            protected=bool(passphrase),
            store=store.name,
        )
        self.index.add(info)
        self.index.save()
        return info

    def _verify_stored(self, address: str, key: Secret, passphrase: Secret | None) -> None:
        """Read the secret back (and re-decrypt it) before the account is announced."""
        try:
            if self._load_key(address, passphrase) != key:
                raise WalletError("The stored key does not read back correctly.")
        except WalletError:
            self.store.delete(address)
            raise

    def create(self, label: str = "", passphrase: Secret | None = None) -> AccountInfo:
        """A fresh random key."""
        return self._add(_new_key(), label, passphrase)

    def import_key(
        self, key: Secret, label: str = "", passphrase: Secret | None = None
    ) -> AccountInfo:
        return self._add(key, label, passphrase)

    def import_mnemonic(
        self,
        mnemonic: Secret,
        path: str = DEFAULT_PATH,
        label: str = "",
        passphrase: Secret | None = None,
        bip39_passphrase: Secret | None = None,
    ) -> AccountInfo:
        """The account at ``path`` of a BIP-39 mnemonic (the mnemonic itself is not stored)."""
        return self._add(_key_from_mnemonic(mnemonic, path, bip39_passphrase), label, passphrase)

    def import_keystore(
        self,
        text: str | bytes,
        keystore_passphrase: Secret,
        label: str = "",
        passphrase: Secret | None = None,
    ) -> AccountInfo:
        """A V3 keystore, checked before decrypting; re-encrypted with our scrypt parameters."""
        data = parse_keystore(text)
        claimed = keystore_address(data)
        if claimed and self.index.find(claimed):
            raise WalletError(f"Account {claimed} is already in Agora.")
        return self._add(decrypt_keystore(data, keystore_passphrase), label, passphrase)

    # ---- changing --------------------------------------------------------------------------
    def use(self, ref: str) -> AccountInfo:
        info = self.resolve(ref)
        self.index.active = info.address
        self.index.save()
        return info

    def set_label(self, ref: str, label: str) -> AccountInfo:
        info = self.resolve(ref)
        if label.strip() == info.label:
            return info
        updated = self.index.relabel(info.address, self._check_label(label))
        self.index.save()
        return updated

    def remove(self, ref: str) -> AccountInfo:
        """Delete the key from its store and the account from the index (no undo)."""
        info = self.resolve(ref)
        self.store.delete(info.address)
        self._unlocked.pop(info.address, None)
        self.index.remove(info.address)
        self.index.save()
        return info

    def set_passphrase(self, ref: str, current: Secret | None, new: Secret | None) -> AccountInfo:
        """Add, change or (keyring only) remove the passphrase of an account."""
        info = self.resolve(ref)
        key = self._load_key(info.address, current)
        if new:
            blob = Secret(_json_bytes(encrypt_key(key, new)))
        elif self.store.requires_passphrase:
            raise WalletError("Keystore files need a passphrase.")
        else:
            blob = Secret(b"raw:0x" + key.reveal().hex().encode("ascii"))
        previous = self.store.get(info.address)
        self.store.put(info.address, blob)
        try:
            if self._load_key(info.address, new) != key:
                raise WalletError("The re-encrypted key does not read back correctly.")
        except Exception:
            # Put the old entry back (never delete: the stored key may be the only copy).
            if previous is not None:
                self.store.put(info.address, previous)
            raise
        updated = replace(info, protected=bool(new))
        self.index.update(updated)
        self.index.save()
        return updated

    def export_keystore(
        self, ref: str, export_passphrase: Secret, passphrase: Secret | None = None
    ) -> dict[str, Any]:
        """A V3 keystore (scrypt n = 2^18) of the account, encrypted with ``export_passphrase``."""
        info = self.resolve(ref)
        return encrypt_key(self._load_key(info.address, passphrase), export_passphrase)

    # ---- keys and the session --------------------------------------------------------------
    def _load_key(self, address: str, passphrase: Secret | None) -> Secret:
        blob = self.store.get(address)
        if blob is None:
            raise WalletError(
                f"The key of {address} is missing from the {self.store.name}.",
                hint="Import it again, or remove the account with `agora account remove`.",
            )
        if is_keystore_blob(blob):
            if passphrase is None:
                cached = self._cached(address)
                if cached is not None:
                    return cached
                raise WalletError(
                    f"Account {address} is locked.",
                    hint="Unlock it with its passphrase (--passphrase-file without a terminal).",
                )
            return decrypt_keystore(keystore_from_blob(blob), passphrase)
        text = blob.reveal()
        if not text.startswith(b"raw:0x") or len(text) != 70:
            raise WalletError(f"The stored key of {address} is corrupt.")
        return Secret(bytes.fromhex(blob.reveal()[6:].decode("ascii")))

    def _cached(self, address: str) -> Secret | None:
        entry = self._unlocked.get(address)
        if entry is None:
            return None
        key, last = entry
        now = self._clock()
        if self.idle_lock_seconds and now - last > self.idle_lock_seconds:
            self._unlocked.pop(address, None)
            return None
        self._unlocked[address] = (key, now)
        return key

    def needs_passphrase(self, ref: str | None = None) -> bool:
        """True when signing for this account needs a passphrase now (protected and locked)."""
        info = self.resolve(ref)
        return info.protected and self._cached(info.address) is None

    def unlock(self, ref: str | None, passphrase: Secret) -> AccountInfo:
        """Decrypt a protected account once for this session (until idle auto-lock)."""
        info = self.resolve(ref)
        key = self._load_key(info.address, passphrase)
        self._unlocked[info.address] = (key, self._clock())
        return info

    def lock(self, ref: str | None = None) -> None:
        """Forget unlocked keys (one account, or all when ``ref`` is None)."""
        if ref is None:
            self._unlocked.clear()
        else:
            self._unlocked.pop(self.resolve(ref).address, None)

    def signer(self, ref: str | None = None, passphrase: Secret | None = None) -> Signer:
        """A signer for the account; protected ones need ``passphrase`` or a prior unlock."""
        info = self.resolve(ref)
        if info.protected and passphrase is not None:
            self.unlock(info.address, passphrase)
        return Signer(info.address, self._load_key(info.address, None))


def _json_bytes(data: dict[str, Any]) -> bytes:
    import json

    return json.dumps(data).encode("utf-8")
