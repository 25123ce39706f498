"""Verified content fetch: the local store first, then trustless IPFS gateways.

Gateways are strangers' servers. We ask for the raw block (``GET /ipfs/{cid}?format=raw`` with
``Accept: application/vnd.ipld.raw``), stream at most 2 MiB, and hash every byte against the
CID before anything parses it. A gateway that answers with other bytes is skipped; content no
gateway could prove is never cached and never shown as genuine.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from tui.core.content.cid import parse_cid, verify
from tui.core.content.store import BlockStore
from tui.core.errors import ContentError
from tui.core.text import clean_line, is_digits

if TYPE_CHECKING:
    import httpx

MAX_FETCH = 2 * 1024 * 1024
"""Refuse any block larger than this (SECURITY.md §15); streaming stops as soon as it is passed."""
RAW = "application/vnd.ipld.raw"
DEFAULT_TIMEOUT = 10.0
GATEWAY_COOLDOWN = 30.0
"""Seconds a gateway that failed to connect is skipped before being tried again."""
SLOW_COOLDOWN = 60.0
"""Seconds a gateway that timed out on one CID is asked last for the others (not skipped:
it may be the only one that has them)."""


class FetchStatus(StrEnum):
    VERIFIED = "verified"
    UNAVAILABLE = "unavailable"
    INVALID = "invalid"


@dataclass(frozen=True)
class FetchResult:
    """The outcome for one CID. ``data`` is set only when the bytes hash to the CID."""

    cid: str
    status: FetchStatus
    data: bytes | None = None
    source: str = ""
    """``local`` or the gateway URL that served verified bytes."""
    error: str = ""
    oversized: bool = False
    """A source offered more than ``max_bytes`` (and no source had the verified bytes)."""
    mismatched: bool = False
    """A source sent bytes that do not hash to the CID (and none sent ones that do)."""


class ContentUnavailable(ContentError):
    """No source had the content (it may appear later)."""


class ContentInvalid(ContentError):
    """A source answered with bytes that do not hash to the CID, or too many bytes."""


class _Oversized(Exception):
    pass


class GatewayFetcher:
    """Fetch CIDs from the local store or gateways, verify, and cache what verifies.

    Thread-safe: one instance can serve many worker threads (httpx.Client is thread-safe).
    """

    def __init__(
        self,
        store: BlockStore,
        gateways: Iterable[str] = (),
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = MAX_FETCH,
        concurrency: int = 4,
        cid_timeout: float | None = None,
    ) -> None:
        self.store = store
        self.gateways = [g.rstrip("/") for g in gateways]
        self.max_bytes = max_bytes
        self.concurrency = max(1, concurrency)
        self.cid_timeout = cid_timeout if cid_timeout is not None else timeout * 2
        """Most seconds one CID may take over every gateway together (a gateway that trickles
        bytes, or several slow ones in turn, cannot hold a fetch longer than this)."""
        self.timeout = timeout
        import httpx  # here: ``agora sync --no-fetch`` and a cached first paint never need it

        self._http: httpx.Client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            follow_redirects=False,
            headers={"Accept": RAW, "User-Agent": "agora-tui"},
        )
        self._down: dict[str, float] = {}
        self._slow: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GatewayFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self, gateway: str, cid: str, deadline: float) -> bytes:
        import httpx

        url = f"{gateway}/ipfs/{cid}"
        left = max(deadline - time.monotonic(), 0.01)
        timeout = httpx.Timeout(min(self.timeout, left), connect=min(self.timeout, left, 5.0))
        with self._http.stream("GET", url, params={"format": "raw"}, timeout=timeout) as response:
            if response.status_code != 200:
                raise httpx.HTTPStatusError(
                    f"HTTP {response.status_code}", request=response.request, response=response
                )
            declared = response.headers.get("content-length")
            if declared and is_digits(declared) and int(declared) > self.max_bytes:
                raise _Oversized
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise _Oversized
                if time.monotonic() > deadline:  # bytes trickling in: give up on this CID
                    raise httpx.ReadTimeout("the CID's time ran out", request=response.request)
                chunks.append(chunk)
        return b"".join(chunks)

    def _usable(self, gateway: str) -> bool:
        with self._lock:
            until = self._down.get(gateway, 0.0)
        return until <= time.monotonic()

    def _ordered(self) -> list[str]:
        """The gateways, those that recently timed out last (stable otherwise)."""
        now = time.monotonic()
        with self._lock:
            slow = {g for g, until in self._slow.items() if until > now}
        return sorted(self.gateways, key=lambda g: g in slow)

    def fetch(self, cid: str) -> FetchResult:
        """Return verified bytes for ``cid`` or say why not. Never raises for network errors."""
        import httpx

        try:
            parse_cid(cid)
        except ContentError as exc:
            return FetchResult(cid, FetchStatus.INVALID, error=exc.message)
        local = self.store.get(cid)
        if local is not None:
            return FetchResult(cid, FetchStatus.VERIFIED, local, "local")
        errors: list[str] = []
        oversized = mismatched = False
        deadline = time.monotonic() + self.cid_timeout
        for gateway in self._ordered():
            if not self._usable(gateway):
                errors.append(f"{gateway}: cooling down")
                continue
            if time.monotonic() >= deadline:
                errors.append(f"{gateway}: not tried (the CID's time ran out)")
                continue
            try:
                data = self._read(gateway, cid, deadline)
            except _Oversized:
                oversized = True
                errors.append(f"{gateway}: more than {self.max_bytes:,} bytes")
                continue
            except httpx.HTTPStatusError as exc:
                errors.append(f"{gateway}: HTTP {exc.response.status_code}")
                continue
            except (httpx.ConnectError, httpx.ConnectTimeout):
                with self._lock:
                    self._down[gateway] = time.monotonic() + GATEWAY_COOLDOWN
                errors.append(f"{gateway}: unreachable")
                continue
            except httpx.TimeoutException:
                with self._lock:
                    self._slow[gateway] = time.monotonic() + SLOW_COOLDOWN
                errors.append(f"{gateway}: timed out")
                continue
            except httpx.HTTPError as exc:
                errors.append(f"{gateway}: {clean_line(type(exc).__name__, 60)}")
                continue
            if not verify(cid, data):
                mismatched = True
                errors.append(f"{gateway}: bytes do not match the CID")
                continue
            self.store.put(data)
            return FetchResult(cid, FetchStatus.VERIFIED, data, gateway)
        status = FetchStatus.INVALID if oversized or mismatched else FetchStatus.UNAVAILABLE
        message = "; ".join(errors) if errors else "no gateway is configured"
        return FetchResult(
            cid, status, error=clean_line(message, 500), oversized=oversized, mismatched=mismatched
        )

    def fetch_many(self, cids: Iterable[str]) -> list[FetchResult]:
        """Fetch several CIDs with at most ``concurrency`` requests in flight."""
        unique = list(dict.fromkeys(cids))
        if len(unique) <= 1:
            return [self.fetch(c) for c in unique]
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="agora-fetch") as pool:
            return list(pool.map(self.fetch, unique))

    def get(self, cid: str) -> bytes:
        """Verified bytes for ``cid``; raises ContentUnavailable or ContentInvalid."""
        result = self.fetch(cid)
        if result.data is not None:
            return result.data
        if result.status is FetchStatus.INVALID:
            raise ContentInvalid(
                f"Content {cid} failed verification: {result.error}",
                hint="A gateway sent bytes that do not match the CID; they were discarded.",
            )
        raise ContentUnavailable(
            f"Content {cid} is not available: {result.error}",
            hint="Check the network's gateways (agora config show), or try again later.",
        )
