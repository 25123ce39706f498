"""Private messages as the Messages screen uses them: a Protocol, a fake and the core one.

``CoreMessages`` opens a ``tui.core.messages.service.Messenger`` for the active account (its
keys derive from the account key, so the account must be unlocked) and prepares sends through
the same writer, pipeline and confirmation as every other write. ``FakeMessages`` holds fixed
conversations for fast tests and snapshots. Methods block: call them from thread workers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

from tui.core.actions.confirmation import Confirmation
from tui.core.errors import UsageError
from tui.core.messages.conversations import Conversation, Message, fold
from tui.core.messages.intent import SEALED
from tui.ui.writes import Prepared


@dataclass(frozen=True)
class InboxView:
    """What the Messages screen shows: the conversations, and how the scan went."""

    account: str
    conversations: tuple[Conversation, ...]
    published: bool
    """Whether the account's message key is in its profile (others can write to it)."""
    remaining: int = 0
    """Announcements not scanned yet (a flood, or a long catch-up): shown, scanned next time."""
    new: int = 0
    """Messages this refresh found."""


class MessagesSource(Protocol):
    """What the Messages screen needs."""

    def account(self) -> str: ...
    def refresh(self) -> InboxView: ...
    def mark_read(self, peer: str) -> None: ...
    def prepare_send(self, peer: str, body: str, reply_to: str = "") -> Prepared: ...
    def prepare_setup(self) -> Prepared: ...


def messages_for(backend: Any) -> MessagesSource:
    """The backend's messages part, made on first use and kept on the backend."""
    found = getattr(backend, "_messages_part", None)
    if found is None:
        from tui.ui.backends.fake import FakeBackend

        found = FakeMessages() if isinstance(backend, FakeBackend) else CoreMessages(backend)
        backend._messages_part = found
    part: MessagesSource = found
    return part


class CoreMessages:
    """The active account's messages over the real index, content store and pipeline."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self._lock = threading.Lock()
        self._messenger: Any = None

    def _writer(self) -> Any:
        return self.backend.writer

    def account(self) -> str:
        return str(self._writer()._sender())

    def _open(self) -> Any:
        """The Messenger of the active account (reopened when the account or network moved)."""
        from tui.core.index.service import index_path
        from tui.core.messages.service import Messenger, open_messenger

        writer = self._writer()
        sender = writer._sender()
        network = writer.pipeline().network
        wallet = writer.wallet()
        current: Messenger | None = self._messenger
        if wallet.needs_passphrase(sender):  # locked (or locked again when idle): keys go
            if current is not None:
                current.close()
                self._messenger = None
            raise UsageError(
                "Unlock the account to read its private messages: its message key derives from "
                "the account key.",
                hint="Press r to unlock, or use an account without a passphrase.",
            )
        if (
            current is not None
            and current.me == sender
            and current.index_path == index_path(self.backend.ctx.home, network)
        ):
            return current
        if current is not None:
            current.close()
        self._messenger = open_messenger(self.backend.ctx, network, wallet.signer(sender))
        return self._messenger

    def refresh(self) -> InboxView:
        with self._lock:
            m = self._open()
            report = m.sync()
            return InboxView(
                account=m.me,
                conversations=tuple(m.conversations(self.backend.ctx.settings.messages_from)),
                published=m.published(),
                remaining=report.remaining,
                new=report.opened,
            )

    def mark_read(self, peer: str) -> None:
        with self._lock:
            self._open().mark_read(peer)

    def _prepared(self, intent: Any, request: Any) -> Prepared:
        writer = self._writer()
        core = writer.pipeline().prepare(intent, writer._sender())
        return Prepared(request=request, confirmation=core.confirmation, handle=core)

    def prepare_send(self, peer: str, body: str, reply_to: str = "") -> Prepared:
        with self._lock:
            intent = self._open().compose(peer, body, reply_to)
        return self._prepared(intent, ("message", peer))

    def prepare_setup(self) -> Prepared:
        with self._lock:
            intent = self._open().setup_intent()
        return self._prepared(intent, ("message-key",))


FAKE_ME = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
FAKE_BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
FAKE_STRANGER = "0x90F79bf6EB2c4f870365E785982E1f87e4e9a78f"
FAKE_INBOX = "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707"
_NOW = 1_750_000_000


def _fake_messages() -> list[Message]:
    rows = [
        (FAKE_BRENDAN, FAKE_ME, "Are you coming to the devnet meetup on Thursday?", True),
        (FAKE_ME, FAKE_BRENDAN, "Yes! I'll bring the laptop with the demo chain.", True),
        (FAKE_BRENDAN, FAKE_ME, "Great. Bring the slides about view tags too.", False),
        (FAKE_STRANGER, FAKE_ME, "hi \x1b]52;c;cm0gLXJmIH4=\x07[@click=app.quit]click[/] me", False),
    ]  # fmt: skip
    from tui.core.messages.conversations import message

    return [
        message(
            bytes([n]) * 32,
            sender,
            to,
            _NOW - 3600 + 600 * n,
            _NOW - 3600 + 600 * n,
            body,
            sender == FAKE_ME,
            read or sender == FAKE_ME,
            block=100 + n,
        )
        for n, (sender, to, body, read) in enumerate(rows)
    ]


@dataclass
class FakeMessages:
    """Fixed conversations in memory (one hostile stranger among them); sends are recorded."""

    messages: list[Message] = field(default_factory=_fake_messages)
    published: bool = True
    sent: list[tuple[str, str]] = field(default_factory=list)
    follows: frozenset[str] | None = None
    arrived: int = 0
    """Messages added since the last refresh (``arrive``): the next refresh reports them."""

    def account(self) -> str:
        return FAKE_ME

    def arrive(self, sender: str, body: str) -> None:
        """A new message to the fake account (tests of refreshes and notifications)."""
        from tui.core.messages.conversations import message

        n = len(self.messages)
        self.messages.append(
            message(
                bytes([n + 1]) * 32,
                sender,
                FAKE_ME,
                _NOW + n,
                _NOW + n,
                body,
                False,
                False,
                block=200 + n,
            )
        )
        self.arrived += 1

    def refresh(self) -> InboxView:
        new, self.arrived = self.arrived, 0
        convos = tuple(fold(self.messages, self.follows))
        return InboxView(FAKE_ME, convos, self.published, new=new)

    def mark_read(self, peer: str) -> None:
        from dataclasses import replace

        self.messages = [
            replace(m, read=True) if m.peer.lower() == peer.lower() else m for m in self.messages
        ]

    def _confirmation(
        self, summary: str, function: str, notes: tuple[str, ...] = ()
    ) -> Confirmation:
        from tui.core.actions.confirmation import PUBLIC

        return Confirmation(
            network="devnet", chain_id=31337, sender=FAKE_ME, to=FAKE_INBOX, value_wei=0,
            function=function, args=(("digest", "0x" + "ab" * 32),), gas_limit=40_000,
            max_fee_per_gas=2_000_000_000, max_priority_fee_per_gas=1_000_000, nonce=7,
            balance_wei=10 * 10**18, summary=summary, notice=PUBLIC, notes=notes,
        )  # fmt: skip

    def prepare_send(self, peer: str, body: str, reply_to: str = "") -> Prepared:
        from tui.core.chain.abi import to_checksum
        from tui.core.messages.envelope import check_body

        check_body(body)
        try:
            peer = to_checksum(peer)
        except Exception:
            raise UsageError("Not an address.") from None
        self.sent.append((peer, body))
        conf = self._confirmation(
            f"Send a private message to {peer}",
            "sendPair(bytes32,bytes1,bytes32,bytes32,bytes1,bytes32)",
            (SEALED,),
        )
        return Prepared(request=("message", peer), confirmation=conf)

    def prepare_setup(self) -> Prepared:
        conf = self._confirmation("Update your public profile", "setProfile(string)")
        return Prepared(request=("message-key",), confirmation=conf)
