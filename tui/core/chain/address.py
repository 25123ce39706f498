"""EIP-55 address checksums, cheap to import.

The index, the account list and the timeline views normalise addresses before the first paint,
so this module must not load the C Keccak backend. It hashes with the pure-Python Keccak until
``tui.core.chain.abi`` (imported for syncing, signing and decoding, all after the first paint)
installs the fast backend with :func:`use_keccak`. Both give the same digest; only speed differs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from tui.core.chain.keccak import keccak256
from tui.core.errors import ChainError
from tui.core.text import clean_line

_keccak: Callable[[bytes], bytes] = keccak256
_HEX40 = re.compile(r"[0-9a-fA-F]{40}")
_loader: Callable[[], Callable[[bytes], bytes]] | None = None
_slow = 0
SLOW_CHECKSUMS = 16
"""Checksums computed in pure Python before an offered fast backend is loaded: a sync of
posts from a handful of authors never needs it, one from thousands would crawl without it."""


def use_keccak(fast: Callable[[bytes], bytes]) -> None:
    """Hash with ``fast`` from now on (the ABI module passes eth_hash's C-backed Keccak)."""
    global _keccak
    _keccak = fast


def offer_keccak(loader: Callable[[], Callable[[bytes], bytes]]) -> None:
    """Load the fast backend with ``loader`` once more than ``SLOW_CHECKSUMS`` are needed."""
    global _loader
    _loader = loader


@lru_cache(maxsize=65536)
def checksum_hex40(hex40: str) -> str:
    """EIP-55 checksum of 40 hex digits (cached: a timeline has few distinct addresses)."""
    global _slow
    if _keccak is keccak256 and _loader is not None:
        _slow += 1
        if _slow > SLOW_CHECKSUMS:
            use_keccak(_loader())
    lower = hex40.lower()
    digest = _keccak(lower.encode()).hex()
    return "0x" + "".join(
        c.upper() if c.isalpha() and int(d, 16) >= 8 else c
        for c, d in zip(lower, digest[:40], strict=True)
    )


def to_checksum(address: str) -> str:
    """The EIP-55 form of a 0x address (raises ChainError when it is not 20 bytes of hex)."""
    body = strip0x(address)
    if not _HEX40.fullmatch(body):  # not int(body, 16): it takes "0x", "_", spaces, ٠-digits
        raise ChainError(f"{clean_line(address, 60)!r} is not an address.")
    return checksum_hex40(body)


def strip0x(value: str) -> str:
    """``value`` without a leading 0x/0X."""
    return value[2:] if value[:2] in ("0x", "0X") else value
