"""``--attach FILE --alt TEXT`` for ``agora post``: images checked and stored before signing."""

from __future__ import annotations

from pathlib import Path

from tui.core.content.documents import MAX_ATTACHMENTS, Attachment
from tui.core.context import AgoraContext
from tui.core.errors import UsageError


def attached(
    actx: AgoraContext, paths: tuple[Path, ...], alts: tuple[str, ...]
) -> tuple[Attachment, ...]:
    """Check each file (type, size, decoding) and put it in the local store; the n-th
    ``--alt`` describes the n-th ``--attach``."""
    if not paths:
        if alts:
            raise UsageError("--alt describes an image: give it after an --attach FILE.")
        return ()
    if len(alts) > len(paths):
        raise UsageError(f"{len(alts)} --alt texts for {len(paths)} attached images.")
    if len(paths) > MAX_ATTACHMENTS:
        raise UsageError(f"At most {MAX_ATTACHMENTS} images can be attached to a post.")
    from tui.core.images.attachments import read_image, store_images

    images = [read_image(path, alts[n] if n < len(alts) else "") for n, path in enumerate(paths)]
    return store_images(images, actx.content)
