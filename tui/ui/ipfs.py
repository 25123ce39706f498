"""What an ipfs:// link points at, once its bytes were verified against the CID: classified and
sanitised for display (an Agora document, plain UTF-8 text, or refused).

Front-end neutral (no Textual): the backends build a ``FetchedContent`` and the IPFS screen
shows it. Every string in a ``FetchedContent`` has been through ``tui.core.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from tui.core.content.cid import MAX_BLOCK, parse_cid
from tui.core.errors import ContentError
from tui.core.text import clean_line, clean_text

MAX_SHOWN = MAX_BLOCK
"""Largest block shown (256 KiB, one raw block: an article body); bigger ones are refused."""


class FetchOutcome(StrEnum):
    """What came back for a CID, and so how it is shown."""

    POST = "post"
    ARTICLE = "article"
    """ERC-721 article metadata: title, summary and the CID of its Markdown body."""
    PROFILE = "profile"
    TEXT = "text"
    """Any other UTF-8 text: shown as plain text (an article body, read through its article,
    is rendered as Markdown)."""
    BINARY = "binary"
    TOO_LARGE = "too_large"
    INVALID = "invalid"
    """The bytes did not hash to the CID (or the document is malformed): never shown."""
    UNAVAILABLE = "unavailable"
    UNSUPPORTED = "unsupported"
    """Not a CIDv1 raw sha2-256 identifier (bafkrei…): Agora cannot verify it."""

    @property
    def shown(self) -> bool:
        return self in (self.POST, self.ARTICLE, self.PROFILE, self.TEXT)


@dataclass(frozen=True)
class FetchedContent:
    """The verified (or refused) content behind a CID. Strings are sanitised."""

    cid: str
    outcome: FetchOutcome
    source: str = ""
    """Where verified bytes came from: the local store, a gateway URL, the fake store."""
    title: str = ""
    """Post: empty; article: title; profile: name."""
    text: str = ""
    """Post text, article summary, profile bio, or the plain text."""
    detail: str = ""
    """Content warning of a post, profile links (one a line), or why it is not shown."""
    body_cid: str = ""
    """An article's Markdown body (fetched and verified separately)."""
    size: int = 0


def ipfs_cid(href: str) -> str | None:
    """The CID an ``ipfs://<cid>`` link or an ``https://host/ipfs/<cid>`` gateway URL names.

    None when the link names no CID or a path inside one (directories are not raw blocks).
    """
    if href.startswith("ipfs://"):
        rest = href.removeprefix("ipfs://").rstrip("/")
    elif href.startswith("https://"):
        path = urlsplit(href).path
        if not path.startswith("/ipfs/"):
            return None
        rest = path.removeprefix("/ipfs/").rstrip("/")
    else:
        return None
    if not rest or "/" in rest or not rest.isalnum() or not rest.isascii():
        return None
    return rest


def unsupported(cid: str) -> FetchedContent | None:
    """A refusal when ``cid`` is not one Agora can verify, else None."""
    try:
        parse_cid(cid)
    except ContentError as exc:
        return FetchedContent(
            clean_line(cid, 120),
            FetchOutcome.UNSUPPORTED,
            detail=clean_line(f"{exc.message} Agora verifies only bafkrei… raw blocks.", 300),
        )
    return None


def classify(cid: str, data: bytes, source: str) -> FetchedContent:
    """Turn verified bytes into something safe to show (parse strictly, sanitise everything)."""
    from tui.core.content import documents

    size = len(data)
    where = clean_line(source, 200)
    if size > MAX_SHOWN:
        return FetchedContent(
            cid, FetchOutcome.TOO_LARGE, where, size=size,
            detail=f"{size:,} bytes: more than the {MAX_SHOWN:,} bytes Agora shows.",
        )  # fmt: skip
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return FetchedContent(
            cid, FetchOutcome.BINARY, where, size=size,
            detail=f"{size:,} bytes that are not UTF-8 text (an image or a file?): not shown.",
        )  # fmt: skip
    if text.lstrip().startswith("{"):
        try:
            post = documents.parse_post(data)
        except ContentError:
            pass
        else:
            return FetchedContent(
                cid, FetchOutcome.POST, where, text=clean_text(post.text, 8000),
                detail=clean_line(post.content_warning, 200), size=size,
            )  # fmt: skip
        try:
            profile = documents.parse_profile(data)
        except ContentError:
            pass
        else:
            links = "\n".join(clean_line(u, 512) for u in profile.links)
            return FetchedContent(
                cid, FetchOutcome.PROFILE, where, title=clean_line(profile.name, 64),
                text=clean_text(profile.bio, 1024), detail=links, size=size,
            )  # fmt: skip
        try:
            meta = documents.parse_article_metadata(data)
        except ContentError:
            pass
        else:
            return FetchedContent(
                cid, FetchOutcome.ARTICLE, where, title=clean_line(meta.name, 200),
                text=clean_text(meta.description, 1000), body_cid=meta.body_cid, size=size,
            )  # fmt: skip
    return FetchedContent(
        cid, FetchOutcome.TEXT, where, text=clean_text(text, MAX_SHOWN), size=size
    )
