"""EIP-2612 permits: find out safely whether a token takes them, and sign one for exactly a tip.

A permit lets a token tip be one transaction (``tipTokenWithPermit``) instead of approve, then
tip. It is an optimisation, never a requirement: a token that lacks ``DOMAIN_SEPARATOR`` or
``nonces``, whose domain names another chain or contract, or whose separator does not match the
one computed here from its ``eip712Domain`` (EIP-5267) or ``name``/``version`` gets the exact
approval instead. The permit is for exactly the tip and expires soon; anyone who sees it can
submit it first, which TokenTips tolerates.

The user's key signs the permit only after the confirmation (``CallIntent.signed_later``).
Before that, ``stand_in_gas`` simulates the very same contract path with a throw-away key
standing in for the user: the user's tokens moved to it in the simulation, then the call from
it with a permit it really signed. So the token's permit check, the transfer and the gas are
measured for real, and nothing of the user's is signed for a preview.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from eth_hash.auto import keccak

from tui.core.chain.abi import encode_signature, to_checksum
from tui.core.chain.rpc import RpcClient, RpcUnavailable
from tui.core.errors import AgoraError
from tui.core.text import clean_line

PERMIT_SECONDS = 30 * 60
"""A permit is valid this long after the later of the chain's and this machine's clocks."""
DOMAIN_TYPE = b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
PERMIT_TYPES = [
    {"name": "owner", "type": "address"},
    {"name": "spender", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]
_DOMAIN_FIELDS = 0x0F
"""EIP-5267 fields bitmap: name, version, chainId, verifyingContract (no salt, no extensions)."""


@dataclass(frozen=True)
class PermitDomain:
    """A token's EIP-712 domain, checked against its own DOMAIN_SEPARATOR, and the owner's
    next permit nonce."""

    name: str
    version: str
    chain_id: int
    token: str
    nonce: int


def _call(rpc: RpcClient, token: str, signature: str, args: list[Any]) -> bytes:
    out = rpc.eth_call(token, encode_signature(signature, args))
    return bytes.fromhex(str(out).removeprefix("0x"))


def domain_separator(name: str, version: str, chain_id: int, token: str) -> bytes:
    from eth_abi import encode

    return keccak(
        encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [keccak(DOMAIN_TYPE), keccak(name.encode()), keccak(version.encode()), chain_id, token],
        )
    )


def _declared(rpc: RpcClient, token: str) -> tuple[str, str, int, str] | None:
    """(name, version, chain id, contract) the token declares, EIP-5267 first."""
    from eth_abi import decode

    try:
        raw = _call(rpc, token, "eip712Domain()", [])
        types = ["bytes1", "string", "string", "uint256", "address", "bytes32", "uint256[]"]
        fields, name, version, chain, contract, _salt, ext = decode(types, raw)
        if fields[0] != _DOMAIN_FIELDS or ext:
            return None  # a salt or extensions: not the plain domain permits are signed for
        return str(name), str(version), int(chain), to_checksum(str(contract))
    except RpcUnavailable:
        raise
    except (AgoraError, ValueError, TypeError, OverflowError, IndexError):
        pass
    try:
        (name,) = decode(["string"], _call(rpc, token, "name()", []))
    except RpcUnavailable:
        raise
    except (AgoraError, ValueError, TypeError, OverflowError):
        return None
    try:
        (version,) = decode(["string"], _call(rpc, token, "version()", []))
    except RpcUnavailable:
        raise
    except (AgoraError, ValueError, TypeError, OverflowError):
        version = "1"  # OpenZeppelin's default when a token does not say
    return str(name), str(version), -1, token


def permit_domain(rpc: RpcClient, token: str, owner: str, chain_id: int) -> PermitDomain | None:
    """The token's permit domain, or None when a permit cannot be trusted to work here."""
    token = to_checksum(token)
    try:
        separator = _call(rpc, token, "DOMAIN_SEPARATOR()", [])[:32]
        nonce_raw = _call(rpc, token, "nonces(address)", [owner])
    except RpcUnavailable:
        raise
    except (AgoraError, ValueError):
        return None
    if len(separator) != 32 or len(nonce_raw) < 32:
        return None
    declared = _declared(rpc, token)
    if declared is None:
        return None
    name, version, chain, contract = declared
    if chain not in (-1, chain_id) or contract != token:
        return None  # a domain for another chain or contract: its permits fail here
    if domain_separator(name, version, chain_id, token) != separator:
        return None
    nonce = int.from_bytes(nonce_raw[:32], "big")
    return PermitDomain(name, version, chain_id, token, nonce)


def permit_message(
    domain: PermitDomain, owner: str, spender: str, value: int, deadline: int
) -> dict[str, Any]:
    """The EIP-712 message (eth-account's ``full_message`` form)."""
    return {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Permit": PERMIT_TYPES,
        },
        "primaryType": "Permit",
        "domain": {
            "name": domain.name,
            "version": domain.version,
            "chainId": domain.chain_id,
            "verifyingContract": domain.token,
        },
        "message": {
            "owner": owner,
            "spender": spender,
            "value": value,
            "nonce": domain.nonce,
            "deadline": deadline,
        },
    }


def permit_deadline(rpc: RpcClient, now: float | None = None) -> int:
    """PERMIT_SECONDS after the later of the latest block's time and this machine's clock
    (a devnet's clock may run ahead of the wall's, or stand still between blocks)."""
    block = rpc.get_block("latest") or {}
    chain_time = int(str(block.get("timestamp", "0x0")), 16)
    return max(chain_time, int(now if now is not None else time.time())) + PERMIT_SECONDS


def until_text(deadline: int) -> str:
    """The deadline as a UTC time a person reads."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(deadline))


def permit_nonce(rpc: RpcClient, token: str, owner: str) -> int:
    """The owner's next permit nonce, read now (another permit may have used one since)."""
    return int.from_bytes(_call(rpc, token, "nonces(address)", [owner])[:32], "big")


class PermitRefused(AgoraError):
    """The permit path failed in the stand-in simulation (the reason is in the message)."""


REFUND_NUM, REFUND_DEN = 5, 4
"""EIP-3529 refunds at most a fifth of the gas a transaction consumed: consumed ≤ used × 5/4."""
FORWARD_NUM, FORWARD_DEN = 64, 63
"""EIP-150: a call forwards at most 63/64 of the gas left, so the caller needs 64/63 of it."""


def stand_in_gas(
    rpc: RpcClient,
    domain: PermitDomain,
    owner: str,
    spender: str,
    amount: int,
    deadline: int,
    to: str,
    encode: Callable[[int, bytes, bytes], str],
) -> int:
    """The gas of the call ``encode(v, r, s)`` to ``to`` with a valid permit, measured without
    the owner's key: in one ``eth_simulateV1`` block, ``owner`` moves ``amount`` to a throw-away
    key's address, which then makes the call with a permit of its own for exactly ``amount``.

    The answer is an upper bound of what ``eth_estimateGas`` would say for the owner: the gas
    used grown back by the largest refund and the 1/64 a call keeps (the stand-in's first
    permit nonce and its emptied balance cost at least as much as the owner's writes).

    Raises:
        PermitRefused: the transfer or the call fails in the simulation (why, sanitised).
        RpcError: the node cannot simulate (no ``eth_simulateV1``).
    """
    from tui.core.wallet import Secret, Signer
    from tui.core.wallet.keystore import address_of

    key = Secret(secrets.token_bytes(32))
    stand_in = Signer(address_of(key), key)
    nonce = permit_nonce(rpc, domain.token, stand_in.address)
    message = permit_message(
        replace(domain, nonce=nonce), stand_in.address, spender, amount, deadline
    )
    v, r, s = stand_in.sign_typed_data(message)
    move = encode_signature("transfer(address,uint256)", [stand_in.address, amount])
    calls = [
        {"from": owner, "to": domain.token, "data": move},
        {"from": stand_in.address, "to": to, "data": encode(v, r, s)},
    ]
    result = rpc.call(
        "eth_simulateV1", [{"blockStateCalls": [{"calls": calls}], "validation": False}, "latest"]
    )
    done = _simulated_calls(result)
    for step, outcome in zip(("moving the tokens", "the call"), done, strict=True):
        if _hex(outcome.get("status")) != 1:
            error = outcome.get("error")
            why = error.get("message") if isinstance(error, dict) else None
            raise PermitRefused(f"{step} failed: {clean_line(str(why or 'reverted'), 200)}")
    used = _hex(done[1].get("gasUsed"))
    return -(-used * REFUND_NUM * FORWARD_NUM // (REFUND_DEN * FORWARD_DEN))


def _simulated_calls(result: Any) -> list[dict[str, Any]]:
    """The two call results of a one-block ``eth_simulateV1`` answer (PermitRefused if not)."""
    try:
        calls = result[0]["calls"]
    except (TypeError, KeyError, IndexError):
        raise PermitRefused("the node's simulation answered something unreadable") from None
    if (
        not isinstance(calls, list)
        or len(calls) != 2
        or not all(isinstance(c, dict) for c in calls)
    ):
        raise PermitRefused("the node's simulation answered something unreadable")
    return calls


def _hex(value: Any) -> int:
    try:
        return int(str(value), 16)
    except ValueError:
        return -1
