"""Agora core: wallet (accounts in the OS keyring, keystores, signing).

The names below load on first use (PEP 562): the TUI imports ``tui.core.wallet.secret`` before
its first paint, and importing a submodule runs this file, which must not pull in the key
stores, the keyring and the signer with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.lazy import lazy_exports

if TYPE_CHECKING:
    from tui.core.wallet.index import AccountInfo
    from tui.core.wallet.secret import Secret
    from tui.core.wallet.signer import SignedTx, Signer
    from tui.core.wallet.stores import FakeKeyStore, FileKeyStore, KeyringKeyStore, KeyStore
    from tui.core.wallet.wallet import Wallet

_WHERE = {
    "AccountInfo": "index",
    "Secret": "secret",
    "SignedTx": "signer",
    "Signer": "signer",
    "FakeKeyStore": "stores",
    "FileKeyStore": "stores",
    "KeyStore": "stores",
    "KeyringKeyStore": "stores",
    "Wallet": "wallet",
}

__all__ = [
    "AccountInfo",
    "FakeKeyStore",
    "FileKeyStore",
    "KeyStore",
    "KeyringKeyStore",
    "Secret",
    "SignedTx",
    "Signer",
    "Wallet",
]


__getattr__ = lazy_exports(__name__, _WHERE)
