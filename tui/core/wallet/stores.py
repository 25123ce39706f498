"""Where secrets live: the OS keyring (default), encrypted keystore files (opt-in), or memory.

Keyring entries cannot be listed, so the account index (``tui.core.wallet.index``) records which
addresses exist; a store only maps an address to its secret blob. A blob is either the raw key
(``raw:0x…``, only in a recommended OS keyring) or a V3 keystore JSON (passphrase-protected).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Protocol

from tui.core.errors import WalletError
from tui.core.files import write_atomic
from tui.core.wallet.secret import Secret

SERVICE = "agora"
"""The one keyring service name every Agora key is stored under. The username is the address
for the default data directory, and ``ADDRESS@profile-HASH`` for any other (``AGORA_HOME``):
profiles are separate, so removing an account in one never deletes another profile's key."""
KEY_STORE_ENV = "AGORA_KEY_STORE"
"""Set to ``file`` to keep keys in passphrase-encrypted keystore files instead of the keyring."""

_UNSAFE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class KeyStore(Protocol):
    """Maps an address to its secret blob."""

    name: str
    """``keyring``, ``file`` or ``fake``: recorded in the account index."""
    requires_passphrase: bool
    """True when only encrypted keystores may be stored (files on disk)."""

    def put(self, address: str, blob: Secret) -> None: ...
    def get(self, address: str) -> Secret | None: ...
    def delete(self, address: str) -> None: ...


def _backend_name(backend: object) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def keyring_problem() -> str | None:
    """Why the current keyring backend must not hold keys, or None when it is a recommended one."""
    import keyring

    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring configuration
        return f"the keyring could not be loaded ({type(exc).__name__})"
    backends = list(getattr(backend, "backends", None) or [backend])
    if not backends:
        return "no keyring backend is available"
    for each in backends:
        name = _backend_name(each)
        if name.startswith(_UNSAFE_MODULES):
            return f"the keyring backend is {name}, which is not secure storage"
        if getattr(each, "priority", 0) < 1:
            return f"the keyring backend {name} is not a recommended one"
    return None


def profile_scope(home: Path | None) -> str:
    """The keyring scope of a data directory: "" for the platform's default one (the names
    Agora always used there), else a short hash of its resolved path."""
    if home is None:
        return ""
    import hashlib

    from tui.core.config.paths import default_data_dir

    resolved = home.expanduser().resolve()
    if resolved == default_data_dir().expanduser().resolve():
        return ""
    return "profile-" + hashlib.sha256(str(resolved).encode()).hexdigest()[:12]


class KeyringKeyStore:
    """Secrets in the OS keyring (Secret Service, macOS Keychain, Windows Credential Locker).

    Given the data directory, the entries are that profile's own (see ``SERVICE``). A key a
    profile stored under the plain address before is still read; removing it there deletes
    that entry too, unless the default profile lists the same account."""

    name = "keyring"
    requires_passphrase = False

    def __init__(self, home: Path | None = None) -> None:
        self.scope = profile_scope(home)
        problem = keyring_problem()
        if problem:
            raise WalletError(
                f"No secure OS keyring is available: {problem}.",
                hint=(
                    "Start or unlock your desktop keyring (GNOME Keyring, KWallet, Keychain), or "
                    f"opt in to passphrase-encrypted keystore files with {KEY_STORE_ENV}=file. "
                    "Agora never stores keys in plain text."
                ),
            )

    ATTEMPTS = 3
    """Tries per keyring call: the Secret Service answers over D-Bus, and a busy session bus
    can drop or time out one call; reading, storing and deleting the same key again is safe."""

    def _call(self, what: str, fn: object, *args: str) -> object:
        import time

        import keyring.errors

        for attempt in range(self.ATTEMPTS):
            try:
                return fn(*args)  # type: ignore[operator]
            except keyring.errors.PasswordDeleteError:
                return None
            except Exception as exc:  # KeyringError, or the D-Bus layer's own (a timeout)
                if attempt + 1 < self.ATTEMPTS:
                    time.sleep(0.2 * (attempt + 1))
                    continue
                raise WalletError(
                    f"The OS keyring refused to {what} ({type(exc).__name__}).",
                    hint="Unlock your keyring and try again.",
                ) from None
        return None

    def username(self, address: str) -> str:
        return f"{address}@{self.scope}" if self.scope else address

    def put(self, address: str, blob: Secret) -> None:
        import keyring

        user = self.username(address)
        self._call("store the key", keyring.set_password, SERVICE, user, blob.reveal_text())

    def get(self, address: str) -> Secret | None:
        import keyring

        found = self._call("read the key", keyring.get_password, SERVICE, self.username(address))
        if found is None and self.scope:  # stored by a version without profile scopes
            found = self._call("read the key", keyring.get_password, SERVICE, address)
        return Secret(found) if isinstance(found, str) else None

    def delete(self, address: str) -> None:
        import keyring

        self._call("delete the key", keyring.delete_password, SERVICE, self.username(address))
        if self.scope and not _default_profile_lists(address):
            self._call("delete the key", keyring.delete_password, SERVICE, address)


def _default_profile_lists(address: str) -> bool:
    """Whether the default data directory's account index has ``address`` (its key is then
    that profile's, under the plain address, and must stay)."""
    from tui.core.config.paths import default_data_dir
    from tui.core.wallet.index import AccountIndex

    try:
        return AccountIndex(default_data_dir() / "accounts.json").find(address) is not None
    except Exception:  # unreadable: keep the entry rather than delete another profile's key
        return True


class FileKeyStore:
    """Passphrase-encrypted V3 keystores in ``<home>/keystores/<address>.json`` (mode 0600).

    Explicit opt-in for machines without a secure keyring. Only encrypted keystores are
    accepted; after writing, the file is re-read and re-decrypted by the caller to verify it.
    """

    name = "file"
    requires_passphrase = True

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, address: str) -> Path:
        if not (address.startswith("0x") and len(address) == 42 and address[2:].isalnum()):
            raise WalletError(f"Not an address: {address[:60]!r}")
        return self.root / f"{address}.json"

    def put(self, address: str, blob: Secret) -> None:
        text = blob.reveal_text()
        if not text.startswith("{"):
            raise WalletError("Keystore files only hold passphrase-encrypted keys.")
        write_atomic(self.path(address), text.encode("utf-8"))

    def get(self, address: str) -> Secret | None:
        try:
            return Secret(self.path(address).read_bytes())
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise WalletError(f"Cannot read the keystore file: {exc.strerror}") from None

    def delete(self, address: str) -> None:
        self.path(address).unlink(missing_ok=True)


class FakeKeyStore:
    """In-memory store for fast unit tests only."""

    name = "fake"

    def __init__(self, *, requires_passphrase: bool = False) -> None:
        self.requires_passphrase = requires_passphrase
        self.blobs: dict[str, bytes] = {}

    def put(self, address: str, blob: Secret) -> None:
        self.blobs[address] = blob.reveal()

    def get(self, address: str) -> Secret | None:
        found = self.blobs.get(address)
        return Secret(found) if found is not None else None

    def delete(self, address: str) -> None:
        self.blobs.pop(address, None)


def default_key_store(home: Path) -> KeyStore:
    """The keyring, or keystore files when the user opted in with ``AGORA_KEY_STORE=file``."""
    choice = os.environ.get(KEY_STORE_ENV, "keyring").strip().lower()
    if choice == "file":
        return FileKeyStore(home / "keystores")
    if choice not in ("", "keyring"):
        raise WalletError(f"{KEY_STORE_ENV} must be 'keyring' or 'file', not {choice[:20]!r}.")
    return KeyringKeyStore(home)


def is_keystore_blob(blob: Secret) -> bool:
    """True when the blob is an encrypted V3 keystore (the account has a passphrase)."""
    return blob.reveal()[:1] == b"{"


def keystore_from_blob(blob: Secret) -> dict[str, object]:
    data = json.loads(blob.reveal())
    if not isinstance(data, dict):
        raise WalletError("The stored keystore is corrupt.")
    return data
