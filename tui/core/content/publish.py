"""Publishing content to an IPFS node through the Kubo RPC API, with a persistent retry queue.

Content is always written to the local store first (the chain may point at it before any node
has it). We then ``POST /api/v0/block/put?cid-codec=raw&mhtype=sha2-256&pin=true`` and require
the node's CID to equal ours: a node that stored something else has not published our content.
Failures leave the CID in a SQLite retry queue (the index database's ``publish_queue``).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass

import httpx

from tui.core.content.cid import cid_for
from tui.core.content.store import BlockStore
from tui.core.errors import ContentError
from tui.core.text import clean_line

DEFAULT_TIMEOUT = 30.0
RETRY_BASE = 30
RETRY_MAX = 3600


class PublishError(ContentError):
    """The IPFS node could not be reached, refused the block, or returned another CID."""


class KuboPublisher:
    """A Kubo (go-ipfs) RPC API client that can put raw blocks."""

    def __init__(self, api_url: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        if not api_url.startswith(("http://", "https://")):
            raise ContentError(f"Kubo RPC URL {clean_line(api_url, 100)!r} must be http(s).")
        self.api_url = api_url.rstrip("/")
        self._http = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)))

    def close(self) -> None:
        self._http.close()

    def publish(self, data: bytes) -> str:
        """Put ``data`` as a raw block, pinned; return its CID once the node confirmed it.

        Raises:
            PublishError: unreachable node, an error answer, or a CID that is not ours.
        """
        expected = cid_for(data)
        url = f"{self.api_url}/api/v0/block/put"
        params = {"cid-codec": "raw", "mhtype": "sha2-256", "mhlen": "32", "pin": "true"}
        try:
            response = self._http.post(url, params=params, files={"file": ("block", data)})
        except httpx.HTTPError as exc:
            raise PublishError(
                f"Cannot reach the IPFS node at {self.api_url}: {clean_line(str(exc), 200)}",
                hint="The content stays in the local store and will be retried.",
            ) from None
        if response.status_code != 200:
            detail = _kubo_message(response.content)
            raise PublishError(
                f"The IPFS node refused the block (HTTP {response.status_code}): {detail}"
            )
        try:
            reply = json.loads(response.content)
            cid = str(reply["Key"])
        except (ValueError, KeyError, TypeError):
            raise PublishError("The IPFS node sent a malformed block/put answer.") from None
        if cid != expected:
            raise PublishError(
                f"The IPFS node stored the block as {clean_line(cid, 80)}, not {expected}.",
                hint="Check that the node supports CIDv1 raw blocks with sha2-256.",
            )
        return cid


def _kubo_message(body: bytes) -> str:
    """Kubo errors are ``{"Message": …, "Code": …, "Type": "error"}``."""
    try:
        return clean_line(str(json.loads(body).get("Message", "")), 200)
    except (ValueError, AttributeError):
        return clean_line(body[:200].decode("utf-8", "replace"), 200)


@dataclass
class PublishOutcome:
    cid: str
    published: bool
    error: str = ""


class PublishQueue:
    """CIDs waiting for an IPFS node, with exponential backoff, in the index database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(self, cid: str, error: str = "", now: int | None = None) -> None:
        now = int(time.time()) if now is None else now
        row = self.conn.execute(
            "SELECT attempts FROM publish_queue WHERE cid = ?", (cid,)
        ).fetchone()
        attempts = (row[0] if row else 0) + 1
        delay = min(RETRY_BASE * 2 ** (attempts - 1), RETRY_MAX)
        self.conn.execute(
            "INSERT INTO publish_queue(cid, attempts, next_try, error) VALUES (?,?,?,?) "
            "ON CONFLICT(cid) DO UPDATE SET attempts = excluded.attempts, "
            "next_try = excluded.next_try, error = excluded.error",
            (cid, attempts, now + delay, clean_line(error, 500)),
        )

    def remove(self, cid: str) -> None:
        self.conn.execute("DELETE FROM publish_queue WHERE cid = ?", (cid,))

    def due(self, now: int | None = None, limit: int = 100) -> list[str]:
        now = int(time.time()) if now is None else now
        rows = self.conn.execute(
            "SELECT cid FROM publish_queue WHERE next_try <= ? ORDER BY next_try LIMIT ?",
            (now, limit),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def all(self) -> list[str]:
        return [str(r[0]) for r in self.conn.execute("SELECT cid FROM publish_queue")]


def publish(
    data: bytes,
    store: BlockStore,
    publisher: KuboPublisher | None,
    queue: PublishQueue | None = None,
) -> PublishOutcome:
    """Store ``data`` locally, then publish it; on failure queue it. Never raises for the node."""
    cid = store.put(data)
    if publisher is None:
        return PublishOutcome(cid, False, "no IPFS node is configured for this network")
    try:
        publisher.publish(data)
    except PublishError as exc:
        if queue is not None:
            queue.add(cid, exc.message)
        return PublishOutcome(cid, False, exc.message)
    if queue is not None:
        queue.remove(cid)
    return PublishOutcome(cid, True)


def retry_queued(
    store: BlockStore, publisher: KuboPublisher, queue: PublishQueue, now: int | None = None
) -> list[PublishOutcome]:
    """Re-publish every due CID from the local store."""
    outcomes = []
    for cid in queue.due(now):
        data = store.get(cid)
        if data is None:  # nothing left to publish from here
            queue.remove(cid)
            outcomes.append(PublishOutcome(cid, False, "no longer in the local store"))
            continue
        outcomes.append(publish(data, store, publisher, queue))
    return outcomes
