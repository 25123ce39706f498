"""App-wide events: what happened on the chain or in the index, posted to every screen."""

from __future__ import annotations

from textual.message import Message

from tui.ui.backend import StatusView


class StatusChanged(Message):
    """A fresh status (block, sync, balance…). Bursty: a flood collapses into the latest."""

    def __init__(self, status: StatusView) -> None:
        super().__init__()
        self.status = status

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StatusChanged)


class PostsIndexed(Message):
    """The index changed (posts, articles, tips, follows…, here or in another process):
    timelines check for posts above their top and reload their other lists."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, PostsIndexed)


class NetworkResolved(Message):
    """The network (devnet started, or the configured RPC) is ready to use."""

    def __init__(self, name: str, chain_id: int) -> None:
        super().__init__()
        self.name = name
        self.chain_id = chain_id
