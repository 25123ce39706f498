"""Following signed transactions to the end: receipts, replacements, drops and re-sends.

``TxPipeline`` gets these methods from ``TxFollowing``: ``wait`` follows one transaction,
``reconcile`` settles every unfinished one at start-up, and both settle a nonce at a time
(``reconcile_nonce``), since a speed-up or cancel shares its original's nonce.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import TYPE_CHECKING, Any

from tui.core.actions.outbox import Outbox, OutboxEntry, TxStatus
from tui.core.actions.prepared import Progress
from tui.core.chain.abi import decode_revert, revert_reason
from tui.core.chain.rpc import RpcClient, RpcError, RpcUnavailable
from tui.core.config.settings import Network
from tui.core.errors import ChainError, NotFoundError
from tui.core.text import clean_line

DROP_AFTER_BLOCKS = 3
"""A hash nobody knows is dropped only after its nonce has moved on for this many blocks."""
RESEND_AFTER_SECONDS = 5.0


def _hex(value: Any) -> int:
    return int(str(value), 16)


class TxFollowing:
    """The following half of ``TxPipeline``: the outbox's transactions and what settled them."""

    network: Network
    rpc: RpcClient
    outbox: Outbox

    if TYPE_CHECKING:  # provided by TxPipeline

        def broadcast(self, entry: OutboxEntry) -> OutboxEntry: ...

    def _revert_reason(self, entry: OutboxEntry, block: int) -> str:
        call = {
            "from": entry.sender,
            "to": entry.to,
            "value": hex(entry.value_wei),
            "gas": hex(entry.gas),
        }
        if entry.data and entry.data != "0x":
            call["data"] = entry.data
        try:
            self.rpc.call("eth_call", [call, hex(block)])
        except RpcError as exc:
            return revert_reason(exc) or exc.rpc_message
        except ChainError:
            return "reverted (reason unavailable)"
        return decode_revert(None)

    def reconcile_nonce(self, chain_id: int, sender: str, nonce: int) -> list[OutboxEntry]:
        """Settle every transaction we signed for one nonce; return the group."""
        group = self.outbox.group(chain_id, sender, nonce)
        pending = [e for e in group if e.status == TxStatus.PENDING]
        if not pending:
            return group
        winner: OutboxEntry | None = None
        for e in group:
            if e.status in (TxStatus.CONFIRMED, TxStatus.FAILED):
                winner = e
        if winner is None:
            for e in pending:
                receipt = self.rpc.receipt(e.hash)
                if receipt and receipt.get("blockNumber"):
                    block = _hex(receipt["blockNumber"])
                    if _hex(receipt.get("status", "0x1")) == 1:
                        winner = self.outbox.update(e.hash, status=TxStatus.CONFIRMED, block=block)
                    else:
                        reason = clean_line(self._revert_reason(e, block), 300)
                        winner = self.outbox.update(
                            e.hash, status=TxStatus.FAILED, block=block, error=reason
                        )
                    break
        if winner is not None:
            loser_status = TxStatus.CANCELLED if winner.kind == "cancel" else TxStatus.REPLACED
            for e in pending:
                if e.hash != winner.hash:
                    status = TxStatus.REPLACED if e.kind == "cancel" else loser_status
                    self.outbox.update(e.hash, status=status, block=winner.block)
            return self.outbox.group(chain_id, sender, nonce)
        latest_nonce = self.rpc.nonce(sender, "latest")
        if latest_nonce > nonce:
            # Someone used this nonce (or our receipt is not visible yet): drop only after the
            # nonce has moved on for a few blocks and no node knows our hashes.
            head = self.rpc.block_number()
            for e in pending:
                if self.rpc.transaction(e.hash) is not None:
                    continue
                if e.moved_at_block is None:
                    self.outbox.update(e.hash, moved_at_block=head)
                elif head - e.moved_at_block >= DROP_AFTER_BLOCKS:
                    self.outbox.update(
                        e.hash, status=TxStatus.DROPPED,
                        error="Another transaction used this nonce; this one was never mined.",
                    )  # fmt: skip
            return self.outbox.group(chain_id, sender, nonce)
        # Nonce still open: make sure the node has our bytes (same bytes, same hash).
        now = time.time()
        for e in sorted(pending, key=lambda x: -x.max_fee_per_gas):
            if e.sent_at is not None and now - e.sent_at < RESEND_AFTER_SECONDS and e.sends:
                continue
            if self.rpc.transaction(e.hash) is None:
                try:
                    self.broadcast(e)
                except ChainError:
                    continue
        return self.outbox.group(chain_id, sender, nonce)

    def reconcile(self) -> list[OutboxEntry]:
        """Settle every unfinished transaction of this chain (run at start-up)."""
        seen: set[tuple[str, int]] = set()
        for e in self.outbox.unfinished(self.network.chain_id):
            if (e.sender, e.nonce) in seen:
                continue
            seen.add((e.sender, e.nonce))
            self.reconcile_nonce(e.chain_id, e.sender, e.nonce)
        return self.outbox.list()

    def wait(
        self,
        tx_hash: str,
        *,
        timeout: float = 120.0,
        poll: float = 0.25,
        on_progress: Progress | None = None,
        stop: threading.Event | None = None,
    ) -> OutboxEntry:
        """Follow a transaction (and its speed-ups/cancels) until final, ``timeout``, or
        ``stop`` is set (the app is closing: the entry stays pending in the outbox).

        Returns the entry of ``tx_hash``; when it was replaced, the winner is found with
        ``outcome(tx_hash)``.
        """
        entry = self.get(tx_hash)
        deadline = time.monotonic() + timeout
        stop = stop or threading.Event()
        while True:
            with contextlib.suppress(RpcUnavailable):  # unreachable for now: keep waiting
                self.reconcile_nonce(entry.chain_id, entry.sender, entry.nonce)
            entry = self.get(entry.hash)
            if entry.final or time.monotonic() >= deadline or stop.is_set():
                if on_progress:
                    on_progress(entry.status.value, entry)
                return entry
            stop.wait(poll)

    def outcome(self, tx_hash: str) -> OutboxEntry:
        """The transaction that settled this one's nonce (itself, a speed-up or a cancel)."""
        entry = self.get(tx_hash)
        group = self.outbox.group(entry.chain_id, entry.sender, entry.nonce)
        for e in group:
            if e.status in (TxStatus.CONFIRMED, TxStatus.FAILED):
                return e
        return entry

    def get(self, tx_hash: str) -> OutboxEntry:
        matches = self.outbox.find(tx_hash) if len(tx_hash) >= 6 else []
        if len(matches) != 1:
            raise NotFoundError(
                f"No transaction {clean_line(tx_hash, 70)!r} in the outbox"
                + (" (ambiguous prefix)." if len(matches) > 1 else "."),
                hint="See `agora tx list`.",
            )
        return matches[0]

    def list_transactions(self, limit: int = 200) -> list[OutboxEntry]:
        return self.outbox.list(limit)
