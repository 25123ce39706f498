"""Accounts, keystores and secrets against the in-memory store (fast) and keystore files."""

from __future__ import annotations

import json
import os
import pickle
import stat
from pathlib import Path

import pytest
from eth_keyfile import create_keyfile_json

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tui.core.errors import NotFoundError, UsageError, WalletError
from tui.core.wallet import FakeKeyStore, FileKeyStore, Secret, Wallet
from tui.core.wallet.keystore import decrypt_keystore, parse_keystore

MNEMONIC = "test test test test test test test test test test test junk"
PASS = Secret("correct horse battery staple")


def key(i: int) -> Secret:
    return Secret.from_hex_key(DEV_KEYS[i])


def cheap_keystore(i: int, password: bytes = b"pw", n: int = 2**10) -> dict:
    return dict(
        create_keyfile_json(bytes.fromhex(DEV_KEYS[i][2:]), password, kdf="scrypt", iterations=n)
    )


@pytest.fixture
def wallet(tmp_path: Path) -> Wallet:
    return Wallet(tmp_path / "home", FakeKeyStore())


def test_secret_is_redacted_everywhere() -> None:
    s = key(0)
    for shown in (repr(s), str(s), f"{s}", f"{s!r}", repr([s]), repr({"k": s})):
        assert DEV_KEYS[0][2:] not in shown
        assert "redacted" in shown
    with pytest.raises(TypeError):
        pickle.dumps(s)
    with pytest.raises(ValueError) as err:
        Secret.from_hex_key("zz" + DEV_KEYS[0][4:])
    assert DEV_KEYS[0][4:] not in str(err.value)


def test_import_list_use_label_remove(wallet: Wallet) -> None:
    a = wallet.import_key(key(0), label="main")
    b = wallet.import_key(key(1))
    assert a.address == DEV_ADDRESSES[0] and b.address == DEV_ADDRESSES[1]
    assert wallet.active() == a  # the first account becomes active
    assert wallet.use("0x70997970c51812dc3a010c7d01b50e0d17dc79c8").address == b.address
    assert wallet.resolve("main") == a
    wallet.set_label(b.address, "second")
    assert wallet.resolve("second").address == b.address
    with pytest.raises(UsageError):
        wallet.set_label(a.address, "second")
    with pytest.raises(UsageError):
        wallet.import_key(key(2), label="0xabc")
    with pytest.raises(WalletError, match="already"):
        wallet.import_key(key(0))
    # The index survives a reload and never holds a key.
    reloaded = Wallet(wallet.home, wallet.store)
    assert [x.address for x in reloaded.accounts()] == [a.address, b.address]
    index_text = (wallet.home / "accounts.json").read_text()
    assert DEV_KEYS[0][2:] not in index_text and DEV_KEYS[1][2:] not in index_text
    wallet.remove("second")
    assert [x.address for x in wallet.accounts()] == [a.address]
    with pytest.raises(NotFoundError):
        wallet.resolve("second")
    assert wallet.signer().address == a.address


def test_mnemonic_with_path(wallet: Wallet) -> None:
    first = wallet.import_mnemonic(Secret(MNEMONIC))
    second = wallet.import_mnemonic(Secret(MNEMONIC), path="m/44'/60'/0'/0/1")
    assert first.address == DEV_ADDRESSES[0]
    assert second.address == DEV_ADDRESSES[1]
    with pytest.raises(WalletError, match="mnemonic"):
        wallet.import_mnemonic(Secret("not a real mnemonic at all"))


def test_new_account_signs(wallet: Wallet) -> None:
    info = wallet.create(label="fresh")
    signer = wallet.signer("fresh")
    assert signer.address == info.address and info.address not in repr(wallet.store)
    assert "Signer(" in repr(signer) and len(repr(signer)) < 60


def test_keystore_import_geth_and_foundry_params(wallet: Wallet) -> None:
    ks = cheap_keystore(2)  # Foundry writes scrypt n=2^13; we accept up to 2^20
    info = wallet.import_keystore(json.dumps(ks), Secret("pw"))
    assert info.address == DEV_ADDRESSES[2]
    with pytest.raises(WalletError, match="Wrong passphrase"):
        wallet.import_keystore(json.dumps(cheap_keystore(3)), Secret("nope"))


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        (("crypto", "kdfparams", "n"), 2**21, "above the limit"),
        (("crypto", "kdfparams", "n"), 3000, "power of two"),
        (("crypto", "kdfparams", "r"), 17, "r is above"),
        (("crypto", "kdfparams", "p"), 5, "p is above"),
        (("crypto", "kdfparams", "dklen"), 64, "dklen"),
        (("crypto", "cipher"), "aes-256-cbc", "cipher"),
        (("crypto", "kdf"), "argon2", "scrypt or pbkdf2"),
        (("version",), 4, "version 3"),
    ],
)
def test_hostile_keystores_refused_before_decrypting(path, value, reason) -> None:
    ks = cheap_keystore(0)
    target = ks
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    with pytest.raises(WalletError, match=reason):
        parse_keystore(json.dumps(ks))


def test_pbkdf2_bound_and_mac_and_address_checks() -> None:
    ks = dict(create_keyfile_json(b"\x01" * 32, b"pw", kdf="pbkdf2", iterations=1000))
    ks["crypto"]["kdfparams"]["c"] = 10**7 + 1
    with pytest.raises(WalletError, match="pbkdf2 c"):
        parse_keystore(ks)
    good = cheap_keystore(0)
    tampered = json.loads(json.dumps(good))
    tampered["crypto"]["mac"] = "00" * 32
    with pytest.raises(WalletError, match="Wrong passphrase"):
        decrypt_keystore(tampered, Secret("pw"))
    lying = json.loads(json.dumps(good))
    lying["address"] = DEV_ADDRESSES[1][2:].lower()
    with pytest.raises(WalletError, match="does not belong"):
        decrypt_keystore(lying, Secret("pw"))
    assert decrypt_keystore(good, Secret("pw")) == key(0)
    with pytest.raises(WalletError, match="not JSON"):
        parse_keystore("{not json")
    with pytest.raises(WalletError, match="too large"):
        parse_keystore("x" * 100_000)


def test_passphrase_protection_unlock_and_idle_lock(tmp_path: Path) -> None:
    now = [1000.0]
    wallet = Wallet(tmp_path / "h", FakeKeyStore(), idle_lock_minutes=1, clock=lambda: now[0])
    info = wallet.import_key(key(0), passphrase=PASS)
    assert info.protected
    blob = wallet.store.get(info.address)
    assert blob is not None
    stored = json.loads(blob.reveal())
    assert stored["crypto"]["kdf"] == "scrypt" and stored["crypto"]["kdfparams"]["n"] >= 2**18
    assert wallet.needs_passphrase()
    with pytest.raises(WalletError, match="locked"):
        wallet.signer()
    with pytest.raises(WalletError, match="Wrong passphrase"):
        wallet.unlock(None, Secret("wrong"))
    wallet.unlock(None, PASS)
    assert wallet.signer().address == info.address
    now[0] += 59
    assert not wallet.needs_passphrase()  # use keeps it unlocked
    now[0] += 61
    assert wallet.needs_passphrase()  # idle for over a minute: locked again


def test_file_store_needs_passphrase_and_is_private(tmp_path: Path) -> None:
    store = FileKeyStore(tmp_path / "keystores")
    wallet = Wallet(tmp_path / "h", store)
    with pytest.raises(WalletError, match="need a passphrase"):
        wallet.import_key(key(1))
    info = wallet.import_key(key(1), passphrase=PASS)
    path = store.path(info.address)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert DEV_KEYS[1][2:] not in path.read_text()
    exported = wallet.export_keystore(info.address, Secret("export"), PASS)
    assert decrypt_keystore(exported, Secret("export")) == key(1)
    assert exported["crypto"]["kdfparams"]["n"] == 2**18


def test_keyring_refuses_unsafe_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    from tui.core.wallet import KeyringKeyStore

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    with pytest.raises(WalletError, match="No secure OS keyring") as err:
        KeyringKeyStore()
    assert "AGORA_KEY_STORE=file" in str(err.value)
