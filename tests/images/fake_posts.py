"""Fake posts with images: blocks in the fake backend's IPFS, attachments on its posts."""

from __future__ import annotations

import dataclasses

from tui.core.content.cid import cid_for
from tui.core.content.documents import Attachment
from tui.core.images.attachments import sniff
from tui.ui.backend import FakeBackend

TOP = 24
"""The newest post of a default FakeBackend: first in Global, its text plain (no CW)."""


def attach(
    backend: FakeBackend,
    post_id: int,
    images: list[tuple[bytes, str]],
    *,
    serve: bool = True,
    mime: str = "",
) -> tuple[Attachment, ...]:
    """Give post ``post_id`` these (bytes, alt) images; ``serve=False`` leaves them unfetchable."""
    attachments = []
    for data, alt in images:
        if serve:
            backend.add_fake_block(data)
        attachments.append(
            Attachment(cid_for(data), mime or sniff(data) or "image/png", alt, 48, 32, len(data))
        )
    post = dataclasses.replace(backend._by_id[post_id], attachments=tuple(attachments))
    backend._by_id[post_id] = post
    backend._posts = [post if p.id == post_id else p for p in backend._posts]
    return tuple(attachments)
