"""The pure-Python Keccak and the address checksums built on it (used before the first paint)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from eth_hash.auto import keccak
from hypothesis import given
from hypothesis import strategies as st

from tui.core.chain import address
from tui.core.chain.keccak import keccak256
from tui.core.errors import ChainError

EIP55 = [  # the examples in EIP-55 itself
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]


def test_known_digests() -> None:
    assert keccak256(b"").hex() == (
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    )
    assert keccak256(b"abc").hex() == (
        "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
    )
    # A selector every ERC-20 tool knows: transfer(address,uint256).
    assert keccak256(b"transfer(address,uint256)")[:4].hex() == "a9059cbb"


@given(st.binary(max_size=700))
def test_agrees_with_the_c_backend(data: bytes) -> None:
    """Every length class: under one block, exactly a block (136 bytes), several blocks."""
    assert keccak256(data) == keccak(data)


@pytest.mark.parametrize("length", [135, 136, 137, 271, 272, 273])
def test_block_boundaries(length: int) -> None:
    data = bytes(range(256)) * 2
    assert keccak256(data[:length]) == keccak(data[:length])


@pytest.mark.parametrize("expected", EIP55)
def test_checksums_with_either_hash(expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for hasher in (keccak256, keccak):
        monkeypatch.setattr(address, "_keccak", hasher)
        address.checksum_hex40.cache_clear()
        assert address.to_checksum(expected.lower()) == expected
        assert address.to_checksum("0X" + expected[2:].upper()) == expected
    address.checksum_hex40.cache_clear()


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "0x",
        "0x1234",
        "0x" + "g" * 40,
        "0x" + "1" * 41,
        "0x" + "\u0660" * 40,  # Arabic-Indic digits: int(…, 16) accepts them
        "0x0x" + "ab" * 19,  # a second prefix
        "0x " + "a" * 38 + " ",  # padding
        "0x" + "a_" * 20,  # digit separators
    ],
)
def test_rejects_what_is_not_an_address(bad: str) -> None:
    with pytest.raises(ChainError, match="is not an address"):
        address.to_checksum(bad)


def test_index_views_do_not_load_the_c_backend() -> None:
    """The first paint reads the index; the Keccak C backend (and cffi) must not load for it."""
    code = (
        "import sys; import tui.core.index.service, tui.core.index.views;"
        "from tui.core.chain.address import to_checksum;"
        "to_checksum('0x' + 'ab' * 20);"
        "print(sorted(m for m in ('eth_hash', 'Crypto', 'cffi', 'eth_abi') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_c_backend_loads_when_many_addresses_need_it() -> None:
    """A sync imports the log decoder and checksums its authors: a few of them are hashed in
    pure Python (eth_hash, pycryptodome and cffi cost more to import), many load the C backend."""
    code = (
        "import sys; import tui.core.chain.abi;"
        "from tui.core.chain.address import to_checksum;"
        "[to_checksum('0x%040x' % i) for i in range(5)];"
        "print('eth_hash' in sys.modules);"
        "[to_checksum('0x%040x' % i) for i in range(100)];"
        "print('eth_hash' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
