"""Signing EIP-1559 transactions with a key held in a Secret (never in a named local)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from tui.core.errors import WalletError
from tui.core.wallet.secret import Secret

TEST_HOOK_ENV = "AGORA_TEST_HOOK"
"""Test-only fault injection (``fail-in-signing``, ``kill-after-persist``); unset in real use."""


@dataclass(frozen=True)
class SignedTx:
    """A signed transaction: the exact bytes to broadcast and their hash."""

    raw: bytes
    hash: str


class Signer:
    """Signs for one address. ``repr`` shows the address only."""

    __slots__ = ("_key", "address")

    def __init__(self, address: str, key: Secret) -> None:
        self.address = address
        self._key = key

    def __repr__(self) -> str:
        return f"Signer({self.address})"

    def sign(self, tx: dict[str, Any]) -> SignedTx:
        """Sign a typed-2 transaction dict (``chainId``, ``nonce``, fee caps, ``gas``, …)."""
        from eth_account import Account

        if os.environ.get(TEST_HOOK_ENV) == "fail-in-signing":
            raise RuntimeError("test hook: failure inside the signing path")
        if tx.get("type") not in (2, "0x2") or "chainId" not in tx:
            raise WalletError("Agora only signs EIP-1559 transactions with a chain id.")
        try:
            signed = Account.sign_transaction(tx, self._key.reveal())
        except Exception as exc:  # library frames hold the raw key as a local: drop them
            raise WalletError(f"Signing failed ({type(exc).__name__}).") from None
        return SignedTx(raw=bytes(signed.raw_transaction), hash="0x" + bytes(signed.hash).hex())

    def sign_message(self, message: bytes) -> bytes:
        """An EIP-191 (``personal_sign``) signature of ``message``: 65 bytes r‖s‖v."""
        from eth_account import Account
        from eth_account.messages import encode_defunct

        try:
            signed = Account.sign_message(encode_defunct(primitive=message), self._key.reveal())
        except Exception as exc:  # library frames hold the raw key as a local: drop them
            raise WalletError(f"Signing failed ({type(exc).__name__}).") from None
        return bytes(signed.signature)

    def sign_typed_data(self, message: dict[str, Any]) -> tuple[int, bytes, bytes]:
        """An EIP-712 signature of ``message`` (eth-account's ``full_message`` form): v, r, s.
        Used for EIP-2612 permits, which the caller builds for an exact amount."""
        from eth_account import Account

        try:
            signed = Account.sign_typed_data(self._key.reveal(), full_message=message)
        except Exception as exc:  # library frames hold the raw key as a local: drop them
            raise WalletError(f"Signing failed ({type(exc).__name__}).") from None
        return int(signed.v), int(signed.r).to_bytes(32, "big"), int(signed.s).to_bytes(32, "big")

    def derive_secret(self, salt: bytes, info: bytes) -> Secret:
        """32 bytes of HKDF-SHA256 over the account key: keys for other uses (private
        messages) that need no new backup, since the account key recovers them."""
        from cryptography.hazmat.primitives.hashes import SHA256
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return Secret(HKDF(SHA256(), 32, salt, info).derive(self._key.reveal()))
