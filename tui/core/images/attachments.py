"""Images attached to posts: checked before they are stored, checked again when they are shown.

Attaching reads the file (never more than one raw block and a byte), sniffs its type from the
bytes, decodes it in the sandbox (tui.core.images.sandbox: bytes, dimensions and pixels capped)
and only then stores it as a raw block, so a post never points at something readers cannot draw.
Showing fetches the block through the verified content layer, re-sniffs it (the document's
``mime`` is a claim) and decodes it in the same sandbox; every failure becomes a short reason
for the text fallback. No Textual imports.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.core.content.cid import MAX_BLOCK, verify
from tui.core.content.documents import IMAGE_TYPES, MAX_ALT, MAX_ATTACHMENTS, Attachment
from tui.core.content.store import BlockStore
from tui.core.errors import ContentError
from tui.core.images.decode import Raster
from tui.core.images.limits import DEFAULT_LIMITS, ImageError, ImageLimits
from tui.core.text import clean_line

ATTACH_LIMITS = ImageLimits(max_bytes=MAX_BLOCK)
"""What an attachment is held to: one raw block of bytes, the image layer's pixel caps."""

EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}
"""The file extension for each sniffed type (the temp file ``o`` opens gets it)."""


def sniff(data: bytes) -> str:
    """The image type the bytes themselves say (magic numbers), "" when none we allow."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return ""


def too_large(name: str, size: int) -> ContentError:
    """The refusal for a file over one raw block: its size, the cap, and how to get under it."""
    return ContentError(
        f"{name} is {size:,} bytes; an image can be at most {MAX_BLOCK:,} bytes "
        "(256 KiB, one raw block).",
        hint="Shrink it (fewer pixels, or JPEG/WebP at a lower quality) and attach it again.",
    )


@dataclass(frozen=True)
class PreparedImage:
    """A checked image ready to store: its bytes and the attachment entry that names them."""

    data: bytes
    attachment: Attachment
    name: str
    """The file's name (for lists and confirmations), sanitised."""


def _dimensions(data: bytes) -> tuple[int, int]:
    """Width and height from the header (only after the sandbox decoded it without harm)."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:  # lazy: reads the header, not the pixels
        width, height = image.size
    return int(width), int(height)


Decoder = Callable[[bytes, ImageLimits], Raster]


def _decoder(decode: Decoder | None) -> Decoder:
    """The sandboxed decoder unless a test passes the in-process one."""
    if decode is not None:
        return decode
    from tui.core.images.sandbox import decode_bounded

    return decode_bounded


def check_image(
    data: bytes,
    alt: str,
    *,
    name: str = "the image",
    decode: Decoder | None = None,
) -> PreparedImage:
    """Check ``data`` as an attachment; raise ContentError (ImageError) with the reason.

    Args:
        data: the file's bytes.
        alt: the description readers see in place of the image (what compact mode, screen
            readers and every failed fetch show; may be empty, but should not be).
        name: how the messages call the file.
        decode: the bounded decoder (``sandbox.decode_bounded``; tests pass the in-process one).
    """
    shown = clean_line(name, 80)
    if len(data) > MAX_BLOCK:
        raise too_large(shown, len(data))
    if not data:
        raise ImageError(f"{shown} is empty.")
    mime = sniff(data)
    if not mime:
        raise ImageError(
            f"{shown} is not a PNG, JPEG, GIF or WebP image.",
            hint="Convert it to one of those formats (SVG is not attached: see the README).",
        )
    alt = alt.strip()
    if len(alt) > MAX_ALT:
        raise ContentError(f"The alt text is {len(alt):,} characters; the limit is {MAX_ALT:,}.")
    _decoder(decode)(data, ATTACH_LIMITS)  # raises ImageError: truncated, a bomb, too many pixels
    try:
        width, height = _dimensions(data)
    except (OSError, ValueError):
        raise ImageError(f"{shown} could not be read.") from None
    import hashlib

    from tui.core.content.cid import cid_from_digest

    cid = cid_from_digest(hashlib.sha256(data).digest())
    return PreparedImage(data, Attachment(cid, mime, alt, width, height, len(data)), shown)


def read_image(path: Path, alt: str, **kwargs: object) -> PreparedImage:
    """Read and check the file at ``path`` (never more than one block and a byte)."""
    name = path.name or str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BLOCK + 1)
            if len(data) > MAX_BLOCK:
                handle.seek(0, 2)
                raise too_large(clean_line(name, 80), handle.tell())
    except OSError as exc:
        raise ContentError(
            f"Cannot read {clean_line(str(path), 200)}: {clean_line(exc.strerror or '', 100)}."
        ) from None
    return check_image(data, alt, name=name, **kwargs)  # type: ignore[arg-type]


def store_images(images: list[PreparedImage], store: BlockStore) -> tuple[Attachment, ...]:
    """Put each checked image in the local store (before any transaction points at it)."""
    if len(images) > MAX_ATTACHMENTS:
        raise ContentError(f"At most {MAX_ATTACHMENTS} images can be attached to a post.")
    for image in images:
        if store.put(image.data) != image.attachment.cid:
            raise ContentError("The stored image does not match its CID.")
    return tuple(image.attachment for image in images)


# --- drafts (the images of an unsent post) -------------------------------------------------

ATTACHMENTS_FIELD = "attachments"
"""The draft field that keeps a post's attachments (JSON text: drafts hold strings)."""


def draft_field(attachments: tuple[Attachment, ...]) -> str:
    """The draft's text for ``attachments`` (the bytes are already in the content store)."""
    import json

    return json.dumps([a.to_json() for a in attachments]) if attachments else ""


def draft_attachments(text: str) -> tuple[Attachment, ...]:
    """The attachments a draft kept; () when none or the field is damaged."""
    import json

    from tui.core.content.documents import stored_attachments

    if not text:
        return ()
    try:
        return stored_attachments(json.loads(text))
    except ValueError:
        return ()


# --- articles (Markdown images) -------------------------------------------------------------

MAX_ARTICLE_IMAGES = 8
"""Images drawn per article (the rest stay as their alt text in the Markdown)."""

_MD_IMAGE = re.compile(
    r"!\[([^\]\n]{0,1000})\]\(\s{0,8}<?ipfs://([a-z2-7]{1,100})>?[^)\n]{0,300}\)"
)
"""``![alt](ipfs://CID "title")``: bounded repeats only, so a hostile body cannot make it
backtrack for long."""


def markdown_images(markdown: str) -> tuple[Attachment, ...]:
    """The ``ipfs://CID`` images an article's Markdown references (no type claim: sniffed)."""
    from tui.core.content.cid import is_cid

    found: dict[str, Attachment] = {}
    for match in _MD_IMAGE.finditer(markdown):
        cid = match.group(2)
        if cid in found or not is_cid(cid):
            continue
        found[cid] = Attachment(cid, "", clean_line(match.group(1), MAX_ALT))
        if len(found) >= MAX_ARTICLE_IMAGES:
            break
    return tuple(found.values())


# --- showing (what strangers attached) ------------------------------------------------------


@dataclass(frozen=True)
class ShownImage:
    """What a card draws for one attachment: the raster, or why there is none."""

    raster: Raster | None
    problem: str = ""
    """``not fetched``, ``too large`` or ``malformed`` (the fallback's words) when no raster."""
    data: bytes = b""
    """The verified bytes (what ``o`` opens)."""
    mime: str = ""
    """The type sniffed from the bytes (not the document's claim)."""


def show_image(
    attachment: Attachment,
    get_cid: Callable[[str], bytes],
    *,
    limits: ImageLimits = DEFAULT_LIMITS,
    decode: Decoder | None = None,
) -> ShownImage:
    """Fetch (verified), sniff and decode one attachment; never raises for its content."""
    try:
        data = get_cid(attachment.cid)
    except ContentError:
        return ShownImage(None, "not fetched")
    if not verify(attachment.cid, data):  # the getter is a content layer: check it anyway
        return ShownImage(None, "malformed")
    if len(data) > MAX_BLOCK or len(data) > limits.max_bytes:
        return ShownImage(None, "too large")
    mime = sniff(data)
    if not mime or (attachment.mime and mime != attachment.mime) or mime not in IMAGE_TYPES:
        return ShownImage(None, "malformed")  # "" claims nothing: an article's Markdown image
    try:
        raster = _decoder(decode)(data, limits)
    except ImageError as exc:
        return ShownImage(None, "too large" if "pixels" in exc.message else "malformed")
    return ShownImage(raster, "", data, mime)


def fallback_text(alt: str, problem: str) -> str:
    """``[image: alt] (not fetched)``: what stands in for an image that is not drawn."""
    label = clean_line(alt, 200) or "no description"
    return f"[image: {label}]" + (f" ({problem})" if problem else "")
