"""The guard in front of the served app: who may load the page and drive the app.

A server on loopback is still reachable by every web page the user opens (SECURITY.md 27).
textual-serve has no authentication and no Origin or Host check, so any site could open the
app's WebSocket and type into a wallet (cross-site WebSocket hijacking), and DNS rebinding could
reach it under a foreign name. The guard closes both:

* the printed URL carries a one-time token; redeeming it sets an ``HttpOnly``,
  ``SameSite=Strict`` session cookie and redirects to a URL without the token;
* every request needs that cookie, except the one redeeming the token;
* the WebSocket also needs the exact Origin of the page;
* the Host header must be the one in the printed URL (DNS rebinding sends another name);
* every response forbids framing and carries a CSP allowing only this origin.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'; object-src 'none'"
)
"""Only this origin: no inline script or style, no third-party fonts, no framing."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

REFUSED = (
    "Agora refused this request. Open the address `agora serve` printed, in the browser "
    "that runs on this computer."
)


@dataclass
class Guard:
    """The token, the session cookie and the one origin allowed to use them.

    Args:
        public_url: The URL the page is served at (``http://127.0.0.1:8765``); its origin is
            the only allowed Origin and its host the only allowed Host.
    """

    public_url: str
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    """Redeemable once, through the printed URL."""
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    """The cookie's value: the credential every later request carries."""
    redeemed: bool = False

    def __post_init__(self) -> None:
        parts = urlsplit(self.public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"not an http(s) URL: {self.public_url!r}")
        self.origin = f"{parts.scheme}://{parts.netloc}".lower()
        self.host = parts.netloc.lower()
        self.secure = parts.scheme == "https"
        # Cookies are shared by every port of a host: one name per served port, so two
        # `agora serve` on one machine do not overwrite each other's cookie.
        self.cookie_name = f"agora_session_{parts.port or (443 if self.secure else 80)}"

    @property
    def login_url(self) -> str:
        """The URL to print and open: the page with the one-time token."""
        return f"{self.public_url.rstrip('/')}/?token={self.token}"

    # --- checks ---------------------------------------------------------------------------
    def host_allowed(self, request: web.BaseRequest) -> bool:
        """The Host header names the printed host exactly (DNS rebinding sends another)."""
        return (request.headers.get("Host") or "").lower() == self.host

    def origin_allowed(self, request: web.BaseRequest) -> bool:
        """The Origin header is the page's own origin (a foreign page sends its own)."""
        return (request.headers.get("Origin") or "").lower() == self.origin

    def has_session(self, request: web.BaseRequest) -> bool:
        """The request carries the session cookie."""
        value = request.cookies.get(self.cookie_name, "")
        return hmac.compare_digest(value.encode(), self.session.encode())

    def redeem(self, token: str) -> bool:
        """Accept the token once; every later use (or a wrong token) is refused."""
        if self.redeemed or not hmac.compare_digest(token.encode(), self.token.encode()):
            return False
        self.redeemed = True
        return True

    def set_cookie(self, response: web.StreamResponse) -> None:
        response.set_cookie(
            self.cookie_name,
            self.session,
            httponly=True,
            samesite="Strict",
            secure=self.secure,
            path="/",
        )

    # --- aiohttp plumbing -----------------------------------------------------------------
    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse with 403 unless Host, cookie (or token) and, for the WebSocket, Origin fit."""
        if not self.host_allowed(request):
            return refused("The Host header is not the address `agora serve` printed.")
        token = request.query.get("token")
        if token is not None and request.path == "/":
            if self.redeem(token) or self.has_session(request):
                # Drop the token from the address bar and the history.
                response = web.Response(status=302, headers={"Location": "/"})
                self.set_cookie(response)
                return response
            return refused("This link was already used or is wrong; run `agora serve` again.")
        if not self.has_session(request):
            return refused("No session: open the address `agora serve` printed.")
        if request.path == "/ws" and not self.origin_allowed(request):
            return refused("The page's origin is not Agora's.")
        return await handler(request)

    async def add_headers(self, _request: web.Request, response: web.StreamResponse) -> None:
        """``on_response_prepare``: every response, refusals and errors included."""
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Cache-Control", "no-store")

    def install(self, app: web.Application) -> None:
        """Put the guard in front of every route of ``app``."""
        app.middlewares.insert(0, self.middleware)
        app.on_response_prepare.append(self.add_headers)


def refused(reason: str) -> web.Response:
    """A 403 with a plain-text reason (no markup: nothing in it comes from the request)."""
    return web.Response(status=403, text=f"{REFUSED}\n\n{reason}\n", content_type="text/plain")
