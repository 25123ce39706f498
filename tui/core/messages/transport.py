"""The seam where another message network could plug in later (XMTP, once it has an official
Python SDK): what the CLI and the Messages screen need from any transport.

``tui.core.messages.service.Messenger`` is the Agora DM v1 transport (HPKE ciphertexts as
content blocks, announced by the Inbox contract); a second transport would implement the same
few methods and keep its own keys and storage.
"""

from __future__ import annotations

from typing import Any, Protocol

from tui.core.messages.conversations import Conversation


class Transport(Protocol):
    """One account's private messages over one network."""

    me: str

    def sync(self, budget: int = ...) -> Any:
        """Look for new messages (bounded work); returns a report with ``to_json()``."""
        ...

    def conversations(self, accept: str = ...) -> list[Conversation]: ...
    def conversation(self, peer: str) -> Conversation | None: ...
    def mark_read(self, peer: str) -> int: ...
    def compose(self, recipient: str, body: str, reply_to: str = "") -> Any:
        """An intent the shared confirmation and outbox pipeline can send."""
        ...

    def published(self) -> bool:
        """Whether others can write to this account now."""
        ...
