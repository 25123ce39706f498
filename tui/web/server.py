"""``agora serve``'s web server: textual-serve's, behind the guard, with Agora's own page.

textual-serve runs one app process per WebSocket (one per browser tab). This subclass keeps its
process plumbing and replaces what faces the network: the guard (tui/web/guard.py) in front of
every route, a page without third-party fonts or inline script (so the CSP can forbid both), no
file-download route (Agora delivers no files), a cap on live sessions, and a socket bound before
the URL is printed, so the URL always names the real port (the page's WebSocket URL is built
from it; port 0 would break it).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Callable
from pathlib import Path

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import web
from textual_serve.server import Server

from tui.web.guard import Guard

HERE = Path(__file__).parent
TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).parent / "static"
"""xterm.js, textual.js and the Roboto Mono font files, served from this machine."""

log = logging.getLogger("agora.serve")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (127.0.0.0/8, ::1) or ``localhost``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.setblocking(False)
    return sock


def url_host(host: str) -> str:
    return f"[{host.strip('[]')}]" if ":" in host else host


class AgoraServer(Server):
    """textual-serve's server with the guard, Agora's page and a session cap.

    Args:
        command: Shell command starting one app process (``shlex.join``-quoted).
        sock: The bound listening socket (see ``bind``).
        public_url: The URL users open; defaults to ``http://HOST:PORT`` of ``sock``.
        max_sessions: Live app processes allowed at once (each holds its own wallet session).
        on_ready: Called with the login URL once the server listens.
    """

    def __init__(
        self,
        command: str,
        *,
        sock: socket.socket,
        public_url: str | None = None,
        max_sessions: int = 1,
        on_ready: Callable[[str], None] | None = None,
    ) -> None:
        host, port = sock.getsockname()[:2]
        super().__init__(
            command,
            host=host,
            port=port,
            title="Agora",
            public_url=public_url or f"http://{url_host(host)}:{port}",
            templates_path=HERE / "templates",
            statics_path=TEXTUAL_SERVE_STATIC,
        )
        self.sock = sock
        self.guard = Guard(self.public_url)
        self.max_sessions = max_sessions
        self.sessions = 0
        """App processes running now."""
        self.on_ready = on_ready

    # --- the aiohttp application ----------------------------------------------------------
    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        self.guard.install(app)
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.static("/agora", HERE / "static", name="agora"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        return app

    def initialize_logging(self) -> None:
        """Plain warnings only: textual-serve's rich tracebacks print local variables, and a
        failing message handler's locals hold what the user typed (a passphrase, say)."""
        logging.basicConfig(level=logging.WARNING, format="agora serve: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        if self.on_ready is not None:
            self.on_ready(self.guard.login_url)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.sessions >= self.max_sessions:
            return busy(self.max_sessions)
        context = {
            "ws_url": self.public_url.replace("http", "ws", 1).rstrip("/") + "/ws",
            "font_size": _font_size(request.query.get("fontsize", "16")),
        }
        response = aiohttp_jinja2.render_template("agora.html", request, context)
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if self.sessions >= self.max_sessions:
            return busy(self.max_sessions)
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1

    # --- running --------------------------------------------------------------------------
    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C (or SIGTERM), on the socket bound beforehand."""
        import signal

        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_exit)
        web.run_app(
            self._make_app(),
            sock=self.sock,
            handle_signals=False,
            loop=loop,
            print=lambda *_args: None,
            access_log=None,
        )


def busy(limit: int) -> web.Response:
    """503: the session cap is reached (each tab is its own app process and wallet session)."""
    tabs = "one tab" if limit == 1 else f"{limit} tabs"
    return web.Response(
        status=503,
        text=(
            f"Agora is already open in {tabs}, the most this server allows. Close one, or "
            "restart `agora serve` with a larger --max-sessions.\n"
        ),
        content_type="text/plain",
    )


def _font_size(text: str) -> int:
    try:
        return min(max(int(text), 8), 40)
    except ValueError:
        return 16
