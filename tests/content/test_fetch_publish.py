"""Verified fetch from gateways, hydrate statuses, the local gateway, and Kubo publishing."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tui.core.content.cid import cid_for
from tui.core.content.documents import post_document
from tui.core.content.fetch import (
    MAX_FETCH,
    ContentInvalid,
    ContentUnavailable,
    FetchStatus,
    GatewayFetcher,
)
from tui.core.content.gateway import LocalGateway
from tui.core.content.publish import (
    KuboPublisher,
    PublishError,
    PublishQueue,
    publish,
    retry_queued,
)
from tui.core.content.store import LocalContentStore
from tui.core.index.hydrate import hydrate, hydrate_local
from tui.core.index.schema import connect


class _Server:
    """A loopback HTTP server answering from a dict of path -> (status, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.requests.append((self.command, self.path, dict(self.headers), body))
                path = self.path.split("?")[0]
                status, payload = server.routes.get(path, (404, b"not found"))
                if callable(payload):
                    status, payload = payload(body)
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _answer

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}"

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    s = _Server()
    yield s
    s.close()


@pytest.fixture
def store(tmp_path: Path) -> LocalContentStore:
    return LocalContentStore(tmp_path / "content")


DOC = post_document("hello from a gateway", created_at=1)
CID = cid_for(DOC)


def test_fetch_verifies_and_caches(server: _Server, store: LocalContentStore) -> None:
    server.routes[f"/ipfs/{CID}"] = (200, DOC)
    with GatewayFetcher(store, [server.url]) as fetcher:
        result = fetcher.fetch(CID)
    assert result.status is FetchStatus.VERIFIED and result.data == DOC
    _method, path, headers, _ = server.requests[0]
    assert path == f"/ipfs/{CID}?format=raw"
    assert headers["Accept"] == "application/vnd.ipld.raw"
    assert store.get(CID) == DOC


def test_tampered_gateway_response_is_rejected(server: _Server, store: LocalContentStore) -> None:
    server.routes[f"/ipfs/{CID}"] = (200, DOC.replace(b"hello", b"HELLO"))
    with GatewayFetcher(store, [server.url]) as fetcher:
        result = fetcher.fetch(CID)
        assert result.status is FetchStatus.INVALID and result.data is None
        with pytest.raises(ContentInvalid):
            fetcher.get(CID)
    assert store.get(CID) is None


def test_a_lying_gateway_is_skipped_for_an_honest_one(
    server: _Server, store: LocalContentStore
) -> None:
    honest = _Server()
    try:
        server.routes[f"/ipfs/{CID}"] = (200, b"lies")
        honest.routes[f"/ipfs/{CID}"] = (200, DOC)
        with GatewayFetcher(store, [server.url, honest.url]) as fetcher:
            assert fetcher.fetch(CID).source == honest.url
    finally:
        honest.close()


def test_unavailable_cid(server: _Server, store: LocalContentStore) -> None:
    with GatewayFetcher(store, [server.url, "http://127.0.0.1:9"]) as fetcher:
        assert fetcher.fetch(CID).status is FetchStatus.UNAVAILABLE
        with pytest.raises(ContentUnavailable):
            fetcher.get(CID)


def test_oversized_block_is_refused_while_streaming(
    server: _Server, store: LocalContentStore
) -> None:
    server.routes[f"/ipfs/{CID}"] = (200, b"x" * (MAX_FETCH + 1))
    with GatewayFetcher(store, [server.url]) as fetcher:
        result = fetcher.fetch(CID)
    assert result.status is FetchStatus.INVALID
    assert "bytes" in result.error


def test_hydrate_records_each_status(
    server: _Server, store: LocalContentStore, tmp_path: Path
) -> None:
    malformed = b'{"type": "agora.post", "version": 1}'
    newer = json.dumps({"type": "agora.post", "version": 9, "text": "x"}).encode()
    evil = post_document("\x1b]52;c;cm0gLXJmIH4=\x07 click [@click=app.quit]me[/]", created_at=1)
    cids = {
        "ok": CID,
        "malformed": cid_for(malformed),
        "newer": cid_for(newer),
        "missing": cid_for(b"nobody has this"),
        "tampered": cid_for(b"genuine"),
        "evil": cid_for(evil),
    }
    for name, body in (("ok", DOC), ("malformed", malformed), ("newer", newer), ("evil", evil)):
        server.routes[f"/ipfs/{cids[name]}"] = (200, body)
    server.routes[f"/ipfs/{cids['tampered']}"] = (200, b"forged")
    conn = connect(tmp_path / "i.sqlite")
    conn.executemany(
        "INSERT INTO content(cid, kind) VALUES (?, 'post')", [(c,) for c in cids.values()]
    )
    with GatewayFetcher(store, [server.url]) as fetcher:
        result = hydrate(conn, fetcher.fetch_many)
    status = dict(conn.execute("SELECT cid, status FROM content"))
    assert {name: status[cid] for name, cid in cids.items()} == {
        "ok": "verified",
        "malformed": "invalid",
        "newer": "invalid",
        "missing": "unavailable",
        "tampered": "invalid",
        "evil": "verified",
    }
    assert (result.verified, result.invalid, result.unavailable) == (2, 3, 1)
    text = conn.execute("SELECT text FROM content WHERE cid = ?", (cids["evil"],)).fetchone()[0]
    assert "\x1b" not in text and "\x07" not in text  # escape sequences are made visible
    # Unavailable content is retried later, not immediately.
    assert hydrate(conn, fetcher.fetch_many).unavailable == 0


def test_local_gateway_serves_raw_blocks_only(store: LocalContentStore) -> None:
    store.put(DOC)
    gateway = LocalGateway(store).start()
    try:
        with httpx.Client(base_url=gateway.url) as http:
            ok = http.get(f"/ipfs/{CID}", params={"format": "raw"})
            assert ok.status_code == 200 and ok.content == DOC
            assert ok.headers["content-type"] == "application/vnd.ipld.raw"
            assert http.get(f"/ipfs/{cid_for(b'other')}?format=raw").status_code == 404
            assert http.get("/ipfs/../../etc/passwd?format=raw").status_code == 400
            assert http.get("/ipfs/QmNotACidV1?format=raw").status_code == 400
            assert http.get("/").status_code == 400
            assert http.post(f"/ipfs/{CID}", content=b"x").status_code == 405
        # Another Agora process fetches through it, verified.
        with GatewayFetcher(LocalContentStore(store.root.parent / "other"), [gateway.url]) as f:
            assert f.get(CID) == DOC
    finally:
        gateway.stop()


def _kubo_block_put(body: bytes) -> tuple[int, bytes]:
    """The documented Kubo /api/v0/block/put answer: {"Key": cid, "Size": n} (test double)."""
    data = body.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n--", 1)[0]
    return 200, json.dumps({"Key": cid_for(data), "Size": len(data)}).encode()


def test_publish_to_kubo(server: _Server, store: LocalContentStore, tmp_path: Path) -> None:
    server.routes["/api/v0/block/put"] = (200, _kubo_block_put)  # type: ignore[assignment]
    queue = PublishQueue(connect(tmp_path / "i.sqlite"))
    outcome = publish(DOC, store, KuboPublisher(server.url), queue)
    assert outcome.published and outcome.cid == CID
    _, path, _, _ = server.requests[0]
    assert path.startswith("/api/v0/block/put?") and "cid-codec=raw" in path
    assert "mhtype=sha2-256" in path
    assert queue.all() == []


def test_publish_refuses_another_cid(server: _Server, store: LocalContentStore) -> None:
    server.routes["/api/v0/block/put"] = (200, json.dumps({"Key": cid_for(b"x")}).encode())
    with pytest.raises(PublishError, match="not"):
        KuboPublisher(server.url).publish(DOC)


def test_failed_publish_is_queued_and_retried(
    server: _Server, store: LocalContentStore, tmp_path: Path
) -> None:
    queue = PublishQueue(connect(tmp_path / "i.sqlite"))
    down = publish(DOC, store, KuboPublisher("http://127.0.0.1:9"), queue)
    assert not down.published and store.get(CID) == DOC
    assert queue.all() == [CID]
    server.routes["/api/v0/block/put"] = (200, _kubo_block_put)  # type: ignore[assignment]
    assert retry_queued(store, KuboPublisher(server.url), queue, now=0) == []  # backing off
    outcomes = retry_queued(store, KuboPublisher(server.url), queue, now=2**40)
    assert [o.published for o in outcomes] == [True]
    assert queue.all() == []


def test_the_store_lists_what_it_holds_without_a_lookup_per_cid(
    store: LocalContentStore, tmp_path: Path
) -> None:
    """After a sync, the local pass asks about every new CID at once (one listing per shard);
    a hostile CID's "shard" never leads outside the store."""
    here = [store.put(post_document(f"post {i}", created_at=1)) for i in range(3)]
    absent = [cid_for(b"never stored"), "../../etc", "b" + "a" * 56 + "/.", ""]
    (tmp_path / "etc").mkdir()
    assert store.present(here + absent) == set(here)
    assert store.present([]) == set()
    assert store.cids() == set(here)
    # the local pass after a sync starts from the store and still verifies what it reads
    victim = here[0]
    (store.root / victim[-2:] / victim).write_bytes(b"tampered")
    conn = connect(tmp_path / "x.sqlite")
    conn.executemany(
        "INSERT INTO content(cid, kind) VALUES (?, 'post')", [(c,) for c in here + absent[:1]]
    )
    done = hydrate_local(conn, store)
    assert (done.verified, done.unavailable, done.invalid) == (2, 1, 0)
    status = dict(conn.execute("SELECT cid, status || attempts FROM content").fetchall())
    assert status == {
        victim: "pending0",
        here[1]: "verified0",
        here[2]: "verified0",
        absent[0]: "pending0",
    }
