"""Agora core: wallet (accounts in the OS keyring, keystores, signing)."""

from __future__ import annotations

from tui.core.wallet.index import AccountInfo
from tui.core.wallet.secret import Secret
from tui.core.wallet.signer import SignedTx, Signer
from tui.core.wallet.stores import FakeKeyStore, FileKeyStore, KeyringKeyStore, KeyStore
from tui.core.wallet.wallet import Wallet

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
