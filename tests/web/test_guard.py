"""The guard in front of `agora serve`, through aiohttp's test client (no browser, no app).

The server under test is the real ``AgoraServer`` application; each tab's process is a
stand-in that announces itself like a Textual app and exits on its first input.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("textual_serve", reason="the web extra (agora-tui[web]) is not installed")

from aiohttp import WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

from tests.web.browser import descendants
from tui.web.guard import CSP
from tui.web.server import AgoraServer, bind

STAND_IN = "exec " + shlex.join(
    [
        sys.executable,
        "-c",
        "import sys; print('__GANGLION__', flush=True); sys.stdin.buffer.read(1)",
    ]
)
"""A stand-in for one tab's app process: says it is ready, leaves on its first input."""
SLOW_STAND_IN = "exec " + shlex.join(
    [
        sys.executable,
        "-c",
        "import sys, time; print('__GANGLION__', flush=True); sys.stdin.buffer.read(1); "
        "time.sleep(1)",
    ]
)
"""One that takes a second to quit, as a real app does."""
HUNG_STAND_IN = "exec " + shlex.join(
    [sys.executable, "-c", "import time; print('__GANGLION__', flush=True); time.sleep(120)"]
)
"""One that never quits."""


@asynccontextmanager
async def served(
    max_sessions: int = 1, command: str = STAND_IN
) -> AsyncIterator[tuple[AgoraServer, TestClient]]:
    sock = bind("127.0.0.1", 0)
    server = AgoraServer(command, sock=sock, max_sessions=max_sessions)
    server.slot_wait = 0.3
    sock.close()  # the test server listens on its own socket; the guard keeps the printed URL
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    try:
        yield server, client
    finally:
        await no_sessions(server)
        await client.close()


async def no_sessions(server: AgoraServer) -> None:
    """Wait (bounded) until every stand-in process has left."""
    for _ in range(200):
        if server.sessions == 0:
            return
        await asyncio.sleep(0.05)


def run(test: Callable[..., Awaitable[None]], **kwargs: Any) -> None:
    async def body() -> None:
        async with served(**kwargs) as (server, client):
            await test(server, client)

    asyncio.run(body())


def host(server: AgoraServer) -> dict[str, str]:
    """The headers a browser sends to the printed address."""
    return {"Host": server.guard.host}


def page_headers(server: AgoraServer) -> dict[str, str]:
    return {**host(server), "Origin": server.guard.origin}


async def log_in(server: AgoraServer, client: TestClient) -> None:
    response = await client.get(
        f"/?token={server.guard.token}", headers=host(server), allow_redirects=False
    )
    assert response.status == 302


def test_everything_is_refused_without_the_token() -> None:
    async def test(server: AgoraServer, client: TestClient) -> None:
        for path in ("/", "/ws", "/static/js/textual.js", "/agora/agora.js", "/nowhere"):
            response = await client.get(path, headers=page_headers(server))
            assert response.status == 403, path
            assert "agora serve" in await response.text()

    run(test)


def test_the_token_becomes_a_strict_http_only_cookie_and_leaves_the_address() -> None:
    async def test(server: AgoraServer, client: TestClient) -> None:
        response = await client.get(
            f"/?token={server.guard.token}", headers=host(server), allow_redirects=False
        )
        assert response.status == 302
        assert response.headers["Location"] == "/"  # the token is not kept in the address bar
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith(f"{server.guard.cookie_name}={server.guard.session};")
        assert "HttpOnly" in cookie
        assert "SameSite=Strict" in cookie
        assert "Path=/" in cookie
        assert server.guard.token not in cookie
        page = await client.get("/", headers=host(server))
        assert page.status == 200
        html = await page.text()
        assert server.guard.token not in html and server.guard.session not in html
        assert f'data-session-websocket-url="ws://{server.guard.host}/ws"' in html
        script = await client.get("/static/js/textual.js", headers=host(server))
        assert script.status == 200

    run(test)


def test_the_page_loads_nothing_from_elsewhere_and_nothing_inline() -> None:
    async def test(server: AgoraServer, client: TestClient) -> None:
        await log_in(server, client)
        page = await client.get("/", headers=host(server))
        html = await page.text()
        assert "googleapis" not in html and "http" not in html.replace(
            f"ws://{server.guard.host}/ws", ""
        )
        assert "<style" not in html
        assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
        assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE)  # no inline handlers
        assert page.headers["Content-Security-Policy"] == CSP
        assert "default-src 'self'" in CSP and "unsafe" not in CSP
        assert page.headers["X-Frame-Options"] == "DENY"

    run(test)


def test_the_token_works_once() -> None:
    async def test(server: AgoraServer, client: TestClient) -> None:
        await log_in(server, client)
        client.session.cookie_jar.clear()  # another browser, or a page replaying the link
        again = await client.get(
            f"/?token={server.guard.token}", headers=host(server), allow_redirects=False
        )
        assert again.status == 403
        assert "Set-Cookie" not in again.headers

    run(test)


def test_a_wrong_token_is_refused_and_does_not_use_up_the_real_one() -> None:
    async def test(server: AgoraServer, client: TestClient) -> None:
        wrong = await client.get("/?token=guess", headers=host(server), allow_redirects=False)
        assert wrong.status == 403
        await log_in(server, client)

    run(test)


def test_a_foreign_host_is_refused_even_with_the_cookie() -> None:
    """DNS rebinding: a foreign name resolving to 127.0.0.1 sends its own Host."""

    async def test(server: AgoraServer, client: TestClient) -> None:
        await log_in(server, client)
        for name in ("evil.example", f"evil.example:{server.port}", "localhost", ""):
            response = await client.get("/", headers={"Host": name})
            assert response.status == 403, name
        token = await client.get(f"/?token={server.guard.token}", headers={"Host": "evil.example"})
        assert token.status == 403

    run(test)


async def open_ws(client: TestClient, headers: dict[str, str]) -> Any:
    return await client.ws_connect("/ws", headers=headers)


def test_the_websocket_needs_the_cookie() -> None:
    async def test(server: AgoraServer, client: TestClient) -> None:
        with pytest.raises(WSServerHandshakeError) as refused:
            await open_ws(client, page_headers(server))
        assert refused.value.status == 403

    run(test)


def test_the_websocket_refuses_a_foreign_origin_even_with_the_cookie() -> None:
    """Cross-site WebSocket hijacking: a page elsewhere sends its own Origin (or none)."""

    async def test(server: AgoraServer, client: TestClient) -> None:
        await log_in(server, client)
        for origin in ("http://evil.example", "http://localhost:1", "null", "", None):
            headers = host(server) | ({"Origin": origin} if origin is not None else {})
            with pytest.raises(WSServerHandshakeError) as refused:
                await open_ws(client, headers)
            assert refused.value.status == 403, origin

    run(test)


def test_the_websocket_opens_with_the_cookie_and_the_page_origin() -> None:
    async def test(server: AgoraServer, client: TestClient) -> None:
        await log_in(server, client)
        ws = await open_ws(client, page_headers(server))
        await asyncio.sleep(0.2)
        assert server.sessions == 1
        await ws.close()

    run(test)


def test_sessions_are_capped() -> None:
    async def test(server: AgoraServer, client: TestClient) -> None:
        await log_in(server, client)
        first = await open_ws(client, page_headers(server))
        await asyncio.sleep(0.2)
        with pytest.raises(WSServerHandshakeError) as refused:
            await open_ws(client, page_headers(server))
        assert refused.value.status == 503
        page = await client.get("/", headers=host(server))
        assert page.status == 200  # the page itself may be a reload (see the next test)
        assert "--max-sessions" in await page.text()  # what its "not running" dialog says
        await first.close()
        await no_sessions(server)  # the stand-in process leaves on the quit message
        second = await open_ws(client, page_headers(server))
        await second.close()

    run(test, max_sessions=1)


def test_refusals_carry_the_security_headers_too() -> None:
    async def test(server: AgoraServer, client: TestClient) -> None:
        response = await client.get("/", headers={"Host": "evil.example"})
        assert response.status == 403
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Type"].startswith("text/plain")

    run(test)


def test_a_reload_waits_for_the_ending_session_instead_of_being_refused() -> None:
    async def test(server: AgoraServer, client: TestClient) -> None:
        server.slot_wait = 5.0
        await log_in(server, client)
        first = await open_ws(client, page_headers(server))
        await asyncio.sleep(0.2)
        page = await client.get("/", headers=host(server))  # reloading: the old page is open
        assert page.status == 200
        await first.close()  # the old page goes; its app takes a second to quit
        second = await open_ws(client, page_headers(server))
        await asyncio.sleep(0.2)
        assert server.sessions == 1
        await second.close()

    run(test, max_sessions=1, command=SLOW_STAND_IN)


def test_a_tab_that_never_quits_is_killed_and_frees_its_slot(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("tui.web.server.QUIT_WAIT", 0.5)

    async def test(server: AgoraServer, client: TestClient) -> None:
        await log_in(server, client)
        ws = await open_ws(client, page_headers(server))
        await asyncio.sleep(0.3)
        (pid,) = [p for p in descendants(os.getpid()) if "time.sleep(120)" in cmdline(p)]
        await ws.close()
        await no_sessions(server)
        assert server.sessions == 0
        assert not Path(f"/proc/{pid}").exists() or "zombie" in status(pid)

    run(test, command=HUNG_STAND_IN)


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return ""
