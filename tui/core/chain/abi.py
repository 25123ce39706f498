"""Agora's contract ABIs: call encoding, result decoding, fast event-log decoding, revert reasons.

Built on the committed artifacts (tui/contracts/artifacts/*.json) and eth_abi, never web3.
Importing this module is cheap: eth_abi (~150 ms) loads on the first encode/decode that needs
it, and the log decoder handles our event shapes by hand from a table built once at import.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from tui.core.chain.address import checksum_hex40 as _checksum
from tui.core.chain.address import offer_keccak, use_keccak
from tui.core.chain.address import strip0x as _strip0x
from tui.core.chain.address import to_checksum as to_checksum  # re-exported for callers
from tui.core.chain.keccak import keccak256
from tui.core.errors import ChainError
from tui.core.text import clean_line


@cache
def _fast_keccak() -> Callable[[bytes], bytes]:
    """eth_hash's C-backed Keccak, loaded on first use (eth_hash, pycryptodome and cffi take
    20-45 ms to import, and a sync needs only the event topics and a few checksums, which the
    pure-Python Keccak computes in less)."""
    from eth_hash.auto import keccak as fast

    use_keccak(fast)  # address checksums switch to the C backend too
    return fast


def keccak(data: bytes) -> bytes:
    """Keccak-256 (the C backend)."""
    return _fast_keccak()(data)


offer_keccak(_fast_keccak)  # many distinct addresses to checksum: load the C backend then

CONTRACTS = ("Social", "Articles")
"""The base contracts whose events every index holds; the names of their artifacts. The
contracts of extensions (communities, rounds, …) have artifacts beside them and their own
event decoders (``EventDecoder``)."""


@cache
def _artifact(name: str) -> dict[str, Any]:
    ref = resources.files("tui.contracts") / "artifacts" / f"{name}.json"
    if not name.isidentifier() or not ref.is_file():
        raise ChainError(f"Unknown contract {name!r}: tui/contracts/artifacts has no {name}.json.")
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return data


def load_abi(name: str) -> list[dict[str, Any]]:
    """The ABI of ``name`` ("Social", "Articles", or an extension's contract) from its
    committed artifact."""
    abi: list[dict[str, Any]] = _artifact(name)["abi"]
    return abi


def bytecode(name: str) -> str:
    """The 0x-prefixed creation bytecode of ``name`` (no constructor arguments needed)."""
    code: str = _artifact(name)["bytecode"]
    return code if code.startswith("0x") else "0x" + code


def _canonical_type(param: dict[str, Any]) -> str:
    kind: str = param["type"]
    if kind.startswith("tuple"):
        inner = ",".join(_canonical_type(c) for c in param["components"])
        return f"({inner}){kind[5:]}"
    return kind


def signature(entry: dict[str, Any]) -> str:
    """``name(type,...)`` of an ABI function or event entry."""
    types = ",".join(_canonical_type(p) for p in entry.get("inputs", []))
    return f"{entry['name']}({types})"


def _function(contract: str, fn: str, nargs: int | None) -> dict[str, Any]:
    matches = [e for e in load_abi(contract) if e.get("type") == "function" and e.get("name") == fn]
    if nargs is not None and len(matches) > 1:
        matches = [e for e in matches if len(e.get("inputs", [])) == nargs]
    if not matches:
        raise ChainError(f"{contract} has no function {fn!r} taking {nargs} argument(s).")
    return matches[0]


def selector(contract: str, fn: str, nargs: int | None = None) -> str:
    """The 4-byte selector (0x hex) of ``contract.fn``."""
    return "0x" + keccak(signature(_function(contract, fn, nargs)).encode())[:4].hex()


def encode_call(contract: str, fn: str, args: list[Any]) -> str:
    """0x calldata for ``contract.fn(*args)``; overloads are told apart by argument count.

    Raises:
        ChainError: unknown function, or arguments that do not fit the ABI types.
    """
    from eth_abi import encode

    entry = _function(contract, fn, len(args))
    types = [_canonical_type(p) for p in entry.get("inputs", [])]
    if len(types) != len(args):
        raise ChainError(f"{contract}.{fn} takes {len(types)} argument(s), got {len(args)}.")
    try:
        encoded = encode(types, list(args))
    except Exception as exc:  # eth_abi raises several unrelated types
        raise ChainError(
            f"Invalid arguments for {contract}.{fn}: {clean_line(str(exc), 200)}"
        ) from None
    return "0x" + keccak(signature(entry).encode())[:4].hex() + encoded.hex()


def function_types(signature_text: str) -> list[str]:
    """The argument types of ``name(type,...)`` (tuples and arrays included)."""
    from eth_abi.grammar import parse

    try:
        start = signature_text.index("(")
        if signature_text[start:] == "()":
            return []
        parsed = parse(signature_text[start:])
        return [c.to_type_str() for c in parsed.components]
    except Exception:
        raise ChainError(f"Not a function signature: {clean_line(signature_text, 120)!r}") from None


def encode_signature(signature_text: str, args: list[Any]) -> str:
    """0x calldata for the function ``name(type,...)`` with ``args``, with no ABI file: for
    calls to contracts whose ABI is vendored or that only the calling module knows.

    Raises:
        ChainError: a malformed signature, or arguments that do not fit its types.
    """
    from eth_abi import encode

    types = function_types(signature_text)
    if len(types) != len(args):
        raise ChainError(f"{signature_text} takes {len(types)} argument(s), got {len(args)}.")
    try:
        encoded = encode(types, list(args))
    except Exception as exc:
        raise ChainError(
            f"Invalid arguments for {signature_text}: {clean_line(str(exc), 200)}"
        ) from None
    name = signature_text[: signature_text.index("(")]
    canonical = f"{name}({','.join(types)})"
    return "0x" + keccak(canonical.encode())[:4].hex() + encoded.hex()


def decode_result(contract: str, fn: str, data_hex: str) -> tuple[Any, ...]:
    """Decode the return data of an ``eth_call`` to ``contract.fn`` (strings: invalid UTF-8 replaced).

    Raises:
        ChainError: the data does not match the function's outputs.
    """
    from eth_abi import decode

    entry = _function(contract, fn, None)
    types = [_canonical_type(p) for p in entry.get("outputs", [])]
    try:
        raw = bytes.fromhex(_strip0x(data_hex))
        # Strings decode as bytes first: eth_abi refuses invalid UTF-8, we replace it.
        values = decode(["bytes" if t == "string" else t for t in types], raw, strict=False)
    except Exception:
        raise ChainError(f"The node returned malformed data for {contract}.{fn}.") from None
    return tuple(_fix_decoded(t, v) for t, v in zip(types, values, strict=True))


def _fix_decoded(kind: str, value: Any) -> Any:
    if kind == "address":
        return _checksum(value[2:] if isinstance(value, str) else value.hex())
    if kind == "string" and isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


# --- event logs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DecodedEvent:
    """One of our contracts' events, decoded from a raw ``eth_getLogs`` entry.

    Addresses are checksummed, integers are ``int``, strings are decoded with invalid UTF-8
    replaced (not sanitised: pass them through tui.core.text before showing them).
    """

    name: str
    args: dict[str, Any]
    address: str
    block_number: int
    block_hash: str
    tx_hash: str
    log_index: int
    removed: bool


@dataclass(frozen=True, slots=True)
class _EventShape:
    name: str
    indexed: tuple[tuple[str, str], ...]
    data: tuple[tuple[str, str], ...]


def _build_event_table(
    abis: list[list[dict[str, Any]]],
) -> tuple[dict[str, str], dict[str, _EventShape]]:
    topics: dict[str, str] = {}
    shapes: dict[str, _EventShape] = {}
    for abi in abis:
        for entry in abi:
            if entry.get("type") != "event" or entry.get("anonymous"):
                continue
            topic = "0x" + keccak256(signature(entry).encode()).hex()  # a few, at import
            topics.setdefault(entry["name"], topic)
            shapes[topic] = _EventShape(
                name=entry["name"],
                indexed=tuple(
                    (p["name"], _canonical_type(p)) for p in entry["inputs"] if p.get("indexed")
                ),
                data=tuple(
                    (p["name"], _canonical_type(p)) for p in entry["inputs"] if not p.get("indexed")
                ),
            )
    return topics, shapes


EVENT_TOPICS, _SHAPES = _build_event_table([load_abi(c) for c in CONTRACTS])
"""Event name -> topic0 (lowercase 0x hex), for Social, Articles and their ERC-721 events."""


class _Malformed(Exception):
    pass


def _word_value(kind: str, word: str) -> Any:
    """Decode one 64-hex-digit static word (topic or head slot)."""
    if len(word) != 64:
        raise _Malformed
    if kind.startswith("uint"):
        return int(word, 16)
    if kind == "address":
        if word[:24].strip("0"):
            raise _Malformed
        return _checksum(word[24:])
    if kind == "bool":
        return int(word, 16) != 0
    if kind.startswith("bytes") and kind != "bytes":
        return bytes.fromhex(word)[: int(kind[5:])]
    if kind.startswith("int"):
        value = int(word, 16)
        return value - (1 << 256) if value >> 255 else value
    # Indexed dynamic values (strings, bytes) are stored as their keccak hash.
    return "0x" + word


def _decode_data(shape: _EventShape, data: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for slot, (name, kind) in enumerate(shape.data):
        word = data[slot * 64 : slot * 64 + 64]
        if kind in ("string", "bytes"):
            offset = int(word, 16) * 2 if len(word) == 64 else -1
            if offset < 0 or offset + 64 > len(data):
                raise _Malformed
            length = int(data[offset : offset + 64], 16) * 2
            start = offset + 64
            if start + length > len(data):
                raise _Malformed
            raw = bytes.fromhex(data[start : start + length])
            out[name] = raw.decode("utf-8", "replace") if kind == "string" else raw
        else:
            out[name] = _word_value(kind, word)
    return out


def decode_log(log: dict[str, Any]) -> DecodedEvent | None:
    """Decode a raw ``eth_getLogs`` entry from one of our contracts.

    Returns None for topics we do not know and for logs whose data does not match the event's
    shape (a lying node must not take down the indexer). Callers filter by contract address.
    """
    return _decode_with(_SHAPES, log)


class EventDecoder:
    """Decodes the logs of one ABI (an extension's contract, or a vendored third-party one)
    with the same hand-written, forgiving decoder as the base contracts."""

    def __init__(self, abi: list[dict[str, Any]]) -> None:
        self.topics, self._shapes = _build_event_table([abi])
        """Event name -> topic0 of this ABI."""

    def decode(self, log: dict[str, Any]) -> DecodedEvent | None:
        """Like ``decode_log``: None for unknown topics and malformed logs."""
        return _decode_with(self._shapes, log)


def _decode_with(shapes: dict[str, _EventShape], log: dict[str, Any]) -> DecodedEvent | None:
    topics = log.get("topics") or []
    if not topics:
        return None
    shape = shapes.get(str(topics[0]).lower())
    if shape is None or len(topics) != len(shape.indexed) + 1:
        return None
    try:
        args: dict[str, Any] = {}
        for (name, kind), topic in zip(shape.indexed, topics[1:], strict=True):
            args[name] = _word_value(kind, _strip0x(topic))
        if shape.data:
            args.update(_decode_data(shape, _strip0x(log.get("data") or "0x")))
        return DecodedEvent(
            name=shape.name,
            args=args,
            address=to_checksum(log["address"]),
            block_number=_int(log.get("blockNumber")),
            block_hash=str(log.get("blockHash") or ""),
            tx_hash=str(log.get("transactionHash") or ""),
            log_index=_int(log.get("logIndex")),
            removed=bool(log.get("removed", False)),
        )
    except (_Malformed, ValueError, KeyError, TypeError, ChainError):
        return None


def _int(value: Any) -> int:
    if isinstance(value, int):
        return value
    if value is None:
        return -1  # pending logs have no block yet
    return int(str(value), 16)


# --- revert reasons --------------------------------------------------------------------------

_ERROR_SELECTOR = "08c379a0"  # Error(string)
_PANIC_SELECTOR = "4e487b71"  # Panic(uint256)
_PANICS = {
    0x00: "generic compiler panic",
    0x01: "assertion failed",
    0x11: "arithmetic overflow or underflow",
    0x12: "division or modulo by zero",
    0x21: "invalid enum value",
    0x22: "invalid storage byte array",
    0x31: "pop on an empty array",
    0x32: "array index out of bounds",
    0x41: "out of memory",
    0x51: "call to an uninitialised function",
}


def decode_revert(data_hex: str | None) -> str:
    """Readable text for a revert's return data: Error(string), Panic(uint256) or a custom error
    (its name and a plain sentence when its ABI is shipped: ``tui.core.chain.custom_errors``).

    The text comes from a contract, so it is sanitised to one short line.
    """
    body = _strip0x(data_hex or "").lower()
    if not body:
        return "reverted without a reason"
    try:
        if body.startswith(_ERROR_SELECTOR):
            shape = _EventShape("Error", (), (("reason", "string"),))
            reason = _decode_data(shape, body[8:])["reason"]
            return clean_line(str(reason), 200) or "reverted without a reason"
        if body.startswith(_PANIC_SELECTOR):
            code = int(body[8:72], 16)
            return f"panic: {_PANICS.get(code, 'code')} (0x{code:02x})"
    except (_Malformed, ValueError):
        return "reverted with malformed data"
    from tui.core.chain.custom_errors import describe

    named = describe(body)  # a custom error of a contract whose ABI Agora ships
    return named if named is not None else f"reverted with custom error 0x{body[:8]}"


def revert_reason(error: Exception) -> str | None:
    """The decoded revert reason carried by an RpcError from eth_call/eth_estimateGas, if any.

    Nodes put the revert data in ``error.data`` (a hex string, or a dict with a ``data`` key).
    """
    data = getattr(error, "data", None)
    if isinstance(data, dict):
        data = data.get("data")
    if isinstance(data, str) and data.startswith("0x"):
        return decode_revert(data)
    return None
