"""A failure deep inside every path that touches a key or passphrase never shows the secret.

Textual's crash screen renders a rich traceback with the locals of every frame (library frames
included), and the CLI writes ``traceback.format_exception`` to AGORA_HOME/logs/crash.log. Both
are rendered here for a failure injected at the innermost crypto primitive of each path.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import pytest
import rich
from rich.console import Console
from rich.traceback import Traceback

from tests.conftest import DEV_KEYS
from tui.core.wallet import FakeKeyStore, Secret, Wallet
from tui.core.wallet.keystore import address_of, decrypt_keystore, encrypt_key
from tui.core.wallet.signer import Signer

KEY_HEX = DEV_KEYS[2][2:]
KEY = bytes.fromhex(KEY_HEX)
PASSPHRASE = "p4ssphrase-that-must-not-leak"
MNEMONIC = "test test test test test test test test test test test junk"
TX = {
    "type": 2, "chainId": 31337, "nonce": 0, "gas": 21000, "maxFeePerGas": 10**9,
    "maxPriorityFeePerGas": 1, "to": "0x" + "11" * 20, "value": 0, "data": "0x",
}  # fmt: skip


def _crash_renderings(exc: BaseException) -> list[str]:
    """The crash screen (rich traceback with locals, as Textual renders it) and the crash log."""
    console = Console(record=True, width=160, color_system=None)
    console.print(
        Traceback.from_exception(
            type(exc), exc, exc.__traceback__, show_locals=True, locals_max_length=5,
            suppress=[rich], width=None,
        )
    )  # fmt: skip
    return [console.export_text(), "".join(traceback.format_exception(exc)), str(exc), repr(exc)]


def assert_no_secret(text: str, *secrets: str) -> None:
    low = text.lower()
    for i in range(0, len(KEY_HEX) - 15):
        assert KEY_HEX[i : i + 16] not in low, "a 16-hex piece of the key leaked"
    assert repr(KEY)[2:18] not in text, "the key's bytes repr leaked"
    for s in (PASSPHRASE, MNEMONIC, *secrets):
        assert s not in text


def _break(monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    """Make a library primitive unusable, so the failure happens inside the library's frame."""
    monkeypatch.setattr(target, None, raising=True)


def _wallet() -> Wallet:
    from tui.core.config.paths import data_dir

    home = data_dir()
    home.mkdir(parents=True, exist_ok=True)
    return Wallet(home / "accounts.json", FakeKeyStore())


PATHS: dict[str, tuple[str, Callable[[], Any]]] = {
    "sign": (
        "eth_account.account.sign_transaction_dict",
        lambda: Signer("0x" + "00" * 20, Secret(KEY)).sign(dict(TX)),
    ),
    "address_of": (
        "eth_account.account.Account._parse_private_key",
        lambda: address_of(Secret(KEY)),
    ),
    "encrypt": (
        "eth_keyfile.keyfile._create_v3_keyfile_json",
        lambda: encrypt_key(Secret(KEY), Secret(PASSPHRASE), n=2**4),
    ),
    "import_key_with_passphrase": (
        "eth_keyfile.keyfile._create_v3_keyfile_json",
        lambda: _wallet().import_key(Secret(KEY), "x", Secret(PASSPHRASE)),
    ),
    "import_mnemonic": (
        "eth_account.account.key_from_seed",
        lambda: _wallet().import_mnemonic(Secret(MNEMONIC), "m"),
    ),
    "unlock_keystore": (
        "eth_keyfile.keyfile._decode_keyfile_json_v3",
        lambda: decrypt_keystore(
            encrypt_key(Secret(KEY), Secret(PASSPHRASE), n=2**4), Secret(PASSPHRASE)
        ),
    ),
}


@pytest.mark.parametrize("path", sorted(PATHS))
def test_failure_inside_secret_path_shows_no_secret(
    path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target, run = PATHS[path]
    if path == "unlock_keystore":
        blob = encrypt_key(Secret(KEY), Secret(PASSPHRASE), n=2**4)
        run = lambda: decrypt_keystore(blob, Secret(PASSPHRASE))  # noqa: E731
    _break(monkeypatch, target)
    with pytest.raises(Exception) as info:
        run()
    for text in _crash_renderings(info.value):
        assert_no_secret(text)
