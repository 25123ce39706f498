"""Where image bytes come from: the verified IPFS layer, ``data:`` URIs, or https, all capped.

``ipfs://CID`` goes through Agora's content layer (local store, then gateways, every byte hashed
against the CID, 2 MiB at most). ``https://`` is fetched with a short timeout, a byte cap that
stops the stream, and redirects only to https. Plain http, file paths and anything else are
refused: an image URL is a stranger's choice.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from urllib.parse import unquote_to_bytes, urlsplit

from tui.core.images.limits import DEFAULT_LIMITS, ImageError, ImageLimits
from tui.core.text import clean_line

HTTPS_TIMEOUT = 5.0
MAX_REDIRECTS = 3

GetCid = Callable[[str], bytes]
"""Verified bytes of a CID (the content layer's ``GatewayFetcher.get``)."""


def _data_uri(uri: str, limits: ImageLimits) -> bytes:
    header, sep, payload = uri[5:].partition(",")
    if not sep:
        raise ImageError("The data: URI has no data.")
    if len(payload) > limits.max_bytes * 2:
        raise ImageError(f"The image is larger than {limits.max_bytes // 1024} KiB.")
    if header.endswith(";base64"):
        try:
            data = base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            raise ImageError("The data: URI is not valid base64.") from None
    else:
        data = unquote_to_bytes(payload)
    if not data:
        raise ImageError("The data: URI is empty.")
    if len(data) > limits.max_bytes:
        raise ImageError(f"The image is larger than {limits.max_bytes // 1024} KiB.")
    return data


def _ipfs(uri: str, get_cid: GetCid | None) -> bytes:
    rest = uri[len("ipfs://") :]
    if rest.startswith("ipfs/"):
        rest = rest[len("ipfs/") :]
    if "/" in rest.strip("/") or "?" in rest or "#" in rest:
        raise ImageError("Only a bare ipfs://CID is supported for images, not a path in it.")
    if get_cid is None:
        raise ImageError("No IPFS content layer to fetch the image from.")
    return get_cid(rest.strip("/"))


def _https(url: str, limits: ImageLimits) -> bytes:
    import httpx

    with httpx.Client(timeout=HTTPS_TIMEOUT, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme != "https" or not parts.hostname:
                raise ImageError("Images are fetched over https only.")
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = str(response.next_request.url) if response.next_request else ""
                        continue
                    if response.status_code != 200:
                        raise ImageError(f"The image server answered HTTP {response.status_code}.")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limits.max_bytes:
                            raise ImageError(
                                f"The image is larger than {limits.max_bytes // 1024} KiB."
                            )
                        chunks.append(chunk)
                    return b"".join(chunks)
            except httpx.HTTPError as exc:
                raise ImageError(
                    f"The image could not be fetched: {clean_line(type(exc).__name__, 60)}."
                ) from None
    raise ImageError("The image URL redirects too often.")


def fetch_image(
    uri: str, *, get_cid: GetCid | None = None, limits: ImageLimits = DEFAULT_LIMITS
) -> bytes:
    """The encoded bytes ``uri`` names (not decoded: see ``sandbox.decode_bounded``).

    Raises:
        ImageError: an unsupported scheme, too many bytes, or the fetch failed.
        ContentError: the content layer could not verify an IPFS block.
    """
    value = uri.strip()
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme == "data":
        return _data_uri(value, limits)
    if scheme == "ipfs":
        return _ipfs(value, get_cid)
    if scheme == "https":
        return _https(value, limits)
    raise ImageError(f"Unsupported image address {clean_line(value, 60)!r} (https, ipfs or data).")
