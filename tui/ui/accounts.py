"""How an account is drawn wherever one is shown, and how screens learn the names to draw.

Every screen draws an account the same way (``who``): the verified ENS name, styled apart
and with ✓, else the self-chosen profile name with its clash warning, else the short address.
Drawing does no I/O: screens that list accounts call ``learn_names`` from where they load
their rows; a thread worker fills the verified-name cache (tui.core.ens.verified) and the
profile names below, then calls the screen's redraw when anything changed.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from typing import Any

from textual.content import Content

from tui.core.ens.verified import remember, verified_name
from tui.core.errors import AgoraError
from tui.core.names import CLASH_MARK
from tui.core.text import clean_line
from tui.ui.latest import call_latest
from tui.ui.timefmt import short_address

MAX_LEARNED = 200
"""Accounts looked up per call (a screen shows far fewer)."""

_lock = threading.Lock()
_profiles: dict[str, tuple[str, bool]] = {}
"""Lowercase address → (profile name, clash), as the index's profile view gave them: the
name already passed the index's sanitiser and display-name rules (tui.core.names)."""


def who(
    name: str, address: str, clash: bool = False, style: str = "b", full: bool = False
) -> Content:
    """Name (in ``style``) then the short address; just the short address when there is no name.

    A self-chosen name is a claim (SECURITY.md §21): the address beside it is what tells two
    people apart, and ``clash`` adds the warning when the name copies someone the user follows.
    A verified ENS name wins over the profile name and is drawn in the success colour with ✓,
    which no profile name can carry. ``full`` shows the whole address instead of the short one.
    """
    addr = address if full else short_address(address)
    open_, close = (f"[{style}]", "[/]") if style else ("", "")
    ens = verified_name(address)
    if ens:  # verified both ways: drawn apart from any self-chosen name (which has no ✓)
        return Content.from_markup(
            f"{open_}[$success]$ens ✓[/]{close} [dim]$addr[/dim]", ens=ens, addr=addr
        )
    if not name:
        return Content.from_markup(f"{open_}$addr{close}", addr=addr)
    shown = Content.from_markup(f"{open_}$name{close} [dim]$addr[/dim]", name=name, addr=addr)
    if clash:
        shown += Content.from_markup(" [$warning b]$mark[/]", mark=CLASH_MARK)
    return shown


def profile_of(address: str) -> tuple[str, bool]:
    """The learned (profile name, clash) of ``address``; ("", False) when none (no I/O)."""
    return _profiles.get(address.lower(), ("", False))


def account(address: str, style: str = "b", full: bool = False) -> Content:
    """``address`` as ``who`` draws it, with the profile name ``learn_names`` found."""
    if not is_address(address):
        return Content(clean_line(address, 42))
    name, clash = profile_of(address)
    return who(name, address, clash, style, full)


def brief(address: str, style: str = "") -> Content:
    """One account where a line has no room for a name and an address: the verified ENS name
    (styled as verified) alone, else the short address. A profile name is never shown alone,
    since without its address it is only a claim."""
    ens = verified_name(address) if is_address(address) else ""
    if not ens:
        return Content(short_address(address) if is_address(address) else clean_line(address, 20))
    open_, close = (f"[{style}]", "[/]") if style else ("", "")
    return Content.from_markup(f"{open_}[$success]$ens ✓[/]{close}", ens=ens)


def account_text(address: str) -> str:
    """Plain text for notices (``bram.eth ✓ 0x7099…79C8``, ``Ada 0x7099…79C8``): the ✓ only
    ever follows a verified ENS name, since profile names cannot carry a check mark."""
    if not is_address(address):
        return clean_line(address, 20)
    addr = short_address(address)
    ens = verified_name(address)
    if ens:
        return f"{ens} ✓ {addr}"
    name, clash = profile_of(address)
    if not name:
        return addr
    return f"{name} {addr}" + (f" {CLASH_MARK}" if clash else "")


def is_address(text: str) -> bool:
    """A 0x-prefixed 40-hex-digit address (what the lookups accept)."""
    return (
        len(text) == 42
        and text[:2].lower() == "0x"
        and all(c in "0123456789abcdefABCDEF" for c in text[2:])
    )


def learn_now(app: Any, addresses: list[str]) -> bool:
    """Blocking (thread workers only): verified names and profile names of ``addresses``;
    True when any changed."""
    from tui.ui.backends.names import names_for

    changed = False
    with contextlib.suppress(AgoraError):  # no node: the short addresses stay
        changed = remember(names_for(app.backend).primary_names(addresses))
    profile = getattr(app.backend, "profile", None)
    if profile is None:
        return changed
    for address in addresses:
        try:
            view = profile(address)
        except (AgoraError, ValueError):
            continue
        found = (view.name, bool(view.name_clash))
        with _lock:
            if _profiles.get(address.lower(), ("", False)) != found:
                _profiles[address.lower()] = found
                changed = True
    return changed


def learn_names(
    node: Any, addresses: Iterable[str], redraw: Callable[[], None], group: str = "names-rows"
) -> None:
    """Look up the names of ``addresses`` in a thread worker of ``node`` (a screen or widget);
    call ``redraw`` on the event loop when any changed and ``node`` is still mounted.
    Failures only leave the short addresses shown."""
    # one lookup per account, whatever the letter case it came in (a lowercase copy would
    # otherwise overwrite what the checksummed one found)
    seen: set[str] = set()
    wanted: list[str] = []
    for address in addresses:
        if is_address(address) and address.lower() not in seen:
            seen.add(address.lower())
            wanted.append(address)
    wanted = wanted[:MAX_LEARNED]
    if not wanted:
        return
    app = node.app

    def drawn() -> None:
        if node.is_mounted:
            redraw()

    def work() -> None:
        if learn_now(app, wanted):
            call_latest(app, drawn)  # dropped when a newer lookup overtook this one

    node.run_worker(work, thread=True, exclusive=True, group=group, exit_on_error=False)


def forget_profiles() -> None:
    """Drop the learned profile names (tests; another network)."""
    with _lock:
        _profiles.clear()
