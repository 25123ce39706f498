"""Desktop notifications for new alerts, sent as OSC 9 or OSC 777 escape sequences.

Opt-in (``desktop_notifications`` in the settings) because the sequence goes to whatever
terminal runs Agora: ``auto`` sends only to terminals known to show them (iTerm2: OSC 9;
WezTerm, Ghostty, foot, rxvt-unicode: OSC 777), never to an unknown one. The text is written by
strangers (a name, a reply), so it goes through the sanitiser, loses every character that could
end or split the sequence (control characters, ``;``), and is bounded. A burst of alerts becomes
one notification, and notifications are at most one per ``MIN_INTERVAL``: the rest are counted
into the next one. Muted and filtered alerts never notify.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from tui.core.alerts import ALERT_KINDS
from tui.core.models import NotificationView
from tui.core.text import clean_identity, clean_line

CHOICES = ("off", "auto", "osc9", "osc777")
"""Values of the ``desktop_notifications`` setting."""
MIN_INTERVAL = 60.0
"""Seconds between two desktop notifications; alerts in between are counted into the next."""
MAX_TITLE = 40
MAX_BODY = 120
"""Characters of title and body: a notification is a nudge, the app has the whole text."""

_OSC777 = {"WezTerm", "ghostty"}
"""``TERM_PROGRAM`` values of terminals that show OSC 777 notifications."""
_VERBS = {
    "reply": "replied",
    "tip": "tipped you",
    "follow": "followed you",
    "repost": "reposted your post",
    "collect": "collected your article",
}
_PLURALS = {"reply": "replies"}


def detect(env: Mapping[str, str]) -> str | None:
    """The protocol a known terminal shows (``osc9``/``osc777``), or None when unknown.

    Inside tmux or screen the outer terminal is unknown (tmux sets ``TERM_PROGRAM=tmux``), so
    ``auto`` sends nothing there; naming the protocol in the settings sends it through tmux.
    """
    program = env.get("TERM_PROGRAM", "")
    term = env.get("TERM", "")
    if env.get("TMUX") or env.get("STY"):
        return None
    if program == "iTerm.app":
        return "osc9"
    if program in _OSC777 or term.startswith(("foot", "rxvt-unicode", "xterm-ghostty")):
        return "osc777"
    return None


def protocol_for(choice: str, env: Mapping[str, str]) -> str | None:
    """The protocol the setting asks for in this terminal, or None for no notifications."""
    if choice == "auto":
        return detect(env)
    return choice if choice in ("osc9", "osc777") else None


def _safe(text: str, limit: int) -> str:
    """One bounded line with nothing that could end or split an OSC sequence.

    ``clean_line`` turns C0, DEL and C1 controls (ESC, BEL, ST) into visible symbols; ``;``
    separates the fields of OSC 777 (and OSC 9 ``N;`` is a command to some terminals).
    """
    line = clean_line(text, limit * 2).replace(";", ",")
    line = " ".join(line.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def sequence(protocol: str, title: str, body: str, tmux: bool = False) -> str:
    """The escape sequence showing ``title`` and ``body`` (sanitised and bounded here)."""
    title, body = _safe(title, MAX_TITLE), _safe(body, MAX_BODY)
    if protocol == "osc9":
        seq = f"\x1b]9;{title}: {body}\x07"
    elif protocol == "osc777":
        seq = f"\x1b]777;notify;{title};{body}\x07"
    else:
        raise ValueError(f"unknown protocol {protocol!r}")
    if tmux:  # tmux passes a DCS-wrapped sequence on (with ``allow-passthrough on``)
        seq = "\x1bPtmux;" + seq.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return seq


def summary(items: list[NotificationView]) -> tuple[str, str]:
    """Title and body for new alerts: the one alert in words, or counts by kind."""
    if len(items) == 1:
        item = items[0]
        name = clean_identity(item.actor_name, 24) or f"{item.actor[:6]}…{item.actor[-4:]}"
        body = f"{name} {_VERBS.get(item.kind, item.kind)}"
        if item.text:
            body += f": {item.text}"
        return "Agora", body
    counts = {kind: sum(1 for i in items if i.kind == kind) for kind in ALERT_KINDS}
    parts = [
        f"{n} {kind if n == 1 else _PLURALS.get(kind, kind + 's')}"
        for kind, n in counts.items()
        if n
    ]
    return "Agora", f"{len(items)} new alerts: " + ", ".join(parts)


@dataclass
class DesktopAlerts:
    """Decides when to notify about new alerts, and with what.

    ``check`` is given the newest alerts on every status poll. The first call only learns what
    is already there (a start never replays old alerts); later calls notify about alerts in
    blocks after the newest one seen, unless the app has focus or a notification went out less
    than ``MIN_INTERVAL`` ago (those alerts wait for the next one).
    """

    protocol: str | None
    emit: Callable[[str], None]
    """Writes a sequence to the terminal."""
    tmux: bool = False
    interval: float = MIN_INTERVAL
    newest: int | None = None
    """Block of the newest alert seen (None: nothing read yet)."""
    waiting: list[NotificationView] = field(default_factory=list)
    """New alerts not yet notified (focus or the rate limit held them back)."""
    last_sent: float | None = None

    def check(self, items: Iterable[NotificationView], now: float, focused: bool) -> bool:
        """Take the latest alerts; True when a notification was sent."""
        items = list(items)
        top = max((i.block for i in items), default=0)
        if self.newest is None:
            self.newest = top
            return False
        fresh = [i for i in items if i.block > self.newest and i.filtered is None]
        self.newest = max(self.newest, top)
        self.waiting.extend(fresh)
        if focused:  # the user is looking at Agora: the app shows them, nothing is owed
            self.waiting.clear()
            return False
        if not self.waiting or self.protocol is None:
            return False
        if self.last_sent is not None and now - self.last_sent < self.interval:
            return False
        title, body = summary(self.waiting)
        self.waiting.clear()
        self.last_sent = now
        self.emit(sequence(self.protocol, title, body, self.tmux))
        return True
