"""Links in articles are written by strangers: show the full target before anything opens it.

Only ``https://`` (opened in the browser) and ``ipfs://`` (opened in Agora through the verified
fetcher, as are ``https://…/ipfs/<cid>`` gateway links on request) are allowed; spaces, control
or invisible characters and a leading ``-`` are refused outright, and the host is shown in punycode so look-alikes stand out.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlsplit

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.errors import ContentError
from tui.core.text import clean_text
from tui.ui.ipfs import ipfs_cid

MAX_LINK = 2048


@dataclass(frozen=True)
class CheckedLink:
    url: str
    scheme: str
    host: str
    """Punycode (ASCII) host for https links; the CID for ipfs links."""
    unicode_host: str = ""


def check_link(href: str) -> CheckedLink:
    """Validate a link target; raises ContentError saying why it will not be opened."""
    if len(href) > MAX_LINK:
        raise ContentError("This link is too long to be genuine.")
    if href.startswith("-"):
        raise ContentError("This link starts with '-' and will not be opened.")
    for ch in href:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp"):
            raise ContentError("This link contains spaces or hidden characters.")
    if href.startswith("ipfs://"):
        cid = href.removeprefix("ipfs://").split("/", 1)[0]
        if not cid.isalnum():
            raise ContentError("This ipfs:// link has no valid CID.")
        return CheckedLink(href, "ipfs", cid)
    if not href.startswith("https://"):
        raise ContentError("Only https:// and ipfs:// links are opened.")
    parts = urlsplit(href)
    host = parts.hostname or ""
    if not host or parts.username or parts.password:
        raise ContentError("This link has no host, or hides a user name before the host.")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ContentError("This link's host name is not valid.") from None
    return CheckedLink(href, "https", ascii_host, host if ascii_host != host else "")


class LinkModal(ModalScreen[bool]):
    """Shows the full target of a link; ``enter``/``y`` opens it, ``o`` opens an IPFS one in
    Agora (verified), ``c`` copies an ipfs:// one, ``escape`` does nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "open", "Open", id="link.open", tooltip="Open this exact link"),
        Binding("o", "open_in_agora", "Open in Agora", id="link.open_in_agora", tooltip="Fetch IPFS content, verify it against its CID and show it in Agora"),
        Binding("c", "copy", "Copy", id="link.copy", tooltip="Copy the link to the clipboard"),
        Binding("escape,n", "cancel", "Cancel", id="link.cancel", tooltip="Do not open it"),
    ]  # fmt: skip

    def __init__(self, href: str) -> None:
        super().__init__(classes="agora-modal")
        self.href = href
        try:
            self.link: CheckedLink | None = check_link(href)
            self.problem = ""
        except ContentError as exc:
            self.link = None
            self.problem = clean_text(str(exc))
        self.cid = ipfs_cid(href) if self.link is not None else None
        """The CID an ipfs:// or gateway /ipfs/ link names: "open in Agora" fetches it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="link-dialog", classes="write-dialog"):
            yield Static(Content("Open link?"), classes="dialog-title")
            yield Static(Content(clean_text(self.href[:MAX_LINK])), id="link-target")
            link = self.link
            if link is None:
                yield Static(Content(self.problem), id="link-problem", classes="error")
                yield Static(Content("escape close"), classes="dialog-keys")
                return
            if link.scheme == "https":
                lines = f"Host: {link.host}"
                if link.unicode_host:
                    lines += f"\nShown as: {link.unicode_host} (international name: check it)"
                if self.cid:
                    lines += f"\nIPFS content {self.cid}: o fetches and verifies it in Agora"
                yield Static(Content(lines), id="link-host")
                keys = "enter/y open in the browser · escape cancel"
                if self.cid:
                    keys = "enter/y open in the browser · o open in Agora · escape cancel"
            else:
                yield Static(Content(f"IPFS content {link.host}"), id="link-host")
                keys = "enter/o open in Agora (verified) · c copy · escape cancel"
                if not self.cid:
                    keys = "c copy the link · escape cancel"
            yield Static(Content(keys), classes="dialog-keys")

    def action_open(self) -> None:
        link = self.link
        if link is None:
            self.app.bell()
            return
        if link.scheme == "https":
            self.app.open_url(link.url)
            self.dismiss(True)
        else:
            self.action_open_in_agora()

    def action_open_in_agora(self) -> None:
        """Close, then show the content through the verified fetcher (IpfsScreen)."""
        cid = self.cid
        if cid is None:
            self.app.bell()
            self.notify("This link names no single IPFS block to open.", markup=False)
            return
        from tui.ui.screens.ipfs_view import IpfsScreen

        app = self.app
        self.dismiss(True)
        app.push_screen(IpfsScreen(cid))

    def action_copy(self) -> None:
        if self.link is None:
            self.app.bell()
            return
        self.app.copy_to_clipboard(self.link.url)
        self.notify("Copied the link.", markup=False)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
