"""Content documents: the small versioned JSON objects the chain points at by CID.

Schemas (version 1; canonical encoding: UTF-8 JSON, sorted keys, no spaces, so the same content
always has the same CID):

- **post**: ``{"type": "agora.post", "version": 1, "text": str, "created_at": int,
  "content_warning"?: str, "tags"?: [str], "mentions"?: [address], "quote"?: int, "article"?: int}``; ``article`` names an Articles token id the
  post links (community points count collects of it, PROTOCOL.md "The rule")
- **profile**: ``{"type": "agora.profile", "version": 1, "name": str, "bio": str,
  "avatar"?: str, "links"?: [str], "dm"?: {"key": hex, "epoch": int}}``; ``avatar`` is
  ``ipfs://<cid>`` or an NFT the account owns, written ``eip155:<chain>/erc721:<contract>/<token
  id>``; ``dm`` is the account's private-message public key (X25519, 64 hex digits) and its epoch.
- **article metadata** (ERC-721 metadata JSON, what ``tokenURI`` points at): ``{"name": str,
  "description": str, "body": "ipfs://<cid>", "image"?: "ipfs://<cid>",
  "agora": {"type": "agora.article", "version": 1}}``
- **article body**: Markdown, UTF-8, at most 256 KiB (one raw block).

Documents come from strangers: parsers check types and sizes and raise ContentError (or its
subclass UnsupportedContent for a newer version) and never anything else.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from tui.core.content.cid import MAX_BLOCK, is_cid
from tui.core.errors import ContentError
from tui.core.names import name_problem, profile_name
from tui.core.text import clean_identity

VERSION = 1
MAX_DOCUMENT = 16 * 1024
"""Post, profile and metadata documents are small; anything larger is refused unparsed."""
MAX_POST_TEXT = 4096
"""Bytes of UTF-8 in a post's text (about a screenful)."""
MAX_CW = 200
MAX_NAME = 64
MAX_BIO = 1024
MAX_TITLE = 200
MAX_SUMMARY = 1000
MAX_TAGS = 10
MAX_LINKS = 5
MAX_URL = 512

_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
_DM_KEY = re.compile(r"^[0-9a-f]{64}$")
_NFT = re.compile(r"^eip155:(\d{1,12})/erc721:(0x[0-9a-fA-F]{40})/(\d{1,78})$")


class UnsupportedContent(ContentError):
    """A well-formed document of a type or version this Agora does not know."""

    code = "unsupported_content"


@dataclass(frozen=True)
class PostDocument:
    text: str
    created_at: int
    content_warning: str = ""
    tags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    quote: int = 0
    article: int = 0
    """The Articles token id this post links (0: none)."""


@dataclass(frozen=True)
class ProfileDocument:
    name: str
    bio: str = ""
    avatar: str = ""
    links: tuple[str, ...] = ()
    dm_key: str = ""
    """Private-message public key (64 hex digits), "" when the account has none."""
    dm_epoch: int = 0

    @property
    def avatar_nft(self) -> tuple[int, str, int] | None:
        """(chain id, contract, token id) when the avatar is an NFT, else None."""
        match = _NFT.match(self.avatar)
        if not match:
            return None
        return int(match[1]), match[2], int(match[3])


@dataclass(frozen=True)
class ArticleMetadata:
    name: str
    description: str
    body_cid: str
    image_cid: str = ""


def _encode(doc: dict[str, Any]) -> bytes:
    data = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    if len(data) > MAX_DOCUMENT:
        raise ContentError(f"Document is {len(data):,} bytes; the limit is {MAX_DOCUMENT:,}.")
    return data


def _check_len(label: str, value: str, limit: int, *, utf8: bool = False) -> str:
    size = len(value.encode("utf-8", "surrogatepass")) if utf8 else len(value)
    if size > limit:
        unit = "bytes" if utf8 else "characters"
        raise ContentError(f"The {label} is {size:,} {unit}; the limit is {limit:,}.")
    return value


def _check_url(url: str) -> str:
    _check_len("link", url, MAX_URL)
    if not url.startswith(("https://", "ipfs://")) or any(c.isspace() for c in url):
        raise ContentError(f"Links must be https:// or ipfs:// without spaces: {url[:80]!r}")
    return url


def _ipfs_cid(value: str, label: str) -> str:
    cid = value.removeprefix("ipfs://")
    if not is_cid(cid):
        raise ContentError(f"The {label} is not an ipfs://<CIDv1> reference.")
    return cid


# --- encoding (what the user writes) -------------------------------------------------------


def post_document(
    text: str,
    *,
    created_at: int,
    content_warning: str = "",
    tags: tuple[str, ...] | list[str] = (),
    mentions: tuple[str, ...] | list[str] = (),
    quote: int = 0,
    article: int = 0,
) -> bytes:
    """Encode a post; raises ContentError when it is empty or over a limit."""
    if not text.strip():
        raise ContentError("A post needs some text.")
    _check_len("post", text, MAX_POST_TEXT, utf8=True)
    doc: dict[str, Any] = {
        "type": "agora.post",
        "version": VERSION,
        "text": text,
        "created_at": int(created_at),
    }
    if content_warning:
        doc["content_warning"] = _check_len("content warning", content_warning, MAX_CW)
    if tags:
        if len(tags) > MAX_TAGS:
            raise ContentError(f"At most {MAX_TAGS} tags.")
        doc["tags"] = [_check_len("tag", t, 50) for t in tags]
    if mentions:
        bad = [m for m in mentions if not _ADDRESS.match(m)]
        if bad:
            raise ContentError(f"Mentions must be 0x addresses: {bad[0][:50]!r}")
        doc["mentions"] = list(mentions)
    if quote:
        doc["quote"] = int(quote)
    if article:
        doc["article"] = int(article)
    return _encode(doc)


def profile_document(
    name: str,
    bio: str = "",
    avatar: str = "",
    links: tuple[str, ...] | list[str] = (),
    dm_key: str = "",
    dm_epoch: int = 0,
) -> bytes:
    """Encode a profile; refuses a name readers would see neutralised (``tui.core.names``)."""
    name = _check_len("name", name.strip(), MAX_NAME)
    if name and not profile_name(name):
        raise ContentError(
            f"Readers would not see this name. {name_problem(clean_identity(name, MAX_NAME))}",
            hint="Readers see your address beside your name; no name is needed to say who you are.",
        )
    doc: dict[str, Any] = {
        "type": "agora.profile",
        "version": VERSION,
        "name": name,
        "bio": _check_len("bio", bio, MAX_BIO),
    }
    if avatar:
        if not (_NFT.match(avatar) or avatar.startswith("ipfs://")):
            raise ContentError(
                "An avatar is ipfs://<cid> or eip155:<chain>/erc721:<contract>/<id>."
            )
        if avatar.startswith("ipfs://"):
            _ipfs_cid(avatar, "avatar")
        doc["avatar"] = avatar
    if links:
        if len(links) > MAX_LINKS:
            raise ContentError(f"At most {MAX_LINKS} links.")
        doc["links"] = [_check_url(u) for u in links]
    if dm_key:
        if not _DM_KEY.match(dm_key) or not 0 <= dm_epoch < 2**32:
            raise ContentError("A private-message key is 64 hex digits with an epoch number.")
        doc["dm"] = {"key": dm_key, "epoch": int(dm_epoch)}
    return _encode(doc)


def article_body(markdown: str) -> bytes:
    """Encode an article body (Markdown); refuses more than one block."""
    if not markdown.strip():
        raise ContentError("The article is empty.")
    data = markdown.encode("utf-8")
    if len(data) > MAX_BLOCK:
        raise ContentError(
            f"The article is {len(data):,} bytes; the limit is {MAX_BLOCK:,} (256 KiB).",
            hint="Shorten it or publish it in parts.",
        )
    return data


def article_metadata(name: str, description: str, body_cid: str, image_cid: str = "") -> bytes:
    """Encode ERC-721 metadata for an article token."""
    if not name.strip():
        raise ContentError("An article needs a title.")
    doc: dict[str, Any] = {
        "name": _check_len("title", name.strip(), MAX_TITLE),
        "description": _check_len("summary", description, MAX_SUMMARY),
        "body": f"ipfs://{_ipfs_cid(body_cid, 'body')}",
        "agora": {"type": "agora.article", "version": VERSION},
    }
    if image_cid:
        doc["image"] = f"ipfs://{_ipfs_cid(image_cid, 'cover')}"
    return _encode(doc)


# --- parsing (what strangers wrote) ----------------------------------------------------------


def _load(data: bytes) -> dict[str, Any]:
    if len(data) > MAX_DOCUMENT:
        raise ContentError(f"Document is {len(data):,} bytes; the limit is {MAX_DOCUMENT:,}.")
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ContentError("The document is not valid UTF-8 JSON.") from None
    if not isinstance(obj, dict):
        raise ContentError("The document is not a JSON object.")
    return obj


def _str(obj: dict[str, Any], key: str, limit: int, *, required: bool = False) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise ContentError(f"The document has no {key!r}.")
        return ""
    if not isinstance(value, str):
        raise ContentError(f"The document's {key!r} is not text.")
    return _check_len(key, value, limit)


def _str_list(obj: dict[str, Any], key: str, max_items: int, limit: int) -> tuple[str, ...]:
    value = obj.get(key, [])
    if not isinstance(value, list) or len(value) > max_items:
        raise ContentError(f"The document's {key!r} must be a list of at most {max_items}.")
    if not all(isinstance(v, str) and len(v) <= limit for v in value):
        raise ContentError(f"The document's {key!r} has an invalid entry.")
    return tuple(value)


def _int(obj: dict[str, Any], key: str) -> int:
    value = obj.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise ContentError(f"The document's {key!r} is not a valid number.")
    return value


def _check_type(obj: dict[str, Any], expected: str) -> None:
    kind, version = obj.get("type"), obj.get("version")
    if kind != expected:
        raise ContentError(f"Expected a {expected} document, got {str(kind)[:40]!r}.")
    if version != VERSION:
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise UnsupportedContent(f"{expected} version {version} is newer than this Agora.")
        raise ContentError(f"The document has an invalid version: {str(version)[:20]!r}.")


def parse_post(data: bytes) -> PostDocument:
    obj = _load(data)
    _check_type(obj, "agora.post")
    text = _str(obj, "text", MAX_POST_TEXT, required=True)
    _check_len("post", text, MAX_POST_TEXT, utf8=True)
    mentions = _str_list(obj, "mentions", 20, 42)
    if not all(_ADDRESS.match(m) for m in mentions):
        raise ContentError("The document's 'mentions' are not all addresses.")
    return PostDocument(
        text=text,
        created_at=_int(obj, "created_at"),
        content_warning=_str(obj, "content_warning", MAX_CW),
        tags=_str_list(obj, "tags", MAX_TAGS, 50),
        mentions=mentions,
        quote=_int(obj, "quote"),
        article=_int(obj, "article"),
    )


def parse_profile(data: bytes) -> ProfileDocument:
    obj = _load(data)
    _check_type(obj, "agora.profile")
    avatar = _str(obj, "avatar", MAX_URL)
    if avatar and not (_NFT.match(avatar) or avatar.startswith("ipfs://")):
        avatar = ""  # an avatar we cannot verify is dropped, not shown
    links = tuple(
        u
        for u in _str_list(obj, "links", MAX_LINKS, MAX_URL)
        if u.startswith(("https://", "ipfs://")) and not any(c.isspace() for c in u)
    )
    dm = obj.get("dm")
    dm_key, dm_epoch = "", 0
    if isinstance(dm, dict) and isinstance(dm.get("key"), str) and _DM_KEY.match(dm["key"]):
        epoch = dm.get("epoch", 0)
        if isinstance(epoch, int) and not isinstance(epoch, bool) and 0 <= epoch < 2**32:
            dm_key, dm_epoch = dm["key"], epoch  # a malformed key is dropped, like an avatar
    return ProfileDocument(
        name=_str(obj, "name", MAX_NAME, required=True),
        bio=_str(obj, "bio", MAX_BIO),
        avatar=avatar,
        links=links,
        dm_key=dm_key,
        dm_epoch=dm_epoch,
    )


def parse_article_metadata(data: bytes) -> ArticleMetadata:
    obj = _load(data)
    agora = obj.get("agora")
    if isinstance(agora, dict):
        _check_type(agora, "agora.article")
    body = _str(obj, "body", 200, required=True)
    image = _str(obj, "image", 200)
    return ArticleMetadata(
        name=_str(obj, "name", MAX_TITLE, required=True),
        description=_str(obj, "description", MAX_SUMMARY),
        body_cid=_ipfs_cid(body, "body"),
        image_cid=_ipfs_cid(image, "cover") if image else "",
    )


def parse_article_body(data: bytes) -> str:
    if len(data) > MAX_BLOCK:
        raise ContentError("The article body is larger than 256 KiB.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError("The article body is not valid UTF-8.") from None
