"""The EAS contracts' calls and records, from the vendored ABI (tui/contracts/eas).

About forty lines of eth_abi instead of an SDK: the calls Agora makes are ``register``,
``attest``, ``revoke`` and ``getAttestation``. An attestation's data is not in its event, so
the indexer reads the record with ``getAttestation`` (batched) and checks it here: a record
that does not decode is reported as invalid, never raised.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from eth_hash.auto import keccak

from tui.core.chain.address import checksum_hex40, strip0x
from tui.core.errors import ChainError
from tui.core.text import clean_line

ZERO_UID = "0x" + "00" * 32
ZERO_ADDRESS = "0x" + "00" * 20
OP_STACK_REGISTRY = "0x4200000000000000000000000000000000000020"
"""SchemaRegistry's predeploy address on OP Stack chains (Optimism, Base); the devnet uses it."""
OP_STACK_EAS = "0x4200000000000000000000000000000000000021"
"""EAS's predeploy address on OP Stack chains; the devnet places EAS here too."""

_ATTESTATION = "(bytes32,bytes32,uint64,uint64,uint64,bytes32,address,address,bool,bytes)"
_ATTEST_REQUEST = "(bytes32,(address,uint64,bool,bytes32,bytes,uint256))"
_REVOKE_REQUEST = "(bytes32,(bytes32,uint256))"
ATTEST = f"attest({_ATTEST_REQUEST})"
REVOKE = f"revoke({_REVOKE_REQUEST})"
REGISTER = "register(string,address,bool)"
GET_ATTESTATION = "getAttestation(bytes32)"
GET_SCHEMA = "getSchema(bytes32)"
_GET_ATTESTATION_SELECTOR = keccak(b"getAttestation(bytes32)")[:4].hex()
ATTESTED_TOPIC = "0x" + keccak(b"Attested(address,address,bytes32,bytes32)").hex()
REVOKED_TOPIC = "0x" + keccak(b"Revoked(address,address,bytes32,bytes32)").hex()


@cache
def artifact(name: str) -> dict[str, Any]:
    """The vendored artifact ``name`` ("EAS" or "SchemaRegistry"): ``abi`` and ``bytecode``."""
    if name not in ("EAS", "SchemaRegistry"):
        raise ChainError(f"No vendored EAS artifact {name!r}.")
    ref = resources.files("tui.contracts.eas") / f"{name}.json"
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return data


def selector(function: str) -> str:
    return keccak(function.encode())[:4].hex()


def encode(function: str, args: list[Any]) -> str:
    """0x calldata for ``function`` (a canonical signature) with ``args``."""
    from eth_abi import encode as abi_encode

    types = _split(function[function.index("(") + 1 : -1])
    try:
        body = abi_encode(types, args)
    except Exception as exc:  # eth_abi raises several unrelated types
        raise ChainError(f"Invalid arguments for {function}: {clean_line(str(exc), 200)}") from None
    return "0x" + selector(function) + body.hex()


def _split(types: str) -> list[str]:
    """Top-level comma split of an ABI type list (tuples kept whole)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(types):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            out.append(types[start:i])
            start = i + 1
    if types:
        out.append(types[start:])
    return out


def schema_uid(schema: str, resolver: str = ZERO_ADDRESS, revocable: bool = True) -> str:
    """The UID SchemaRegistry gives a schema: keccak256(abi.encodePacked(schema, resolver, revocable))."""
    packed = schema.encode() + bytes.fromhex(strip0x(resolver)) + bytes([int(revocable)])
    return "0x" + keccak(packed).hex()


def attest_data(
    schema: str,
    recipient: str,
    data: bytes,
    *,
    ref_uid: str = ZERO_UID,
    expiration: int = 0,
    revocable: bool = True,
) -> str:
    """Calldata of ``EAS.attest`` for one attestation paying no value."""
    request = (
        bytes.fromhex(strip0x(schema)),
        (recipient, expiration, revocable, bytes.fromhex(strip0x(ref_uid)), data, 0),
    )
    return encode(ATTEST, [request])


def revoke_data(schema: str, uid: str) -> str:
    """Calldata of ``EAS.revoke`` for one of the sender's own attestations."""
    return encode(REVOKE, [(bytes.fromhex(strip0x(schema)), (bytes.fromhex(strip0x(uid)), 0))])


def register_data(schema: str, resolver: str = ZERO_ADDRESS, revocable: bool = True) -> str:
    return encode(REGISTER, [schema, resolver, revocable])


@dataclass(frozen=True, slots=True)
class Attestation:
    """An EAS record as ``getAttestation`` returns it (addresses checksummed, uids 0x hex)."""

    uid: str
    schema: str
    time: int
    expiration: int
    revocation: int
    """``revocationTime``: non-zero once revoked (the record stays, EAS keeps it forever)."""
    ref_uid: str
    recipient: str
    attester: str
    revocable: bool
    data: bytes


def decode_attestation(result_hex: str) -> Attestation | None:
    """The record in an ``eth_call`` answer, or None when it is malformed or empty (no such uid).

    Decoded by hand (the layout is fixed: an offset, ten head words, then the data bytes):
    the indexer decodes one per attestation, and eth_abi's generic decoder was half the cost.
    """
    body = strip0x(result_hex)
    try:
        if len(body) < 64 * 12 or int(body[:64], 16) != 32:
            return None
        head = [body[64 + 64 * i : 128 + 64 * i] for i in range(10)]
        uid = "0x" + head[0]
        if not head[0].strip("0"):
            return None
        numbers = [int(word, 16) for word in head[2:5]]
        if any(n >= 2**64 for n in numbers) or int(head[8], 16) > 1:
            return None
        if head[6][:24].strip("0") or head[7][:24].strip("0"):
            return None
        start = 64 + int(head[9], 16) * 2
        if int(head[9], 16) != 320 or start + 64 > len(body):
            return None
        size = int(body[start : start + 64], 16) * 2
        if start + 64 + size > len(body):
            return None
        data = bytes.fromhex(body[start + 64 : start + 64 + size])
        return Attestation(
            uid=uid,
            schema="0x" + head[1],
            time=numbers[0],
            expiration=numbers[1],
            revocation=numbers[2],
            ref_uid="0x" + head[5],
            recipient=checksum_hex40(head[6][24:]),
            attester=checksum_hex40(head[7][24:]),
            revocable=head[8][-1] == "1",
            data=data,
        )
    except ValueError:
        return None


def get_attestation_data(uid: str) -> str:
    """Calldata of ``getAttestation(uid)`` (built directly: one per indexed attestation)."""
    return "0x" + _GET_ATTESTATION_SELECTOR + strip0x(uid).rjust(64, "0")


def uid_from_receipt(receipt: dict[str, Any], eas: str) -> str:
    """The uid of the attestation a transaction made (from its ``Attested`` log), or ""."""
    for log in receipt.get("logs") or []:
        topics = log.get("topics") or []
        if (
            str(log.get("address", "")).lower() == eas.lower()
            and topics
            and str(topics[0]).lower() == ATTESTED_TOPIC
        ):
            data = strip0x(str(log.get("data") or ""))
            if len(data) >= 64:
                return "0x" + data[:64]
    return ""


def decode_log(log: dict[str, Any]) -> Any:
    """An EAS ``Attested``/``Revoked`` log as a DecodedEvent (None for anything else).

    Both events are ``(address indexed recipient, address indexed attester, bytes32 uid,
    bytes32 indexed schemaUID)``. Used where the shared indexer's decoder is not (tests, the
    benchmark's reference); it gives the same shape.
    """
    from tui.core.chain.abi import DecodedEvent

    topics = [str(t).lower() for t in log.get("topics") or []]
    names = {ATTESTED_TOPIC: "Attested", REVOKED_TOPIC: "Revoked"}
    data = strip0x(str(log.get("data") or ""))
    if len(topics) != 4 or topics[0] not in names or len(data) != 64:
        return None
    try:
        recipient, attester = (checksum_hex40(strip0x(t)[24:]) for t in topics[1:3])
        return DecodedEvent(
            name=names[topics[0]],
            args={
                "recipient": recipient,
                "attester": attester,
                "uid": bytes.fromhex(data),
                "schemaUID": bytes.fromhex(strip0x(topics[3])),
            },
            address=checksum_hex40(strip0x(str(log["address"]))),
            block_number=int(str(log["blockNumber"]), 16),
            block_hash=str(log.get("blockHash") or ""),
            tx_hash=str(log.get("transactionHash") or ""),
            log_index=int(str(log["logIndex"]), 16),
            removed=bool(log.get("removed", False)),
        )
    except (KeyError, ValueError, TypeError):
        return None


def read_record(rpc: Any, eas: str, uid: str) -> Attestation | None:
    """The record of ``uid`` on chain now (None when EAS has no such attestation)."""
    return decode_attestation(
        rpc.eth_call(eas, encode(GET_ATTESTATION, [bytes.fromhex(strip0x(uid))]))
    )
