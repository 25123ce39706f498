"""Links in articles are written by strangers: show the full target before anything opens it.

Only ``https://`` (opened in the browser) and ``ipfs://`` (copied, to be fetched through
Agora's verified fetcher) are allowed; spaces, control or invisible characters and a leading
``-`` are refused outright, and the host is shown in punycode so look-alikes stand out.
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
    """Shows the full target of a link; ``enter``/``y`` opens (or copies) it, ``escape`` not."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "open", "Open", id="link.open", tooltip="Open this exact link"),
        Binding("escape,n", "cancel", "Cancel", id="link.cancel", tooltip="Do not open it"),
    ]

    def __init__(self, href: str) -> None:
        super().__init__(classes="agora-modal")
        self.href = href
        try:
            self.link: CheckedLink | None = check_link(href)
            self.problem = ""
        except ContentError as exc:
            self.link = None
            self.problem = clean_text(str(exc))

    def compose(self) -> ComposeResult:
        with Vertical(id="link-dialog", classes="write-dialog"):
            yield Static(Content("Open link?"), classes="dialog-title")
            yield Static(Content(self.href[:MAX_LINK]), id="link-target")
            link = self.link
            if link is None:
                yield Static(Content(self.problem), id="link-problem", classes="error")
                yield Static(Content("escape close"), classes="dialog-keys")
                return
            if link.scheme == "https":
                lines = f"Host: {link.host}"
                if link.unicode_host:
                    lines += f"\nShown as: {link.unicode_host} (international name: check it)"
                yield Static(Content(lines), id="link-host")
                keys = "enter/y open in the browser · escape cancel"
            else:
                yield Static(Content(f"IPFS content {link.host}"), id="link-host")
                keys = "enter/y copy the link · escape cancel"
            yield Static(Content(keys), classes="dialog-keys")

    def action_open(self) -> None:
        link = self.link
        if link is None:
            self.app.bell()
            return
        if link.scheme == "https":
            self.app.open_url(link.url)
        else:
            self.app.copy_to_clipboard(link.url)
            self.notify("Copied the ipfs:// link.", markup=False)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
