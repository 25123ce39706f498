"""Keccak-256 in pure Python, for the few hashes needed before the first paint.

Checksumming the active account and the contract addresses is all the start-up path hashes,
and loading the C backend (``eth_hash`` → pycryptodome → cffi) costs more than the first
paint's whole budget. This implementation is slow (about a millisecond per block) and is only
used until ``tui.core.chain.abi`` loads the fast one; tests check both agree.
"""

from __future__ import annotations

_MASK = (1 << 64) - 1
_RATE = 136  # bytes: 1600-bit state minus a 512-bit capacity


def _round_constants() -> tuple[int, ...]:
    """The 24 iota constants, from the spec's degree-8 LFSR (x^8 + x^6 + x^5 + x^4 + 1)."""
    state = 1
    bits: list[int] = []
    for _ in range(7 * 24):
        bits.append(state & 1)
        state <<= 1
        if state & 0x100:
            state ^= 0x171
    constants = []
    for rnd in range(24):
        value = 0
        for j in range(7):
            if bits[7 * rnd + j]:
                value |= 1 << ((1 << j) - 1)
        constants.append(value)
    return tuple(constants)


def _rotations() -> tuple[int, ...]:
    """rho offsets indexed by x + 5y, from the spec's (x, y) -> (y, 2x + 3y) walk."""
    offsets = [0] * 25
    x, y = 1, 0
    for t in range(24):
        offsets[x + 5 * y] = ((t + 1) * (t + 2) // 2) % 64
        x, y = y, (2 * x + 3 * y) % 5
    return tuple(offsets)


_RC = _round_constants()
_ROT = _rotations()
_PI = tuple((y + 5 * ((2 * x + 3 * y) % 5)) for y in range(5) for x in range(5))
"""Destination lane of pi for each source lane, in the same order as the loop below."""


def _rotl(value: int, shift: int) -> int:
    return ((value << shift) | (value >> (64 - shift))) & _MASK if shift else value


def _permute(lanes: list[int]) -> None:
    """Keccak-f[1600] in place; ``lanes[x + 5y]`` is lane (x, y)."""
    for rc in _RC:
        c = [
            lanes[x] ^ lanes[x + 5] ^ lanes[x + 10] ^ lanes[x + 15] ^ lanes[x + 20]
            for x in range(5)
        ]
        d = [c[(x - 1) % 5] ^ _rotl(c[(x + 1) % 5], 1) for x in range(5)]
        b = [0] * 25
        for i in range(25):  # theta's column parity, then rho and pi, lane by lane
            b[_PI[i]] = _rotl(lanes[i] ^ d[i % 5], _ROT[i])
        for y in range(0, 25, 5):
            row = b[y : y + 5]
            for x in range(5):
                lanes[y + x] = row[x] ^ (~row[(x + 1) % 5] & row[(x + 2) % 5])
        lanes[0] ^= rc


def keccak256(data: bytes) -> bytes:
    """Keccak-256 as Ethereum uses it (the original padding, not SHA3-256's)."""
    padded = bytearray(data)
    padded.append(0x01)
    padded.extend(b"\x00" * (-len(padded) % _RATE))
    padded[-1] |= 0x80
    lanes = [0] * 25
    for start in range(0, len(padded), _RATE):
        block = padded[start : start + _RATE]
        for i in range(_RATE // 8):
            lanes[i] ^= int.from_bytes(block[8 * i : 8 * i + 8], "little")
        _permute(lanes)
    return b"".join(lane.to_bytes(8, "little") for lane in lanes[:4])
