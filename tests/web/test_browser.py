"""End to end in a real browser: `agora serve` on a real anvil, driven by Chromium.

The page is opened through the printed one-time address; the app inside it posts, confirms and
shows the post, all with real keypresses. xterm.js draws on a canvas, so the assertions read
what the app did (its draft, its outbox, its index) and the screenshots are kept as artifacts
(test-artifacts/browser/, or $AGORA_TEST_ARTIFACTS).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.web.browser import (
    ScreenText,
    Served,
    agora_serve,
    artifacts_dir,
    descendants,
    launch,
    skip_reason,
    wait_until_still,
)
from tui.core.chain.rpc import RpcClient

REASON = skip_reason()
pytestmark = [pytest.mark.anvil, pytest.mark.skipif(REASON is not None, reason=REASON or "")]

T = TypeVar("T")
TEXT = "gm from the browser"


def eventually(probe: Callable[[], T | None], what: str, timeout: float = 60.0) -> T:
    """Poll ``probe`` until it returns something (bounded); fail saying what never happened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"{what} never happened within {timeout:.0f} s")


def query(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if not path.exists():
        return []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []
    finally:
        conn.close()


PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def served(
    request: pytest.FixtureRequest, anvil: RpcClient, isolated_home: Path, tmp_path: Path
) -> Iterator[Served]:
    """`agora serve` on a fresh deployment, with one account (passphrase-protected when the
    test is parametrized with ``protected=True``)."""
    from tests.deployed import deploy_contracts
    from tui.core.config.settings import Network, Settings, save_settings
    from tui.core.wallet import Secret
    from tui.core.wallet.stores import keyring_problem
    from tui.core.wallet.wallet import Wallet

    problem = keyring_problem()
    if problem:
        pytest.skip(f"no usable keyring to hold the test key: {problem}")
    deployment = deploy_contracts(anvil, DEV_KEYS[0])
    network = Network(
        name="e2e",
        rpc_url=anvil.url,
        chain_id=31337,
        social=deployment.social,
        articles=deployment.articles,
        deploy_block=deployment.block,
    )
    config = tmp_path / "agora-config" / "settings.toml"
    save_settings(Settings(network="e2e", networks={"e2e": network}), config)
    wallet = Wallet(isolated_home)
    protected = getattr(request, "param", False)
    wallet.import_key(
        Secret.from_hex_key(DEV_KEYS[2]),
        label="browser",
        passphrase=Secret(PASSPHRASE) if protected else None,
    )
    wallet.use(DEV_ADDRESSES[2])
    env = {**os.environ, "AGORA_HOME": str(isolated_home), "AGORA_CONFIG": str(config)}
    try:
        with agora_serve([], env) as server:
            yield server
        # Nothing typed in the page reaches the server's output (its logs, a tab's stderr).
        assert PASSPHRASE not in server.printed()
        assert "Traceback" not in server.printed(), server.printed()
    finally:
        wallet.remove(DEV_ADDRESSES[2])


@pytest.mark.parametrize("served", [False, True], ids=["keyring", "passphrase"], indirect=True)
def test_post_confirm_and_see_it_in_chromium(
    served: Served, isolated_home: Path, request: pytest.FixtureRequest, anvil: RpcClient
) -> None:
    """Post from the page; a protected account's passphrase is typed in the page too."""
    from playwright.sync_api import sync_playwright

    from tui.core.drafts import DraftStore

    protected = request.node.callspec.params["served"]
    anvil_url = anvil.url
    out = artifacts_dir() / ("passphrase" if protected else "keyring")
    out.mkdir(exist_ok=True)
    console: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 640})
            page = context.new_page()
            page.on("console", lambda message: console.append(message.text))
            screen = ScreenText(page)
            page.goto(served.url)
            page.wait_for_selector("body.-first-byte", timeout=90_000)
            # The token left the address bar; the session is a strict, script-proof cookie.
            assert "token" not in page.url
            (cookie,) = context.cookies()
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
            # The terminal's link add-on cannot open pages on its own (tui/web/static/agora.js).
            assert page.evaluate("window.open() === null && window.open('javascript:1') === null")

            # The app drew its tabs: keys now reach it (a still page may be one still loading).
            screen.wait_for(page, "Home", timeout=90)
            wait_until_still(page, timeout=60)  # the timeline painted
            page.screenshot(path=out / "1-timeline.png")
            # The tab is one process: Agora itself (exec'd, no shell), on the server's RPC URL.
            (tab,) = descendants(served.process.pid)
            argv = Path(f"/proc/{tab}/cmdline").read_bytes().split(b"\0")
            assert argv[1:4] == [b"-m", b"tui", b"--network"]
            assert argv[argv.index(b"--rpc-url") + 1] == anvil_url.encode()
            page.focus(".xterm-helper-textarea")
            time.sleep(0.3)

            # Compose: the draft the app saves as it is typed proves the keys arrived.
            drafts = DraftStore()
            for _attempt in range(3):
                mark = screen.mark()
                page.keyboard.press("n")
                try:  # the first key can reach an app still starting: press again
                    screen.wait_for(page, "escape close", since=mark, timeout=10)
                except AssertionError:
                    continue
                page.keyboard.type(TEXT, delay=40)
                try:
                    eventually(
                        lambda: drafts.load("post").get("text") == TEXT, "the draft", timeout=10
                    )
                    break
                except AssertionError:  # an early key reached a screen still loading: retry
                    page.keyboard.press("Escape")
                    drafts.delete("post")
                    time.sleep(1.0)
            else:
                page.screenshot(path=out / "failed-compose.png")
                raise AssertionError("the typed text never reached the app's draft")
            page.screenshot(path=out / "2-compose.png")

            # Send, then confirm in the confirmation modal, as in the terminal.
            mark = screen.mark()
            page.keyboard.press("Control+s")
            screen.wait_for(page, "Confirm transaction", since=mark)
            wait_until_still(page, timeout=20)
            page.screenshot(path=out / "3-confirm.png")
            mark = screen.mark()
            page.keyboard.press("y")
            if protected:  # then the passphrase, once the page shows its own dialog
                screen.wait_for(page, "Unlock account", since=mark)
                wait_until_still(page, timeout=20)
                page.screenshot(path=out / "3b-unlock.png")
                page.keyboard.type(PASSPHRASE, delay=20)
                page.keyboard.press("Enter")
            outbox = isolated_home / "outbox.sqlite"
            try:
                eventually(
                    lambda: query(outbox, "SELECT hash FROM txs WHERE status = 'confirmed'"),
                    "a confirmed transaction in the outbox",
                )
            except AssertionError as missing:  # what the page and the outbox show then
                page.screenshot(path=out / "failed-confirm.png")
                states = query(outbox, "SELECT status, error FROM txs")
                raise AssertionError(f"{missing}; outbox: {states}") from None

            # The app indexes its own post and shows it.
            def indexed() -> list[tuple[Any, ...]]:
                rows: list[tuple[Any, ...]] = []
                for db in (isolated_home / "index").glob("*.sqlite"):
                    rows += query(
                        db,
                        "SELECT p.id FROM posts p JOIN content c ON c.cid = p.cid "
                        "WHERE lower(p.author) = lower(?) AND c.text = ?",
                        (DEV_ADDRESSES[2], TEXT),
                    )
                return rows

            eventually(indexed, "the post in the app's index")
            page.keyboard.press("2")  # the global timeline
            wait_until_still(page, timeout=20)
            page.screenshot(path=out / "4-posted.png")

            # A reload is a new session in the same slot (--max-sessions 1), not "already open".
            reloaded = page.reload()
            assert reloaded is not None and reloaded.status == 200
            page.wait_for_selector("body.-first-byte", timeout=90_000)
        finally:
            browser.close()
    assert not [line for line in console if "script-src" in line], console


ATTACK = """<!DOCTYPE html><title>waiting</title><script>
const ws = new WebSocket("WS_URL");
ws.onopen = () => { document.title = "opened"; ws.send(JSON.stringify(["stdin", "q"])); };
ws.onerror = () => { if (document.title !== "opened") document.title = "refused"; };
</script>"""


@contextmanager
def attacker_site(ws_url: str) -> Iterator[int]:
    """Another web site on this machine: its page opens Agora's WebSocket (CSWSH)."""
    body = ATTACK.replace("WS_URL", ws_url).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def test_other_sites_cannot_reach_the_app_from_chromium(
    served: Served, isolated_home: Path
) -> None:
    """With the user logged in, a page on another origin (even another port of 127.0.0.1,
    which is the same *site*, so the SameSite cookie goes along) cannot open the app's
    WebSocket, and a name rebound to 127.0.0.1 cannot load the page."""
    from playwright.sync_api import sync_playwright

    agora_port = served.base.rsplit(":", 1)[1]
    ws_url = f"ws://127.0.0.1:{agora_port}/ws?width=80&height=24"
    with sync_playwright() as playwright, attacker_site(ws_url) as evil_port:
        # evil.test resolves to 127.0.0.1, as after a DNS rebinding.
        browser = launch(playwright, "--host-resolver-rules=MAP evil.test 127.0.0.1")
        try:
            context = browser.new_context()
            assert context.request.get(served.url).ok  # the user opened the printed link
            assert any(c["name"].startswith("agora_session_") for c in context.cookies())
            page = context.new_page()
            for site in (f"http://127.0.0.1:{evil_port}/", f"http://evil.test:{evil_port}/"):
                page.goto(site)
                page.wait_for_function("document.title !== 'waiting'", timeout=20_000)
                assert page.title() == "refused", site
            rebound = page.goto(f"http://evil.test:{agora_port}/")
            assert rebound is not None and rebound.status == 403
            assert "refused" in page.content()
        finally:
            browser.close()
    outbox = isolated_home / "outbox.sqlite"
    assert query(outbox, "SELECT hash FROM txs") == []
