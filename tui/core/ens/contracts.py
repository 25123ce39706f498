"""The vendored ENS contracts' ABIs: calldata for the calls Agora makes, decoding their answers.

The artifacts under tui/contracts/vendor/ens are ENS's own npm builds (see SOURCE.json there);
Agora's ABI module only knows its own contracts, so ENS calls are encoded here with eth_abi from
the function signatures below, which are checked against the vendored ABIs by the tests.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from tui.core.chain.address import strip0x
from tui.core.errors import ChainError

ARTIFACTS = ("ENSRegistry", "FIFSRegistrar", "PublicResolver", "ReverseRegistrar")
"""The vendored contracts, by artifact name."""

SIGNATURES: dict[str, tuple[str, tuple[str, ...]]] = {
    # registry
    "resolver": ("resolver(bytes32)", ("address",)),
    "owner": ("owner(bytes32)", ("address",)),
    "setSubnodeOwner": ("setSubnodeOwner(bytes32,bytes32,address)", ("bytes32",)),
    "setResolver": ("setResolver(bytes32,address)", ()),
    "setOwner": ("setOwner(bytes32,address)", ()),
    # resolvers
    "addr": ("addr(bytes32)", ("address",)),
    "setAddr": ("setAddr(bytes32,address)", ()),
    "text": ("text(bytes32,string)", ("string",)),
    "setText": ("setText(bytes32,string,string)", ()),
    "name": ("name(bytes32)", ("string",)),
    "setName": ("setName(bytes32,string)", ()),
    "supportsInterface": ("supportsInterface(bytes4)", ("bool",)),
    "multicall": ("multicall(bytes[])", ("bytes[]",)),
    "resolve": ("resolve(bytes,bytes)", ("bytes",)),
    # registrars
    "register": ("register(bytes32,address)", ()),
    "reverseSetName": ("setName(string)", ("bytes32",)),
    "reverseNode": ("node(address)", ("bytes32",)),
    # the Universal Resolver (ENSIP-23 forward, ENSIP-19 reverse)
    "urResolve": ("resolve(bytes,bytes)", ("bytes", "address")),
    "urReverse": ("reverse(bytes,uint256)", ("string", "address", "address")),
    # NFTs (avatars)
    "ownerOf": ("ownerOf(uint256)", ("address",)),
    "balanceOf1155": ("balanceOf(address,uint256)", ("uint256",)),
    "tokenURI": ("tokenURI(uint256)", ("string",)),
    "uri": ("uri(uint256)", ("string",)),
}
"""Function key → (signature, output types). Keys are Agora's; overloads get their own key."""

WILDCARD_INTERFACE = bytes.fromhex("9061b923")
"""ENSIP-10 ``IExtendedResolver`` (``resolve(bytes,bytes)``)."""


@cache
def artifact(name: str) -> dict[str, Any]:
    """A vendored ENS artifact: ``{"abi", "bytecode", "package"}``."""
    if name not in ARTIFACTS:
        raise ChainError(f"Unknown ENS contract {name!r}.")
    ref = resources.files("tui.contracts.vendor.ens") / f"{name}.json"
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return data


def _keccak(data: bytes) -> bytes:
    from eth_hash.auto import keccak

    return bytes(keccak(data))


def selector(key: str) -> bytes:
    return _keccak(SIGNATURES[key][0].encode())[:4]


def _input_types(signature: str) -> list[str]:
    inner = signature[signature.index("(") + 1 : -1]
    return [t for t in inner.split(",") if t]


def encode(key: str, *args: Any) -> str:
    """0x calldata for the function ``key`` (see SIGNATURES)."""
    from eth_abi import encode as abi_encode

    signature = SIGNATURES[key][0]
    return "0x" + (selector(key) + abi_encode(_input_types(signature), list(args))).hex()


def encode_bytes(key: str, *args: Any) -> bytes:
    return bytes.fromhex(encode(key, *args)[2:])


def decode(key: str, data: str | bytes) -> tuple[Any, ...]:
    """Decode the answer to ``key``; strings keep invalid UTF-8 replaced.

    Raises:
        ChainError: the answer does not match the function's outputs (junk from a resolver).
    """
    from eth_abi import decode as abi_decode

    types = list(SIGNATURES[key][1])
    raw = data if isinstance(data, bytes) else bytes.fromhex(strip0x(data))
    try:
        values = abi_decode(["bytes" if t == "string" else t for t in types], raw, strict=False)
    except Exception:
        raise ChainError(f"A contract answered {key} with malformed data.") from None
    out: list[Any] = []
    for kind, value in zip(types, values, strict=True):
        if kind == "string":
            out.append(bytes(value).decode("utf-8", "replace"))
        elif kind == "address":
            from tui.core.chain.address import to_checksum

            out.append(to_checksum(str(value)))
        else:
            out.append(value)
    return tuple(out)


def initcode(name: str, constructor_types: list[str], args: list[Any]) -> str:
    """Creation bytecode of a vendored contract followed by its encoded constructor arguments."""
    from eth_abi import encode as abi_encode

    code = str(artifact(name)["bytecode"])
    return code + abi_encode(constructor_types, args).hex()
