"""Content identifiers: CIDv1, raw codec, sha2-256, base32 (``bafkrei…``).

This is exactly what ``ipfs add --cid-version=1`` returns for a file that fits in one block
(up to 256 KiB with Kubo's default chunker), so a CID computed here matches any IPFS node.
"""

from __future__ import annotations

import base64

from tui.core.errors import ContentError

MAX_BLOCK = 256 * 1024
"""Largest body we address as a single raw block (Kubo's default chunk size)."""

_PREFIX = bytes([0x01, 0x55, 0x12, 0x20])  # CIDv1, raw codec, sha2-256, 32-byte digest


def cid_for(data: bytes) -> str:
    """Return the CIDv1 (raw, sha2-256, base32) of ``data``; refuse bodies over one block."""
    if len(data) > MAX_BLOCK:
        raise ContentError(
            f"Content is {len(data):,} bytes; the limit is {MAX_BLOCK:,} bytes (256 KiB).",
            hint="Shorten it, or split a long article into parts.",
        )
    import hashlib  # on first use: OpenSSL's loading is not needed before the first paint

    return cid_from_digest(hashlib.sha256(data).digest())


def cid_from_digest(digest: bytes) -> str:
    raw = _PREFIX + digest
    return "b" + base64.b32encode(raw).decode("ascii").lower().rstrip("=")


def parse_cid(cid: str) -> bytes:
    """Return the sha2-256 digest inside a raw-codec CIDv1, or raise ContentError."""
    if not isinstance(cid, str) or not cid.startswith("b") or len(cid) != 59:
        raise ContentError(f"Not a CIDv1 raw sha2-256 identifier: {cid[:80]!r}")
    body = cid[1:].upper()
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except (ValueError, TypeError):
        raise ContentError(f"Malformed CID: {cid[:80]!r}") from None
    if not raw.startswith(_PREFIX) or len(raw) != len(_PREFIX) + 32:
        raise ContentError(f"Unsupported CID (need CIDv1, raw, sha2-256): {cid[:80]!r}")
    return raw[len(_PREFIX) :]


def is_cid(value: str) -> bool:
    try:
        parse_cid(value)
    except ContentError:
        return False
    return True


def verify(cid: str, data: bytes) -> bool:
    """True when ``data`` hashes to ``cid``: the check every fetched byte must pass."""
    import hashlib

    return hashlib.sha256(data).digest() == parse_cid(cid)
