"""Messages grouped into conversations: a pure fold over opened messages, for every front end.

Bodies are sanitised here (``tui.core.text.clean_text``): decrypted text is a stranger's text
like any post, so nothing downstream ever holds it raw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tui.core.text import clean_line, clean_text


@dataclass(frozen=True)
class Message:
    """One opened message, as shown (body already sanitised)."""

    digest: str
    """Hex sha2-256 of the sealed block: the message's identity (duplicates share it)."""
    sender: str
    recipient: str
    ts: int
    """The chain's time for the announcement (trusted more than the sender's ``claimed_ts``)."""
    claimed_ts: int
    body: str
    outgoing: bool
    read: bool
    block: int = 0
    log_index: int = 0
    reply_to: str = ""

    @property
    def peer(self) -> str:
        return self.recipient if self.outgoing else self.sender

    def to_json(self) -> dict[str, object]:
        return {
            "digest": self.digest,
            "from": self.sender,
            "to": self.recipient,
            "time": self.ts,
            "claimed_time": self.claimed_ts,
            "text": self.body,
            "outgoing": self.outgoing,
            "read": self.read,
            "block": self.block,
            "reply_to": self.reply_to,
        }


@dataclass(frozen=True)
class Conversation:
    """Everything exchanged with one peer, newest activity first in lists."""

    peer: str
    messages: tuple[Message, ...]
    request: bool = False
    """From someone you do not follow, while you accept messages only from people you follow."""

    @property
    def unread(self) -> int:
        return sum(1 for m in self.messages if not m.read and not m.outgoing)

    @property
    def last(self) -> Message:
        return self.messages[-1]

    def to_json(self) -> dict[str, object]:
        return {
            "peer": self.peer,
            "messages": len(self.messages),
            "unread": self.unread,
            "last_time": self.last.ts,
            "last_text": clean_line(self.last.body, 80),
            "request": self.request,
        }


def message(
    digest: bytes, sender: str, recipient: str, ts: int, claimed_ts: int, body: str,
    outgoing: bool, read: bool, block: int = 0, log_index: int = 0, reply_to: str = "",
) -> Message:  # fmt: skip
    """A Message with its body sanitised (the one door from decrypted text to the UI)."""
    return Message(
        digest.hex(), sender, recipient, ts, claimed_ts, clean_text(body), outgoing, read,
        block, log_index, reply_to,
    )  # fmt: skip


def fold(
    messages: Iterable[Message],
    follows: frozenset[str] | None = None,
) -> list[Conversation]:
    """Group by peer (chain order inside, most recent conversation first).

    With ``follows`` (lower-case addresses), a conversation you never wrote in, with someone
    you do not follow, is a request.
    """
    by_peer: dict[str, list[Message]] = {}
    seen: set[str] = set()
    for m in sorted(messages, key=lambda m: (m.block, m.log_index)):
        if m.digest in seen:
            continue
        seen.add(m.digest)
        by_peer.setdefault(m.peer.lower(), []).append(m)
    out = [
        Conversation(
            peer=ms[0].peer,
            messages=tuple(ms),
            request=follows is not None and peer not in follows and not any(m.outgoing for m in ms),
        )
        for peer, ms in by_peer.items()
    ]
    out.sort(key=lambda c: (c.last.block, c.last.log_index), reverse=True)
    return out
