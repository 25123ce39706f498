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
from textual_serve.app_service import AppService
from textual_serve.server import Server

from tui.web.guard import Guard

HERE = Path(__file__).parent
TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).parent / "static"
"""xterm.js, textual.js and the Roboto Mono font files, served from this machine."""

log = logging.getLogger("agora.serve")

QUIT_WAIT = 10.0
"""Seconds a closed tab's app process gets to quit before it is killed."""

SLOT_WAIT = 5.0
"""A reloaded page opens its WebSocket while the old page's app process is still quitting: a
new session waits this long for a slot before it is refused."""


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
        self.slot_wait = SLOT_WAIT
        """Seconds a new session waits for one that is ending (see ``SLOT_WAIT``)."""
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
        # No cap here: a reload asks for the new page while the old one (and its session) is
        # still open. The WebSocket, opened once the old page is gone, is where the cap holds.
        context = {
            "ws_url": self.public_url.replace("http", "ws", 1).rstrip("/") + "/ws",
            "font_size": _font_size(request.query.get("fontsize", "16")),
        }
        response = aiohttp_jinja2.render_template("agora.html", request, context)
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        """One tab: its app process lives exactly as long as its WebSocket (plus its quitting).

        textual-serve's own handler returns as soon as it asked the app to quit, so a session
        could end (and its slot be reused) while its process lingers, or never leaves if the
        app hangs. Here the slot is held until the process is gone, killed if it does not quit.
        """
        if not await self.slot_free():
            return busy(self.max_sessions)
        self.sessions += 1
        websocket = web.WebSocketResponse(heartbeat=15)
        service: AppService | None = None

        async def close() -> None:
            await websocket.close()

        try:
            await websocket.prepare(request)
            service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(*_size(request))
            try:
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a malformed message: this tab ends, the server stays
            log.warning("a session ended on an error: %s", type(error).__name__)
        finally:
            await _ended(service)
            self.sessions -= 1
        return websocket

    async def slot_free(self) -> bool:
        """Whether a session may start, waiting up to ``slot_wait`` for one that is ending."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.slot_wait
        while self.sessions >= self.max_sessions:
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.05)
        return True

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


async def _ended(service: AppService | None) -> None:
    """Wait for the session's process to quit; kill it after ``QUIT_WAIT`` seconds."""
    process = getattr(service, "_process", None)
    if process is None or process.returncode is not None:
        return
    try:
        await asyncio.wait_for(process.wait(), QUIT_WAIT)
    except TimeoutError:
        process.kill()
        await process.wait()


def _size(request: web.Request) -> tuple[int, int]:
    """The terminal size the page asks for, within sane bounds."""

    def number(name: str, default: int) -> int:
        try:
            return min(max(int(request.query.get(name, default)), 10), 1000)
        except ValueError:
            return default

    return number("width", 80), number("height", 24)


def _font_size(text: str) -> int:
    try:
        return min(max(int(text), 8), 40)
    except ValueError:
        return 16
