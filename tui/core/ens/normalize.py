"""ENSIP-15 names: normalise what a user or a record says, then hash it the way ENS does.

Normalisation (``ens-normalize``, the reference implementation of ENSIP-15) rejects mixed-script
confusables, disallowed characters and empty labels. Agora is stricter than ENS in one place: a
name a user types may not carry invisible characters (ENSIP-15 silently drops some, e.g. U+200B),
so a pasted ``ad\u200ba.eth`` is refused instead of quietly becoming a different name.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from tui.core.errors import UsageError
from tui.core.text import clean_line

MAX_NAME_CHARS = 255
"""Longest name accepted, in characters (DNS wire format caps a name at 255 bytes)."""
MAX_LABEL_BYTES = 255
"""Longest label, in UTF-8 bytes (DNS-encoded names give a label one length byte)."""
ZERO_NODE = bytes(32)


class InvalidName(UsageError):
    """A name is not a valid, normalised ENS name."""

    code = "invalid_name"


def _keccak(data: bytes) -> bytes:
    from eth_hash.auto import keccak

    return bytes(keccak(data))


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp") or ch in "\u034f\u115f\u1160"


@lru_cache(maxsize=8192)
def normalize(name: str) -> str:
    """The ENSIP-15 normalised form of ``name``.

    Raises:
        InvalidName: too long, invisible or control characters, or not normalisable (confusable
            scripts, disallowed characters, empty labels); the message says which.
    """
    if not name or not name.strip():
        raise InvalidName("An ENS name cannot be empty.")
    if len(name) > MAX_NAME_CHARS:
        raise InvalidName(f"An ENS name can have at most {MAX_NAME_CHARS} characters.")
    shown = clean_line(name, 60)
    if any(_invisible(ch) for ch in name if ch != "\u200d"):
        raise InvalidName(f"{shown!r} contains invisible or control characters.")
    from ens_normalize import DisallowedSequence, ens_normalize

    try:
        normal: str = ens_normalize(name)
    except DisallowedSequence as exc:
        reason = clean_line(str(exc), 120)
        raise InvalidName(f"{shown!r} is not a valid ENS name: {reason}.") from None
    labels = normal.split(".")
    if any(not label for label in labels):
        raise InvalidName(f"{shown!r} has an empty label.")
    if any(len(label.encode()) > MAX_LABEL_BYTES for label in labels):
        raise InvalidName(f"{shown!r} has a label longer than {MAX_LABEL_BYTES} bytes.")
    return normal


def is_normalized(name: str) -> bool:
    """True when ``name`` is already in normalised form (how a reverse record must be stored)."""
    try:
        return normalize(name) == name
    except InvalidName:
        return False


def looks_like_name(text: str) -> bool:
    """True when ``text`` is meant as a name rather than an address: it has a dot, no 0x."""
    stripped = text.strip()
    return "." in stripped and not stripped.lower().startswith("0x")


def labelhash(label: str) -> bytes:
    return _keccak(label.encode("utf-8"))


@lru_cache(maxsize=8192)
def namehash(name: str) -> bytes:
    """EIP-137 namehash of an already normalised name ("" is the root)."""
    node = ZERO_NODE
    if name:
        for label in reversed(name.split(".")):
            node = _keccak(node + labelhash(label))
    return node


def dns_encode(name: str) -> bytes:
    """DNS wire format of a normalised name (ENSIP-10 ``resolve(bytes,bytes)`` takes it)."""
    out = bytearray()
    for label in name.split("."):
        raw = label.encode("utf-8")
        if len(raw) > 255:
            raise InvalidName("A label is too long for DNS encoding.")
        out.append(len(raw))
        out += raw
    out.append(0)
    return bytes(out)


def reverse_name(address: str) -> str:
    """``<hex>.addr.reverse``: where an address's primary name is recorded (ENSIP-3)."""
    body = address[2:] if address[:2] in ("0x", "0X") else address
    return f"{body.lower()}.addr.reverse"


def beautify(name: str) -> str:
    """The display form of a normalised name (emoji presentation restored)."""
    from ens_normalize import ens_beautify

    try:
        shown: str = ens_beautify(name)
    except Exception:
        return name
    return shown
