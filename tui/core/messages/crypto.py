"""Agora DM v1 cryptography: key derivation, padding, HPKE seal and open, view tags.

Standard parts only (SECURITY.md §26): HPKE base mode (RFC 9180) with DHKEM(X25519,
HKDF-SHA256), HKDF-SHA256 and ChaCha20-Poly1305, through ``pyhpke``. The ``info`` string binds
every message to one chain, so a ciphertext announced on one network never opens on another.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from tui.core.errors import ContentError
from tui.core.wallet.secret import Secret

if TYPE_CHECKING:
    from tui.core.wallet.signer import Signer

KEY_SALT = b"agora/dm/v1"
"""HKDF salt of the DM key derivation (the account key is the input keying material)."""
VIEW_TAG_LABEL = b"agora/dm/view-tag"
"""HPKE exporter context of the one-byte view tag."""
AAD = b"agora/dm/v1"
ENC_SIZE = 32
"""Bytes of an X25519 encapsulated key."""
TAG_SIZE = 16
"""Bytes of a ChaCha20-Poly1305 authentication tag."""
LENGTH_PREFIX = 4
BUCKETS = (256, 1024, 4096, 16384)
"""Padded plaintext sizes: a ciphertext shows only which of these four its message fits."""
BLOCK_SIZES = frozenset(ENC_SIZE + b + TAG_SIZE for b in BUCKETS)
"""The only sizes a DM block can have: anything else is refused before any decryption."""


class NotADirectMessage(ContentError):
    """The bytes are not an Agora DM v1 block this key can open."""

    code = "not_a_dm"


@cache
def suite() -> Any:
    """The one HPKE cipher suite of Agora DM v1."""
    from pyhpke import AEADId, CipherSuite, KDFId, KEMId

    return CipherSuite.new(
        KEMId.DHKEM_X25519_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.CHACHA20_POLY1305
    )


def info_for(chain_id: int) -> bytes:
    """``agora/dm/v1/chain=<id>``: HPKE ``info``, binding a message to one chain."""
    return f"agora/dm/v1/chain={int(chain_id)}".encode()


def key_info(epoch: int) -> bytes:
    """HKDF ``info`` of the epoch's key: bumping the epoch gives an unrelated key pair."""
    return f"x25519/epoch={int(epoch)}".encode()


class DmKey:
    """One account's X25519 key pair for an epoch. ``repr`` never shows the private half."""

    __slots__ = ("_pair", "_x25519", "epoch", "public")

    def __init__(self, ikm: Secret, epoch: int) -> None:
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

        self._pair = suite().kem.derive_key_pair(ikm.reveal())
        self._x25519 = X25519PrivateKey.from_private_bytes(
            self._pair.private_key.to_private_bytes()
        )
        self.epoch = epoch
        self.public: bytes = self._pair.public_key.to_public_bytes()
        """The 32-byte public key that goes in the profile document."""

    @classmethod
    def from_signer(cls, signer: Signer, epoch: int = 0) -> DmKey:
        """The DM key of ``signer``'s account: RFC 9180 ``DeriveKeyPair`` over HKDF of the
        account key, so it needs no backup and no signature a phishing site could ask for."""
        return cls(signer.derive_secret(KEY_SALT, key_info(epoch)), epoch)

    def __repr__(self) -> str:
        return f"DmKey(epoch={self.epoch}, public={self.public.hex()[:16]}…)"

    def recipient_context(self, enc: bytes, chain_id: int) -> Any:
        """The HPKE recipient context for one announcement (raises NotADirectMessage)."""
        from pyhpke import PyHPKEError

        try:
            return suite().create_recipient_context(enc, self._pair.private_key, info_for(chain_id))
        except (PyHPKEError, ValueError):
            raise NotADirectMessage("The encapsulated key is not a valid X25519 point.") from None


def public_key(raw: bytes) -> Any:
    """A recipient's 32-byte public key as an HPKE key (raises ContentError when invalid)."""
    from pyhpke import PyHPKEError

    if len(raw) != ENC_SIZE:
        raise ContentError("A DM public key is 32 bytes.")
    try:
        return suite().kem.deserialize_public_key(raw)
    except (PyHPKEError, ValueError):
        raise ContentError("Not a valid X25519 public key.") from None


# --- padding ---------------------------------------------------------------------------------


def pad(plaintext: bytes) -> bytes:
    """Length prefix, then zeros up to the smallest bucket that fits."""
    need = LENGTH_PREFIX + len(plaintext)
    for size in BUCKETS:
        if need <= size:
            return len(plaintext).to_bytes(LENGTH_PREFIX, "big") + plaintext + bytes(size - need)
    raise ContentError(
        f"The message is {len(plaintext):,} bytes sealed; the limit is "
        f"{BUCKETS[-1] - LENGTH_PREFIX:,}."
    )


def unpad(padded: bytes) -> bytes:
    """The inverse of ``pad``; strict (exact bucket size, length in range, zero padding)."""
    if len(padded) not in BUCKETS:
        raise NotADirectMessage("The padded message is not one of the bucket sizes.")
    length = int.from_bytes(padded[:LENGTH_PREFIX], "big")
    end = LENGTH_PREFIX + length
    if end > len(padded) or any(padded[end:]):
        raise NotADirectMessage("The message's padding is malformed.")
    return padded[LENGTH_PREFIX:end]


# --- seal and open ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sealed:
    """One sealed message: the block to store and what its announcement carries."""

    block: bytes
    """``enc ‖ ciphertext``: stored as a raw content block, its sha2-256 is ``digest``."""
    enc: bytes
    view_tag: bytes
    digest: bytes


def seal(recipient: bytes, plaintext: bytes, chain_id: int) -> Sealed:
    """Pad and seal ``plaintext`` to the 32-byte public key ``recipient``."""
    import hashlib

    enc, ctx = suite().create_sender_context(public_key(recipient), info_for(chain_id))
    tag = ctx.export(VIEW_TAG_LABEL, 1)
    block = enc + ctx.seal(pad(plaintext), AAD)
    return Sealed(block, enc, tag, hashlib.sha256(block).digest())


class ViewTagger:
    """The view tags of one key on one chain, computed straight from RFC 9180's definitions.

    Scanning needs only the exporter secret, not the AEAD key: one X25519 and five
    HMAC-SHA256 per announcement (DHKEM ``ExtractAndExpand``, ``KeySchedule``'s ``secret`` and
    ``exp``, then ``Export``), with the parts that depend only on the suite and ``info``
    computed once. Tests check it against pyhpke's full context on random points and against
    the RFC's exported values.
    """

    _KEM_ID = b"KEM\x00\x20"
    _HPKE_ID = b"HPKE\x00\x20\x00\x01\x00\x03"

    def __init__(self, key: DmKey, info: bytes, context: bytes = VIEW_TAG_LABEL, length: int = 1):
        self._private = key._x25519
        self._public = key.public
        self._context = context
        self._length = length
        psk_id_hash = self._extract(b"", self._HPKE_ID, b"psk_id_hash", b"")
        info_hash = self._extract(b"", self._HPKE_ID, b"info_hash", info)
        self._schedule = b"\x00" + psk_id_hash + info_hash

    @staticmethod
    def _extract(salt: bytes, suite_id: bytes, label: bytes, ikm: bytes) -> bytes:
        import hmac

        return hmac.digest(salt or bytes(32), b"HPKE-v1" + suite_id + label + ikm, "sha256")

    @staticmethod
    def _expand(prk: bytes, suite_id: bytes, label: bytes, info: bytes, length: int) -> bytes:
        import hmac

        labeled = length.to_bytes(2, "big") + b"HPKE-v1" + suite_id + label + info
        return hmac.digest(prk, labeled + b"\x01", "sha256")[:length]  # length <= 32

    @classmethod
    def for_chain(cls, key: DmKey, chain_id: int) -> ViewTagger:
        return cls(key, info_for(chain_id))

    def tag(self, enc: bytes) -> bytes:
        """The exported value for ``enc`` (raises NotADirectMessage for an invalid point)."""
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

        try:
            dh = self._private.exchange(X25519PublicKey.from_public_bytes(enc))
        except ValueError:
            raise NotADirectMessage("The encapsulated key is not a valid X25519 point.") from None
        prk = self._extract(b"", self._KEM_ID, b"eae_prk", dh)
        shared = self._expand(prk, self._KEM_ID, b"shared_secret", enc + self._public, 32)
        secret = self._extract(shared, self._HPKE_ID, b"secret", b"")
        exporter = self._expand(secret, self._HPKE_ID, b"exp", self._schedule, 32)
        return self._expand(exporter, self._HPKE_ID, b"sec", self._context, self._length)


def view_tag(key: DmKey, enc: bytes, chain_id: int) -> tuple[bytes, Any]:
    """The view tag ``key`` derives for ``enc``, and the context that opens its block."""
    ctx = key.recipient_context(enc, chain_id)
    return ctx.export(VIEW_TAG_LABEL, 1), ctx


def open_block(key: DmKey, block: bytes, chain_id: int, ctx: Any = None) -> bytes:
    """The plaintext of a DM block sealed to ``key`` (raises NotADirectMessage).

    ``ctx`` is the context ``view_tag`` returned for the block's ``enc`` (saves one X25519).
    """
    from pyhpke import PyHPKEError

    if len(block) not in BLOCK_SIZES:
        raise NotADirectMessage(f"A block of {len(block):,} bytes is not a DM (wrong size).")
    if ctx is None:
        ctx = key.recipient_context(block[:ENC_SIZE], chain_id)
    try:
        padded = ctx.open(block[ENC_SIZE:], AAD)
    except PyHPKEError:
        raise NotADirectMessage("The message does not open with this key.") from None
    return unpad(padded)
