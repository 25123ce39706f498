"""ENSIP-12 avatars, with the ownership check ENS's own metadata service skips.

An avatar record is a URI (``https:``, ``ipfs:``, ``data:``) or an NFT reference
``eip155:<chain>/erc721:<contract>/<id>`` (or ``erc1155``). An NFT avatar counts only when the
name's address owns the token (ERC-721 ``ownerOf``, ERC-1155 ``balanceOf`` > 0): anyone can
point their record at a famous ape. The token's metadata JSON then names the image (``image``,
``image_url`` or inline ``image_data``), fetched and decoded by tui.core.images with its caps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from tui.core.chain.address import to_checksum
from tui.core.chain.rpc import RpcClient, RpcError
from tui.core.ens import contracts as c
from tui.core.errors import AgoraError, ChainError
from tui.core.images.limits import DEFAULT_LIMITS, ImageError, ImageLimits
from tui.core.images.source import GetCid, fetch_image
from tui.core.text import clean_line

_NFT = re.compile(
    r"^eip155:(\d{1,12})/(erc721|erc1155):(0x[0-9a-fA-F]{40})/(\d{1,78})$", re.IGNORECASE
)
MAX_METADATA = 64 * 1024
"""Bytes of NFT metadata JSON read."""


@dataclass(frozen=True)
class NftRef:
    chain_id: int
    standard: str
    """``erc721`` or ``erc1155``."""
    contract: str
    token_id: int


@dataclass(frozen=True)
class Avatar:
    """What an avatar record gave: the image bytes, or why there is none."""

    record: str
    """The record as written (sanitised for display)."""
    image: bytes | None = None
    nft: NftRef | None = None
    owner_verified: bool = False
    """True for an NFT the name's address owns (always False for a plain URI)."""
    problem: str = ""
    """Why no image is shown ("" when there is one)."""

    @property
    def label(self) -> str:
        """One line for a profile: "NFT, owner verified", "image" or the problem."""
        if self.problem:
            return f"no avatar: {self.problem}"
        return "NFT avatar, owner verified" if self.nft else "avatar"


def parse_nft(record: str) -> NftRef | None:
    match = _NFT.match(record.strip())
    if match is None:
        return None
    return NftRef(int(match[1]), match[2].lower(), to_checksum(match[3]), int(match[4]))


def _call(rpc: RpcClient, to: str, data: str) -> str | None:
    try:
        return rpc.eth_call(to, data)
    except RpcError:
        return None


def nft_owned(rpc: RpcClient, nft: NftRef, owner: str) -> bool:
    """True when ``owner`` holds ``nft`` now (a revert or junk answer counts as no)."""
    if nft.standard == "erc721":
        answer = _call(rpc, nft.contract, c.encode("ownerOf", nft.token_id))
        if answer is None:
            return False
        try:
            (holder,) = c.decode("ownerOf", answer)
        except ChainError:
            return False
        return bool(holder == to_checksum(owner))
    answer = _call(rpc, nft.contract, c.encode("balanceOf1155", owner, nft.token_id))
    if answer is None:
        return False
    try:
        (balance,) = c.decode("balanceOf1155", answer)
    except ChainError:
        return False
    return int(balance) > 0


def token_uri(rpc: RpcClient, nft: NftRef) -> str | None:
    key = "tokenURI" if nft.standard == "erc721" else "uri"
    answer = _call(rpc, nft.contract, c.encode(key, nft.token_id))
    if answer is None:
        return None
    try:
        (uri,) = c.decode(key, answer)
    except ChainError:
        return None
    uri = str(uri)
    if nft.standard == "erc1155":  # ERC-1155: {id} is the id as 64 lowercase hex digits
        uri = uri.replace("{id}", f"{nft.token_id:064x}")
    return uri


def metadata_image(metadata: bytes) -> tuple[str, bytes | None]:
    """(image URI, inline image bytes) from NFT metadata JSON.

    Raises:
        ImageError: not a JSON object, or no image field.
    """
    if len(metadata) > MAX_METADATA:
        raise ImageError("The NFT metadata is too large.")
    try:
        doc = json.loads(metadata.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImageError("The NFT metadata is not JSON.") from None
    if not isinstance(doc, dict):
        raise ImageError("The NFT metadata is not a JSON object.")
    inline = doc.get("image_data")
    if isinstance(inline, str) and inline.strip():
        return "", inline.encode("utf-8")
    for key in ("image", "image_url"):
        value = doc.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip(), None
    raise ImageError("The NFT metadata names no image.")


AVATAR_SCHEMES = ("https://", "ipfs://", "data:")
"""The URI forms an avatar record may take besides an NFT reference (ENSIP-12, as read here)."""


def check_avatar_record(record: str) -> str:
    """The record to write, stripped ("" clears it); UsageError for anything this client
    (and others) would not show: another scheme, a malformed NFT reference, control
    characters, or spaces outside a data: URI (a typo, or text meant to be printed raw in someone's terminal)."""
    from tui.core.errors import UsageError

    value = record.strip()
    if not value:
        return ""
    shown = clean_line(value, 80)
    inline = value.lower().startswith("data:")  # inline SVG may have spaces, a URL may not
    if not value.isascii() or any(not c.isprintable() or (c == " " and not inline) for c in value):
        raise UsageError(f"The avatar record {shown!r} has spaces or control characters.")
    if value.lower().startswith("eip155:"):
        if parse_nft(value) is None:
            raise UsageError(
                f"{shown!r} is not an NFT reference.",
                hint="Write it as eip155:CHAIN/erc721:0xCONTRACT/TOKEN_ID (or erc1155).",
            )
        return value
    if not value.lower().startswith(AVATAR_SCHEMES):
        raise UsageError(
            f"{shown!r} is not an avatar record.",
            hint="Use https://…, ipfs://CID, data:…, or eip155:CHAIN/erc721:0xCONTRACT/ID.",
        )
    return value


def resolve_avatar(
    record: str,
    owner: str | None,
    *,
    rpc: RpcClient,
    chain_id: int,
    get_cid: GetCid | None,
    limits: ImageLimits = DEFAULT_LIMITS,
    fetch: Callable[..., bytes] = fetch_image,
) -> Avatar:
    """The avatar ``record`` points at, for the account ``owner`` (the name's address).

    Never raises for bad records, lying contracts or failed fetches: the answer says why.
    """
    shown = clean_line(record, 120)
    value = record.strip()
    nft = parse_nft(value)
    if nft is None and value.lower().startswith("eip155:"):
        return Avatar(shown, problem="the NFT reference is malformed")
    try:
        if nft is None:
            return Avatar(shown, image=fetch(value, get_cid=get_cid, limits=limits))
        if nft.chain_id != chain_id:
            return Avatar(shown, nft=nft, problem=f"the NFT is on chain {nft.chain_id}")
        if owner is None or not nft_owned(rpc, nft, owner):
            return Avatar(shown, nft=nft, problem="the name's address does not own this NFT")
        uri = token_uri(rpc, nft)
        if not uri:
            return Avatar(shown, nft=nft, owner_verified=True, problem="the NFT has no metadata")
        metadata = fetch(uri, get_cid=get_cid, limits=limits)
        image_uri, inline = metadata_image(metadata)
        image = inline if inline is not None else fetch(image_uri, get_cid=get_cid, limits=limits)
        return Avatar(shown, image=image, nft=nft, owner_verified=True)
    except AgoraError as exc:
        return Avatar(shown, nft=nft, owner_verified=False, problem=clean_line(exc.message, 120))
