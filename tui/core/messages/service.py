"""One account's private messages on one network: sync, conversations, compose, key setup.

The CLI and the TUI both go through ``Messenger``; it holds the account's DM keys (derived
from the signer, never stored) and opens messages in memory only (see ``inbox``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.chain.abi import to_checksum
from tui.core.content.documents import ProfileDocument, parse_profile
from tui.core.errors import ContentError, NotFoundError, UsageError
from tui.core.index import messages as source
from tui.core.messages.conversations import Conversation, Message, fold, message
from tui.core.messages.crypto import DmKey
from tui.core.messages.envelope import check_body
from tui.core.messages.inbox import (
    SCAN_BUDGET,
    InboxState,
    Loader,
    ScanReport,
    read_found,
    scan,
    state_path,
)
from tui.core.messages.intent import message_intent
from tui.core.messages.message import seal_message

if TYPE_CHECKING:
    from tui.core.actions.intents import CallIntent, ProfileIntent
    from tui.core.content.store import BlockStore
    from tui.core.wallet.signer import Signer

EVERYONE, FOLLOWED = "everyone", "followed"
"""Who may write to you: everyone, or people you follow (others land in requests)."""


class NoMessageKey(NotFoundError):
    code = "no_message_key"


class Messenger:
    """Private messages of ``signer``'s account, read from the index at ``index_path``."""

    def __init__(
        self,
        home: Path,
        chain_id: int,
        index_path: Path,
        content: BlockStore,
        signer: Signer,
        *,
        fetch: Loader | None = None,
        epoch: int = 0,
    ) -> None:
        self.chain_id = chain_id
        self.me = to_checksum(signer.address)
        self.signer = signer
        self.content = content
        self.fetch = fetch
        self.index_path = index_path
        self.keys = [DmKey.from_signer(signer, e) for e in range(epoch + 1)]
        self.key = self.keys[-1]
        self.state = InboxState(state_path(home, chain_id, self.me))
        self.on_close = []

    def __repr__(self) -> str:
        return f"Messenger({self.me}, chain {self.chain_id})"

    on_close: list[Any]
    """Objects with ``close()`` that live as long as this Messenger (its gateway fetcher)."""

    def close(self) -> None:
        self.state.close()
        for owned in self.on_close:
            owned.close()
        self.on_close.clear()

    def __enter__(self) -> Messenger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def index(self) -> Iterator[sqlite3.Connection]:
        """The index, read only (the indexer owns the writing connection and its schema); an
        empty one in memory when nothing was synced yet, never a file made here."""
        conn: sqlite3.Connection | None = None
        if self.index_path.exists():
            uri = f"file:{self.index_path.as_posix()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=10)
            if not conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (source.TABLE,)
            ).fetchone():
                conn.close()
                conn = None
        if conn is None:
            conn = sqlite3.connect(":memory:")
            conn.executescript(source.SCHEMA)
        try:
            yield conn
        finally:
            conn.close()

    def load(self, cid: str) -> bytes | None:
        data = self.content.get(cid)
        if data is None and self.fetch is not None:
            data = self.fetch(cid)
        return data

    # --- reading ---------------------------------------------------------------------------
    def sync(self, budget: int = SCAN_BUDGET) -> ScanReport:
        """Scan new announcements for this account (bounded by ``budget``)."""
        with self.index() as conn:
            return scan(conn, self.state, self.keys, self.me, self.chain_id, self.load,
                        budget=budget)  # fmt: skip

    def messages(self) -> list[Message]:
        out = []
        for found in self.state.found():
            env = read_found(found, self.keys, self.me, self.chain_id, self.content.get)
            if env is None:
                continue
            out.append(
                message(
                    found.digest, env.sender, env.recipient, found.ts, env.ts, env.body,
                    found.sent, found.read, found.block, found.log_index, env.reply_to,
                )
            )  # fmt: skip
        return out

    def follows(self) -> frozenset[str]:
        with self.index() as conn:
            try:
                rows = conn.execute(
                    "SELECT followee FROM follows WHERE follower = ?", (self.me,)
                ).fetchall()
            except sqlite3.OperationalError:
                return frozenset()
        return frozenset(str(r[0]).lower() for r in rows)

    def conversations(self, accept: str = EVERYONE) -> list[Conversation]:
        follows = self.follows() if accept == FOLLOWED else None
        return fold(self.messages(), follows)

    def conversation(self, peer: str) -> Conversation | None:
        peer = _address(peer).lower()
        return next((c for c in self.conversations() if c.peer.lower() == peer), None)

    def mark_read(self, peer: str) -> int:
        convo = self.conversation(peer)
        if convo is None:
            return 0
        return self.state.mark_read(bytes.fromhex(m.digest) for m in convo.messages)

    # --- keys ------------------------------------------------------------------------------
    def profile_of(self, address: str) -> ProfileDocument | None:
        """The account's current profile document from the index and content (None if none)."""
        with self.index() as conn:
            try:
                row = conn.execute(
                    "SELECT cid FROM profiles WHERE account = ?", (to_checksum(address),)
                ).fetchone()
            except sqlite3.OperationalError:
                row = None
        if row is None:
            return None
        data = self.load(str(row[0]))
        if data is None:
            return None
        try:
            return parse_profile(data)
        except ContentError:
            return None

    def recipient_key(self, address: str) -> bytes:
        """The DM key ``address`` published (NoMessageKey when it has none)."""
        profile = self.profile_of(address)
        if profile is None or not profile.dm_key:
            raise NoMessageKey(
                f"{to_checksum(address)} has not published a private-message key, so nothing "
                "can be sealed to them.",
                hint="They can publish one with `agora dm setup` (or from the Messages screen).",
            )
        return bytes.fromhex(profile.dm_key)

    def published(self) -> bool:
        """Whether our current key is the one in our profile."""
        profile = self.profile_of(self.me)
        return profile is not None and profile.dm_key == self.key.public.hex()

    def setup_intent(self, *, rotate: bool = False) -> ProfileIntent:
        """Our profile as it is, plus our DM public key and epoch (the next epoch's key with
        ``rotate``: new messages are sealed to it; old ones still open with the old keys)."""
        from tui.core.actions.intents import ProfileIntent

        profile = self.profile_of(self.me) or ProfileDocument(name="")
        key = DmKey.from_signer(self.signer, self.key.epoch + 1) if rotate else self.key
        return ProfileIntent(
            name=profile.name, bio=profile.bio, avatar=profile.avatar, links=profile.links,
            dm_key=key.public.hex(), dm_epoch=key.epoch,
        )  # fmt: skip

    # --- writing ---------------------------------------------------------------------------
    def compose(self, recipient: str, body: str, reply_to: str = "") -> CallIntent:
        """Seal ``body`` to ``recipient`` (and to ourselves): the intent to confirm and send."""
        recipient = _address(recipient)
        check_body(body)
        if recipient.lower() == self.me.lower():
            raise UsageError("You cannot send a private message to yourself.")
        to_key = self.recipient_key(recipient)
        to_them, to_me = seal_message(
            self.signer, self.key, recipient, to_key, body,
            ts=int(time.time()), chain_id=self.chain_id, reply_to=reply_to,
        )  # fmt: skip
        return message_intent(recipient, to_them, to_me, self.content)


def _address(value: str) -> str:
    from tui.core.text import clean_line

    try:
        return to_checksum(value.strip())
    except Exception:
        raise UsageError(f"Not an address: {clean_line(value, 60)!r}") from None


def read_profile(index_path: Path, content: BlockStore, address: str) -> ProfileDocument | None:
    """``address``'s current profile document, from the index and the local content store."""
    try:
        conn = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True, timeout=10)
    except sqlite3.OperationalError:
        return None
    try:
        row = conn.execute(
            "SELECT cid FROM profiles WHERE account = ?", (to_checksum(address),)
        ).fetchone()
    except sqlite3.OperationalError:
        row = None
    finally:
        conn.close()
    data = content.get(str(row[0])) if row else None
    try:
        return parse_profile(data) if data else None
    except ContentError:
        return None


def keep_message_key(ctx: Any, intent: ProfileIntent) -> ProfileIntent:
    """``intent`` with the DM key of the current profile kept, when it names none: editing a
    profile must not silently unpublish the key people seal messages to."""
    from dataclasses import replace

    if intent.dm_key:
        return intent
    try:
        from tui.core.index.service import cached_network, index_path
        from tui.core.wallet.wallet import Wallet

        network = cached_network(ctx)
        if network is None:
            return intent
        me = Wallet.from_context(ctx).resolve(ctx.overrides.account).address
        profile = read_profile(index_path(ctx.home, network), ctx.content, me)
    except Exception:  # keeping the key is best effort; the edit itself must go on
        return intent
    if profile is None or not profile.dm_key:
        return intent
    return replace(intent, dm_key=profile.dm_key, dm_epoch=profile.dm_epoch)


def open_messenger(ctx: Any, network: Any, signer: Signer) -> Messenger:
    """A Messenger for the context's home, network and content store (gateways as fallback)."""
    from tui.core.index.service import index_path

    fetch: Loader | None = None
    fetcher: Any = None
    if network.gateways:
        from tui.core.content.fetch import GatewayFetcher

        fetcher = GatewayFetcher(ctx.content, network.gateways)

        def fetch(cid: str) -> bytes | None:
            return fetcher.fetch(cid).data

    path = index_path(ctx.home, network)
    published = read_profile(path, ctx.content, signer.address) if path.exists() else None
    epoch = published.dm_epoch if published is not None and published.dm_key else 0
    messenger = Messenger(
        ctx.home, network.chain_id, path, ctx.content, signer, fetch=fetch, epoch=epoch,
    )  # fmt: skip
    if fetcher is not None:
        messenger.on_close.append(fetcher)
    return messenger
