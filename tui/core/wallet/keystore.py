"""V3 keystores (geth, Foundry, MetaMask): hostile-input checks, decryption and encryption.

An imported keystore is untrusted: its KDF parameters are bounded *before* any key derivation
(an attacker could otherwise ask for gigabytes of scrypt memory or hours of pbkdf2), the MAC is
checked, and the decrypted key must derive the address the file claims.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tui.core.errors import WalletError
from tui.core.wallet.secret import Secret

SCRYPT_N = 2**18
"""scrypt cost for keystores we write (eth-account's default, not Foundry's 2^13)."""
SCRYPT_R = 8
SCRYPT_P = 1
MAX_SCRYPT_N = 2**20
MAX_SCRYPT_R = 16
MAX_SCRYPT_P = 4
MAX_PBKDF2_C = 10**7
MAX_KEYSTORE_BYTES = 64 * 1024

_HEX = re.compile(r"^(0x)?[0-9a-fA-F]*$")


def _fail(why: str) -> WalletError:
    return WalletError(
        f"This keystore was refused: {why}.", hint="Check the file is a V3 keystore."
    )


def _hex_field(obj: dict[str, Any], key: str, size: int | None = None) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not _HEX.match(value):
        raise _fail(f"{key} is missing or not hexadecimal")
    body = value[2:] if value.startswith("0x") else value
    if size is not None and len(body) != size * 2:
        raise _fail(f"{key} must be {size} bytes")
    return body


def _int_field(params: dict[str, Any], key: str) -> int:
    value = params.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise _fail(f"kdfparams.{key} must be a positive integer")
    return value


def parse_keystore(text: str | bytes | dict[str, Any]) -> dict[str, Any]:
    """Parse and check a V3 keystore without deriving anything; return the JSON object.

    Raises WalletError for anything malformed or any KDF parameter outside safe bounds
    (scrypt n a power of two ≤ 2^20, r ≤ 16, p ≤ 4; pbkdf2 c ≤ 10^7 with hmac-sha256; dklen 32).
    """
    if isinstance(text, dict):
        data: Any = text
    else:
        if len(text) > MAX_KEYSTORE_BYTES:
            raise _fail("it is too large to be a keystore")
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError):
            raise _fail("it is not JSON") from None
    if not isinstance(data, dict):
        raise _fail("it is not a JSON object")
    if data.get("version") != 3:
        raise _fail("only version 3 keystores are supported")
    crypto = data.get("crypto", data.get("Crypto"))
    if not isinstance(crypto, dict):
        raise _fail("the crypto section is missing")
    if crypto.get("cipher") != "aes-128-ctr":
        raise _fail("the cipher must be aes-128-ctr")
    params = crypto.get("cipherparams")
    if not isinstance(params, dict):
        raise _fail("cipherparams is missing")
    _hex_field(params, "iv", 16)
    _hex_field(crypto, "ciphertext", 32)
    _hex_field(crypto, "mac", 32)
    kdf = crypto.get("kdf")
    kdfparams = crypto.get("kdfparams")
    if not isinstance(kdfparams, dict):
        raise _fail("kdfparams is missing")
    if _int_field(kdfparams, "dklen") != 32:
        raise _fail("kdfparams.dklen must be 32")
    salt = _hex_field(kdfparams, "salt")
    if not 1 <= len(salt) // 2 <= 64:
        raise _fail("the salt must be 1 to 64 bytes")
    if kdf == "scrypt":
        n = _int_field(kdfparams, "n")
        if n & (n - 1) or n < 2:
            raise _fail("scrypt n must be a power of two")
        if n > MAX_SCRYPT_N:
            raise _fail(f"scrypt n={n} is above the limit of 2^20")
        if _int_field(kdfparams, "r") > MAX_SCRYPT_R:
            raise _fail("scrypt r is above the limit of 16")
        if _int_field(kdfparams, "p") > MAX_SCRYPT_P:
            raise _fail("scrypt p is above the limit of 4")
    elif kdf == "pbkdf2":
        if _int_field(kdfparams, "c") > MAX_PBKDF2_C:
            raise _fail("pbkdf2 c is above the limit of 10^7")
        if kdfparams.get("prf") != "hmac-sha256":
            raise _fail("pbkdf2 prf must be hmac-sha256")
    else:
        raise _fail("the key derivation must be scrypt or pbkdf2")
    address = data.get("address")
    if address is not None:
        _hex_field(data, "address", 20)
    return data


def keystore_address(data: dict[str, Any]) -> str | None:
    """The checksummed address a keystore claims, or None when it does not say."""
    from eth_utils import to_checksum_address

    raw = data.get("address")
    if not isinstance(raw, str):
        return None
    return str(to_checksum_address("0x" + raw.removeprefix("0x")))


def address_of(key: Secret) -> str:
    """The checksummed address of a private key."""
    from eth_account import Account

    try:
        return str(Account.from_key(key.reveal()).address)
    except Exception as exc:  # library frames hold the raw key as a local: drop them
        raise WalletError(f"Not a valid private key ({type(exc).__name__}).") from None


def decrypt_keystore(data: dict[str, Any], passphrase: Secret) -> Secret:
    """Decrypt a checked keystore; raise WalletError on a wrong passphrase or a wrong address."""
    from eth_keyfile import decode_keyfile_json

    parse_keystore(data)
    if "crypto" not in data:  # older geth and MetaMask write "Crypto"
        data = {**data, "crypto": data["Crypto"]}
    try:
        key = Secret(decode_keyfile_json(data, passphrase.reveal()))
    except ValueError:
        # eth-keyfile raises ValueError("MAC mismatch"): the passphrase is wrong or the file
        # was altered. Either way nothing was decrypted.
        raise WalletError(
            "Wrong passphrase (or the keystore was altered).", hint="Try the passphrase again."
        ) from None
    except Exception:
        raise _fail("it could not be decrypted") from None
    claimed = keystore_address(data)
    if claimed is not None and address_of(key) != claimed:
        key.wipe()
        raise _fail("the decrypted key does not belong to the address in the file")
    return key


def encrypt_key(key: Secret, passphrase: Secret, *, n: int = SCRYPT_N) -> dict[str, Any]:
    """A V3 keystore of ``key`` with scrypt (n = 2^18 by default, never lower in production)."""
    from eth_keyfile import create_keyfile_json

    if not passphrase:
        raise WalletError("A passphrase cannot be empty.")
    try:
        return dict(
            create_keyfile_json(key.reveal(), passphrase.reveal(), kdf="scrypt", iterations=n)
        )
    except Exception as exc:  # library frames hold the key and passphrase: drop them
        raise WalletError(f"Encrypting the key failed ({type(exc).__name__}).") from None
