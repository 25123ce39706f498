"""Custom errors in revert data: the name and a plain sentence, not a 4-byte selector.

Solidity contracts (EAS, and any third-party contract Agora vendors) revert with custom errors
such as ``AlreadyRevoked()``: the return data is only ``keccak(signature)[:4]`` and the
arguments. Every ABI shipped inside ``tui/contracts`` (our Vyper artifacts and the vendored
EAS and ENS ones) is read once, on the first revert that needs it, into a selector table, so a
contract added later is covered without a list to maintain. Names with a known meaning get a
sentence a user can act on; others show their name and decoded arguments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

from tui.core.text import clean_line

EXPLAINED = {
    # EAS (@ethereum-attestation-service/eas-contracts) and its SchemaRegistry
    "AccessDenied": "only the attestation's attester can revoke it",
    "AlreadyRevoked": "this attestation is already revoked",
    "AlreadyRevokedOffchain": "this data was already revoked off-chain",
    "AlreadyTimestamped": "this data was already timestamped",
    "AlreadyExists": "this schema is already registered",
    "DeadlineExpired": "the signed request's deadline has passed",
    "InsufficientValue": "the ETH sent does not cover the attestation's value",
    "InvalidAttestation": "the schema's resolver refused this attestation",
    "InvalidAttestations": "the schema's resolver refused these attestations",
    "InvalidExpirationTime": "the expiration time is already in the past",
    "InvalidLength": "the lists passed have different lengths",
    "InvalidNonce": "the signature's nonce is not the next one expected",
    "InvalidRevocation": "the schema's resolver refused this revocation",
    "InvalidRevocations": "the schema's resolver refused these revocations",
    "InvalidSchema": "no such schema is registered on this network",
    "InvalidSignature": "the signature does not match the request",
    "Irrevocable": "this attestation (or its schema) cannot be revoked",
    "NotFound": "no attestation has this uid on this network",
    "NotPayable": "the schema's resolver does not accept ETH",
    "WrongSchema": "the attestation was made under another schema",
}
"""Plain-language sentences for custom errors a user can meet, by error name."""


@dataclass(frozen=True)
class CustomError:
    """One custom error of a shipped ABI."""

    name: str
    types: tuple[str, ...]
    names: tuple[str, ...]


def _canonical(param: dict[str, Any]) -> str:
    kind = str(param.get("type", ""))
    if kind.startswith("tuple"):
        inner = ",".join(_canonical(p) for p in param.get("components", []))
        return f"({inner}){kind[5:]}"
    return kind


def _abis(folder: Traversable) -> list[list[dict[str, Any]]]:
    found: list[list[dict[str, Any]]] = []
    for entry in folder.iterdir():
        if entry.is_dir():
            found.extend(_abis(entry))
        elif entry.name.endswith(".json"):
            try:
                data = json.loads(entry.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            abi = data.get("abi") if isinstance(data, dict) else None
            if isinstance(abi, list):
                found.append([e for e in abi if isinstance(e, dict)])
    return found


@cache
def table() -> dict[str, CustomError]:
    """Selector (8 hex digits, lower case) -> the custom error, over every shipped ABI."""
    from tui.core.chain.abi import keccak

    out: dict[str, CustomError] = {}
    for abi in _abis(resources.files("tui.contracts")):
        for entry in abi:
            if entry.get("type") != "error" or not entry.get("name"):
                continue
            inputs = entry.get("inputs", [])
            types = tuple(_canonical(p) for p in inputs)
            signature = f"{entry['name']}({','.join(types)})"
            selector = keccak(signature.encode()).hex()[:8]
            names = tuple(str(p.get("name", "")) for p in inputs)
            out.setdefault(selector, CustomError(str(entry["name"]), types, names))
    return out


def _arguments(error: CustomError, data: str) -> str:
    if not error.types:
        return ""
    from eth_abi import decode

    try:
        values = decode(list(error.types), bytes.fromhex(data), strict=False)
    except Exception:
        return " (arguments that do not decode)"
    shown = ", ".join(
        f"{name or 'arg'}={clean_line(str(value), 80)}"
        for name, value in zip(error.names, values, strict=True)
    )
    return f" ({shown})"


def describe(body: str) -> str | None:
    """``Name: plain sentence`` (or ``Name (args)``) for revert data ``body`` (hex without
    0x) that starts with a known custom error's selector; None for an unknown selector."""
    error = table().get(body[:8].lower())
    if error is None:
        return None
    sentence = EXPLAINED.get(error.name)
    arguments = _arguments(error, body[8:])
    if sentence is None:
        return f"{error.name}{arguments}"
    return f"{error.name}{arguments}: {sentence}"
