"""A wrapper that keeps keys and passphrases out of reprs, logs, tracebacks and crash screens."""

from __future__ import annotations

import hmac
from typing import NoReturn

REDACTED = "Secret(<redacted>)"


class Secret:
    """Holds secret bytes; ``repr``/``str``/``format`` never show them.

    Textual's crash screen and rich tracebacks print the locals of failing frames, so every key
    and passphrase travels inside a Secret and is only revealed at the call that needs it
    (``secret.reveal()`` passed straight into the library call, never bound to a local name).
    """

    __slots__ = ("_value",)

    def __init__(self, value: bytes | bytearray | str) -> None:
        raw = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        self._value = bytearray(raw)

    @classmethod
    def from_hex_key(cls, text: str) -> Secret:
        """A private key given as (0x-)hex text; raises ValueError without echoing the input."""
        body = text.strip()
        body = body[2:] if body[:2].lower() == "0x" else body
        if len(body) != 64:
            raise ValueError("A private key is 64 hexadecimal characters (32 bytes).")
        try:
            return cls(bytes.fromhex(body))
        except ValueError:
            raise ValueError("A private key is 64 hexadecimal characters (32 bytes).") from None

    def reveal(self) -> bytes:
        """The secret bytes. Pass the result straight to the call that needs it."""
        return bytes(self._value)

    def reveal_text(self) -> str:
        """The secret as text (passphrases, mnemonics)."""
        return self._value.decode("utf-8")

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(bytes(self._value), bytes(other._value))

    def __hash__(self) -> int:
        return id(self)

    def wipe(self) -> None:
        """Overwrite the bytes in place (best effort: Python may hold other copies)."""
        for i in range(len(self._value)):
            self._value[i] = 0
        self._value = bytearray()

    def __repr__(self) -> str:
        return REDACTED

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return REDACTED

    def __reduce__(self) -> NoReturn:
        raise TypeError("A Secret cannot be pickled or copied to disk.")

    def __getstate__(self) -> NoReturn:
        raise TypeError("A Secret cannot be pickled or copied to disk.")
