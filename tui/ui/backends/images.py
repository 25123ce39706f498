"""Post images for the screens: verified bytes of a CID, from the content layer or a fake.

Screens call ``images_for(app.backend).image_bytes(cid)`` from thread workers and pass the
bytes to ``tui.core.images.attachments.show_image``, which checks them against the CID again,
sniffs and decodes them in the sandbox. The fake serves the fake backend's in-memory IPFS, so
snapshots draw the images a test generated; ``stall`` makes a CID that never arrives.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any, Protocol

from tui.core.content.cid import MAX_BLOCK
from tui.core.content.fetch import ContentUnavailable


class ImagesBackend(Protocol):
    def image_bytes(self, cid: str) -> bytes:
        """The block ``cid`` names, verified (raises ContentError when no source has it)."""
        ...

    def store(self, data: bytes) -> str:
        """Keep an image the user attached (before any transaction); return its CID."""
        ...


class CoreImages:
    """The local store first, then the network's gateways (one raw block at most)."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def store(self, data: bytes) -> str:
        return str(self.backend.ctx.content.put(data))

    def image_bytes(self, cid: str) -> bytes:
        ctx = self.backend.ctx
        local = ctx.content.get(cid)  # re-verified on read
        if local is not None:
            return bytes(local)
        network = getattr(self.backend, "_verified", None) or getattr(
            self.backend, "_network", None
        )
        if network is None:
            from tui.core.index.service import cached_network

            network = cached_network(ctx)
        gateways = list(network.gateways) if network is not None else []
        if not gateways:
            raise ContentUnavailable("Not in the local store, and no IPFS gateway is configured.")
        from tui.core.content.fetch import GatewayFetcher

        with GatewayFetcher(ctx.content, gateways, max_bytes=MAX_BLOCK) as fetcher:
            result = fetcher.fetch(cid)  # bounded by the fetcher's per-CID deadline
        if result.data is None:
            raise ContentUnavailable(result.error or "No gateway had the image.")
        return result.data


class FakeImages:
    """The fake backend's in-memory IPFS (``add_fake_block``); for tests only."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.stall: set[str] = set()
        """CIDs whose fetch never returns (until ``release`` is set): an unknown CID."""
        self.release = threading.Event()

    def store(self, data: bytes) -> str:
        return str(self.backend.add_fake_block(data))

    def image_bytes(self, cid: str) -> bytes:
        if cid in self.stall:
            self.release.wait()
        data = self.backend.fake_ipfs.get(cid)
        if data is None:
            raise ContentUnavailable("Not in the fake in-memory IPFS store.")
        return bytes(data)


_BY_BACKEND: weakref.WeakKeyDictionary[Any, ImagesBackend] = weakref.WeakKeyDictionary()


def images_for(backend: Any) -> ImagesBackend:
    """The images side of ``backend`` (built on first use and kept with it)."""
    found = _BY_BACKEND.get(backend)
    if found is None:
        from tui.ui.backend import CoreBackend

        found = CoreImages(backend) if isinstance(backend, CoreBackend) else FakeImages(backend)
        _BY_BACKEND[backend] = found
    return found
