"""ipfs:// links open in Agora through the verified fetcher: classify, fetch, screens, snapshots."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Markdown

from tests.ui.conftest import SIZES, build, settle
from tui.core.config.settings import Network, Settings
from tui.core.content.cid import cid_for
from tui.core.content.documents import (
    article_body,
    article_metadata,
    post_document,
    profile_document,
)
from tui.core.content.gateway import LocalGateway
from tui.core.content.markdown_bounds import plain_chunks
from tui.core.content.store import FakeContentStore
from tui.core.context import AgoraContext
from tui.ui.backend import CoreBackend, FakeBackend
from tui.ui.ipfs import MAX_SHOWN, FetchOutcome, classify, ipfs_cid
from tui.ui.screens.article_reader import ArticleReaderScreen
from tui.ui.screens.ipfs_view import IpfsScreen, body_content, status_content
from tui.ui.screens.link import LinkModal
from tui.ui.widgets.article_body import ArticleBody

HOSTILE = "\x1b]52;c;cm0gLXJmIH4=\x07[@click=app.quit]Click me[/] \u202egnp.exe"
POST = post_document(HOSTILE, created_at=1_750_000_000, content_warning="spoilers")
TEXT = b"Just a note on IPFS.\n[b]not bold[/b] and \x1b[31mnot red\x1b[0m"
BODY = article_body("# The body\n\nVerified **Markdown**, with a [link](ipfs://bafkreix).\n")
MISSING = cid_for(b"nobody has this")


# --- links and classification ------------------------------------------------------------------


def test_ipfs_cid_from_links() -> None:
    cid = cid_for(b"x")
    assert ipfs_cid(f"ipfs://{cid}") == cid
    assert ipfs_cid(f"ipfs://{cid}/") == cid
    assert ipfs_cid(f"https://dweb.example/ipfs/{cid}?format=raw") == cid
    assert ipfs_cid(f"ipfs://{cid}/index.html") is None  # a path inside a directory
    assert ipfs_cid("https://example.org/agora") is None
    assert ipfs_cid("http://gw.example/ipfs/" + cid) is None
    assert ipfs_cid("ipfs://") is None


def test_classify_documents_and_text() -> None:
    post = classify(cid_for(POST), POST, "local store")
    assert post.outcome is FetchOutcome.POST and post.detail == "spoilers"
    assert "\x1b" not in post.text and "\u202e" not in post.text
    assert "[@click=app.quit]" in post.text  # kept as text; rendered as Content, never markup
    assert "Click me" in body_content(post, revealed=True).plain
    assert "spoilers" in body_content(post, revealed=False).plain
    profile = classify("c", profile_document("Ada", "bio", links=("https://a.example",)), "x")
    assert (profile.outcome, profile.title, profile.detail) == (
        FetchOutcome.PROFILE,
        "Ada",
        "https://a.example",
    )
    body_cid = cid_for(BODY)
    article = classify("c", article_metadata("Title", "Summary", body_cid), "x")
    assert (article.outcome, article.title, article.body_cid) == (
        FetchOutcome.ARTICLE,
        "Title",
        body_cid,
    )
    text = classify("c", TEXT, "x")
    assert text.outcome is FetchOutcome.TEXT and "\x1b" not in text.text
    assert "[b]not bold[/b]" in "\n".join(plain_chunks(text.text))  # shown as plain text
    assert classify("c", b"\x89PNG\r\n\x1a\n\x00\xff", "x").outcome is FetchOutcome.BINARY
    big = classify("c", b"a" * (MAX_SHOWN + 1), "x")
    assert big.outcome is FetchOutcome.TOO_LARGE and "262,145 bytes" in big.detail
    assert classify("c", b'{"type": "agora.post"}', "x").outcome is FetchOutcome.TEXT


def test_status_lines_say_why() -> None:
    fake = FakeBackend()
    cid = fake.add_fake_block(TEXT)
    assert "✓ verified" in status_content(fake.fetch_verified(cid)).plain
    fake.fake_ipfs[cid] = b"other bytes"
    invalid = status_content(fake.fetch_verified(cid)).plain
    assert "✗ invalid content" in invalid and "do not match the CID" in invalid
    assert "? unavailable" in status_content(fake.fetch_verified(MISSING)).plain
    qm = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"
    assert "unsupported CID" in status_content(fake.fetch_verified(qm)).plain


# --- the real backend: local store, gateways, lies, caps ---------------------------------------


class _Liar(BaseHTTPRequestHandler):
    """A gateway that answers every CID with the same bytes (or too many of them)."""

    body = b"not what you asked for"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.ipld.raw")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def liar() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Liar)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _backend(home: Path, tmp_path: Path, gateways: list[str]) -> CoreBackend:
    network = Network(name="testnet", rpc_url="http://127.0.0.1:9", chain_id=31337)
    network.gateways = gateways
    ctx = AgoraContext(
        settings=Settings(network="testnet", networks={"testnet": network}),
        home=home,
        config_path=tmp_path / "settings.toml",
    )
    return CoreBackend(ctx)


def test_core_fetch_local_then_gateway_verified_and_cached(
    isolated_home: Path, tmp_path: Path
) -> None:
    remote = FakeContentStore()
    gateway = LocalGateway(remote).start()
    try:
        backend = _backend(isolated_home, tmp_path, [gateway.url])
        local_cid = backend.ctx.content.put(POST)
        local = backend.fetch_verified(local_cid)
        assert (local.outcome, local.source) == (FetchOutcome.POST, "local store")
        remote_cid = remote.put(TEXT)
        fetched = backend.fetch_verified(remote_cid)
        assert fetched.outcome is FetchOutcome.TEXT and fetched.source == gateway.url
        assert backend.ctx.content.get(remote_cid) == TEXT  # verified bytes are cached
        missing = backend.fetch_verified(MISSING)
        assert missing.outcome is FetchOutcome.UNAVAILABLE and "HTTP 404" in missing.detail
    finally:
        gateway.stop()


def test_core_fetch_refuses_lies_and_oversized(
    isolated_home: Path, tmp_path: Path, liar: str
) -> None:
    backend = _backend(isolated_home, tmp_path, [liar])
    lied = backend.fetch_verified(MISSING)
    assert lied.outcome is FetchOutcome.INVALID and "do not match" in lied.detail
    assert backend.ctx.content.get(MISSING) is None  # never cached
    _Liar.body = b"a" * (MAX_SHOWN + 10)
    try:
        big = backend.fetch_verified(MISSING)
    finally:
        _Liar.body = b"not what you asked for"
    assert big.outcome is FetchOutcome.TOO_LARGE


def test_core_fetch_without_gateways_is_unavailable(isolated_home: Path, tmp_path: Path) -> None:
    result = _backend(isolated_home, tmp_path, []).fetch_verified(MISSING)
    assert result.outcome is FetchOutcome.UNAVAILABLE and "no IPFS gateway" in result.detail


# --- the screens -------------------------------------------------------------------------------


def _ipfs_backend() -> tuple[FakeBackend, dict[str, str]]:
    backend = FakeBackend()
    body_cid = backend.add_fake_block(BODY)
    cids = {
        "post": backend.add_fake_block(POST),
        "text": backend.add_fake_block(TEXT),
        "article": backend.add_fake_block(article_metadata("Field notes", "On IPFS.", body_cid)),
        "invalid": cid_for(b"the real bytes"),
        "missing": MISSING,
    }
    backend.fake_ipfs[cids["invalid"]] = b"the fake bytes"
    return backend, cids


class _Reader(FakeBackend):
    def __init__(self, href: str) -> None:
        super().__init__()
        self.href = href

    def article_body(self, article: Any) -> str:
        return f"# Links\n\nSee [the note]({self.href}).\n"


@pytest.mark.anyio
async def test_article_link_opens_in_agora_verified() -> None:
    backend, cids = _ipfs_backend()
    reader = _Reader(f"ipfs://{cids['post']}")
    reader.fake_ipfs = backend.fake_ipfs
    app = build(reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_article(reader.articles()[0])
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleReaderScreen)
        await screen.workers.wait_for_complete()
        markdown = screen.query_one("#reader-body").query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, reader.href))
        await settle(pilot)
        assert isinstance(app.screen, LinkModal)
        keys = str(app.screen.query_one(".dialog-keys").render())
        assert "open in Agora" in keys
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IpfsScreen)
        assert "✓ verified" in str(app.screen.query_one("#ipfs-status").render())
        text = str(app.screen.query_one("#ipfs-text").render())
        assert "CW: spoilers" in text and "Click me" not in text
        await pilot.press("c")
        text = str(app.screen.query_one("#ipfs-text").render())
        assert "[@click=app.quit]Click me[/]" in text and "\x1b" not in text
        assert app.is_running  # the markup in the content ran nothing
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ArticleReaderScreen)


@pytest.mark.anyio
async def test_gateway_url_offers_agora_and_article_body_renders() -> None:
    backend, cids = _ipfs_backend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(LinkModal(f"https://gw.example/ipfs/{cids['article']}"))
        await settle(pilot)
        assert "o open in Agora" in str(app.screen.query_one(".dialog-keys").render())
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IpfsScreen)
        assert "Field notes" in str(screen.query_one("#ipfs-text").render())
        await screen.workers.wait_for_complete()
        body = screen.query_one("#ipfs-body", ArticleBody)
        assert body.complete and "The body" in body.source


@pytest.mark.anyio
async def test_link_with_a_path_is_only_copied() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(LinkModal(f"ipfs://{MISSING}/index.html"))
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, LinkModal)
        await pilot.press("c")
        await settle(pilot)
        assert not isinstance(app.screen, LinkModal | IpfsScreen)


def _open_link(key: str) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        backend: Any = pilot.app.backend
        href = f"ipfs://{backend.snapshot_cids[key]}"
        pilot.app.push_screen(LinkModal(href))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    return before


def _snapshot_app() -> Any:
    backend, cids = _ipfs_backend()
    backend.snapshot_cids = cids  # type: ignore[attr-defined]
    return build(backend)


@pytest.mark.parametrize("size", SIZES)
class TestIpfsSnapshots:
    def test_link_modal_ipfs(self, snap_compare: Any, size: Any) -> None:
        async def before(pilot: Any) -> None:
            await settle(pilot)
            pilot.app.push_screen(LinkModal(f"ipfs://{MISSING}"))
            await settle(pilot)

        assert snap_compare(build(), terminal_size=size, run_before=before)

    def test_opened_article(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(_snapshot_app(), terminal_size=size, run_before=_open_link("article"))

    def test_opened_plain_text(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(_snapshot_app(), terminal_size=size, run_before=_open_link("text"))

    def test_invalid(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(_snapshot_app(), terminal_size=size, run_before=_open_link("invalid"))

    def test_unavailable(self, snap_compare: Any, size: Any) -> None:
        assert snap_compare(_snapshot_app(), terminal_size=size, run_before=_open_link("missing"))
