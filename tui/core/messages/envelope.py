"""The signed inner envelope of an Agora DM v1 message (what the ciphertext holds).

``{"env": {...}, "sig": "0x…"}`` in canonical JSON (sorted keys, no spaces, UTF-8). ``env`` is
``{"type": "agora.dm", "v": 1, "from", "to", "toKey", "ts", "body", "replyTo"}``; ``sig`` is an
EIP-191 signature by ``from`` over ``sha256(toKey ‖ canonical(env))``. Binding the recipient's
DM key stops a recipient from re-sealing a message to a third party as if it were theirs.
Envelopes come from strangers: the parser checks every field and raises NotADirectMessage.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.core.errors import ContentError
from tui.core.messages.crypto import NotADirectMessage

if TYPE_CHECKING:
    from tui.core.wallet.signer import Signer

VERSION = 1
TYPE = "agora.dm"
MAX_BODY = 4096
"""Bytes of UTF-8 in a message body (the same as a post)."""
MAX_ENVELOPE = 8192
_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
_KEY = re.compile(r"^[0-9a-f]{64}$")
_DIGEST = re.compile(r"^([0-9a-f]{64})?$")
_SIG = re.compile(r"^0x[0-9a-f]{130}$")
_FIELDS = frozenset({"type", "v", "from", "to", "toKey", "ts", "body", "replyTo"})


@dataclass(frozen=True)
class Envelope:
    """An opened, verified message. ``body`` is untrusted text: sanitise before showing it."""

    sender: str
    """Checksummed address that signed the envelope."""
    recipient: str
    to_key: bytes
    ts: int
    """The time the sender claims (the chain's block time is the one to trust)."""
    body: str
    reply_to: str = ""
    """Hex digest of the message this answers, or ""."""


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signed_digest(to_key: bytes, env_bytes: bytes) -> bytes:
    """``sha256(toKey ‖ env)``: what the sender signs (EIP-191)."""
    return hashlib.sha256(to_key + env_bytes).digest()


def check_body(body: str) -> str:
    """Refuse an empty or oversized body (ContentError says why)."""
    if not body.strip():
        raise ContentError("A message needs some text.")
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > MAX_BODY:
        raise ContentError(f"The message is {size:,} bytes; the limit is {MAX_BODY:,}.")
    return body


def build(
    signer: Signer, recipient: str, to_key: bytes, body: str, ts: int, reply_to: str = ""
) -> bytes:
    """The signed envelope's canonical bytes (the plaintext that gets padded and sealed)."""
    from tui.core.chain.abi import to_checksum

    env = {
        "type": TYPE,
        "v": VERSION,
        "from": to_checksum(signer.address),
        "to": to_checksum(recipient),
        "toKey": to_key.hex(),
        "ts": int(ts),
        "body": check_body(body),
        "replyTo": reply_to,
    }
    if not _DIGEST.match(reply_to):
        raise ContentError("replyTo must be a message digest (64 hex digits).")
    env_bytes = canonical(env)
    sig = signer.sign_message(signed_digest(to_key, env_bytes))
    return canonical({"env": env, "sig": "0x" + sig.hex()})


def _field(env: dict[str, Any], key: str, kind: type) -> Any:
    value = env.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise NotADirectMessage(f"The message's {key!r} is missing or of the wrong type.")
    return value


def parse(plaintext: bytes) -> Envelope:
    """Parse and verify an envelope: exact fields, sizes, and the signer equal to ``from``.

    Raises NotADirectMessage for anything else (never another exception).
    """
    from eth_account import Account
    from eth_account.messages import encode_defunct

    from tui.core.chain.abi import to_checksum

    if len(plaintext) > MAX_ENVELOPE:
        raise NotADirectMessage("The message envelope is too large.")
    try:
        outer = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotADirectMessage("The message is not UTF-8 JSON.") from None
    if not isinstance(outer, dict) or set(outer) != {"env", "sig"}:
        raise NotADirectMessage("The message is not an Agora DM envelope.")
    env, sig = outer["env"], outer["sig"]
    if not isinstance(env, dict) or set(env) != _FIELDS:
        raise NotADirectMessage("The message envelope has unexpected fields.")
    if env.get("type") != TYPE or env.get("v") != VERSION:
        raise NotADirectMessage("Not an Agora DM v1 envelope.")
    sender, recipient = _field(env, "from", str), _field(env, "to", str)
    to_key, reply_to = _field(env, "toKey", str), _field(env, "replyTo", str)
    ts, body = _field(env, "ts", int), _field(env, "body", str)
    if not (_ADDRESS.match(sender) and _ADDRESS.match(recipient)):
        raise NotADirectMessage("The message's addresses are malformed.")
    if not (_KEY.match(to_key) and _DIGEST.match(reply_to) and 0 <= ts < 2**63):
        raise NotADirectMessage("The message's key, reply or time is malformed.")
    if not isinstance(sig, str) or not _SIG.match(sig):
        raise NotADirectMessage("The message's signature is malformed.")
    try:
        check_body(body)
    except ContentError as exc:
        raise NotADirectMessage(str(exc)) from None
    key = bytes.fromhex(to_key)
    digest = signed_digest(key, canonical(env))
    try:
        signer = Account.recover_message(encode_defunct(primitive=digest), signature=sig)
    except Exception:  # eth_keys raises several types for a bad signature
        raise NotADirectMessage("The message's signature is invalid.") from None
    if to_checksum(signer) != to_checksum(sender):
        raise NotADirectMessage("The message was not signed by the account it claims.")
    return Envelope(to_checksum(sender), to_checksum(recipient), key, ts, body, reply_to)
