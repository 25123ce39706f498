"""The non-secret account index (``<home>/accounts.json``): addresses, labels, the active one.

Keyring entries cannot be listed, so this file is how Agora knows which accounts exist. It never
holds a key or a passphrase; it is written atomically so a crash leaves the old or the new file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from tui.core.errors import WalletError
from tui.core.files import write_atomic


@dataclass(frozen=True)
class AccountInfo:
    """One account as the index knows it (everything here is safe to show and log)."""

    address: str
    """Checksummed address."""
    label: str = ""
    created: int = 0
    """Unix time the account was added."""
    network: str = ""
    """Network that was active when it was added (informational)."""
    protected: bool = False
    """True when the key is a passphrase-encrypted keystore (unlocked once per session)."""
    store: str = "keyring"
    """Where the secret lives: ``keyring`` or ``file``."""

    def to_json(self, active: str | None = None) -> dict[str, Any]:
        data = asdict(self)
        data["active"] = active is not None and active == self.address
        return data


class AccountIndex:
    """Load, change and atomically save ``accounts.json``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.accounts: list[AccountInfo] = []
        self.active: str | None = None
        self._load()

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise WalletError(
                f"Cannot read the account index {self.path}: {exc.strerror}"
            ) from None
        try:
            data = json.loads(raw)
            fields = set(AccountInfo.__dataclass_fields__)
            self.accounts = [
                AccountInfo(**{k: v for k, v in item.items() if k in fields})
                for item in data.get("accounts", [])
            ]
            active = data.get("active")
            self.active = active if isinstance(active, str) else None
        except (ValueError, TypeError, AttributeError):
            raise WalletError(
                f"The account index {self.path} is corrupt.",
                hint="Restore it from a backup; your keys are still in the keyring.",
            ) from None

    def save(self) -> None:
        data = {"version": 1, "active": self.active, "accounts": [asdict(a) for a in self.accounts]}
        write_atomic(self.path, json.dumps(data, indent=2).encode("utf-8"))

    def find(self, address: str) -> AccountInfo | None:
        low = address.lower()
        return next((a for a in self.accounts if a.address.lower() == low), None)

    def add(self, info: AccountInfo) -> None:
        if self.find(info.address):
            raise WalletError(f"Account {info.address} is already in Agora.")
        self.accounts.append(info)
        if self.active is None:
            self.active = info.address

    def update(self, info: AccountInfo) -> None:
        self.accounts = [info if a.address == info.address else a for a in self.accounts]

    def relabel(self, address: str, label: str) -> AccountInfo:
        found = self.find(address)
        if found is None:
            raise WalletError(f"No account {address}.")
        updated = replace(found, label=label)
        self.update(updated)
        return updated

    def remove(self, address: str) -> None:
        self.accounts = [a for a in self.accounts if a.address != address]
        if self.active == address:
            self.active = self.accounts[0].address if self.accounts else None
