"""Speed-up, cancel and retry: new transactions for an action already in the outbox.

A speed-up or cancel reuses its original's nonce with fees raised (whichever lands first
wins); a retry sends an action that did not happen again, as a new transaction, and is
refused whenever the action happened or still may. ``TxPipeline`` gets these from
``TxReplacing``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from tui.core.actions.calls import stored_intent, stored_units
from tui.core.actions.confirmation import Confirmation, Payee
from tui.core.actions.fees import Fees, bump, suggest_fees
from tui.core.actions.following import TxFollowing, _hex
from tui.core.actions.intents import Intent
from tui.core.actions.outbox import OutboxEntry, TxStatus
from tui.core.actions.payee import PayeeLookup, payee_lookup, payee_of
from tui.core.actions.prepared import Prepared
from tui.core.chain.abi import to_checksum
from tui.core.content.store import BlockStore
from tui.core.errors import ConfigError, ContentError, UsageError
from tui.core.text import clean_line

CANCEL_GAS = 21_000


class TxReplacing(TxFollowing):
    """The replacing part of ``TxPipeline``: retry, speed up and cancel."""

    content: BlockStore

    if TYPE_CHECKING:  # provided by TxPipeline

        def check_chain(self) -> None: ...

        def prepare(self, intent: Intent, sender: str) -> Prepared: ...

        def _payee(self, lookup: PayeeLookup | None) -> Payee | None: ...

        _confirmation: Callable[..., Confirmation]

    def prepare_retry(self, tx_hash: str) -> Prepared:
        """The same action again, as a new transaction: a fresh nonce, gas estimate and fees.

        Only for an action that did not happen: its transaction failed (reverted), was dropped,
        was cancelled by the user, or lost its nonce to a transaction sent elsewhere. Refused
        whenever the action happened or still may: a transaction of its nonce is pending or
        landed with it (a speed-up), the node knows a "dropped" one after all, or an earlier
        retry of it is pending or landed. Refused too when the node no longer knows the
        original's chain (a reset devnet): the stored ids would point at other posts there.
        The action is rebuilt from the outbox record (the same stored content), never from
        rendered text, and the new transaction records which one it retries.
        """
        original = self.get(tx_hash)
        if original.kind == "cancel":
            raise UsageError(f"Transaction {original.hash} is a cancellation; nothing to retry.")
        if "contract" not in original.intent:
            raise UsageError(f"Transaction {original.hash} has no recorded action to retry.")
        self._check_same_chain(original)
        attempts = self._attempts(original)
        for entry in attempts:
            if entry.status == TxStatus.PENDING:
                raise UsageError(
                    f"Transaction {entry.hash} for this action is still pending.",
                    hint=f"Wait for it, or speed it up: agora tx speed-up {entry.hash[:12]}",
                )
            if entry.status == TxStatus.CONFIRMED and entry.kind != "cancel":
                raise UsageError(
                    f"The action of {original.hash} already happened (in {entry.hash}); "
                    "retrying would do it twice."
                )
        for entry in attempts:
            known = self._node_view(entry)
            if known:
                raise UsageError(f"Transaction {entry.hash} {known}; retrying could do it twice.")
        missing = [cid for cid in original.intent.get("cids", ()) if not self.content.has(cid)]
        if missing:
            raise ContentError(
                f"The content of this action ({clean_line(missing[0], 80)}) is no longer in the "
                "local store, so it cannot be sent again.",
            )
        prepared = self.prepare(stored_intent(original.intent), original.sender)
        return replace(prepared, intent={**prepared.intent, "retry_of": original.hash})

    def _check_same_chain(self, original: OutboxEntry) -> None:
        """``original`` belongs to this pipeline's network, and the node is on that chain."""
        if original.chain_id != self.network.chain_id:
            raise ConfigError(
                f"Transaction {original.hash} is on chain {original.chain_id}; "
                f"network {self.network.name!r} is chain {self.network.chain_id}."
            )
        self.check_chain()

    def _attempts(self, original: OutboxEntry) -> list[OutboxEntry]:
        """Every transaction that carried (or carries) this action: its nonce group, and each
        retry of any of them, transitively."""
        found: dict[str, OutboxEntry] = {}
        todo = [original]
        everything = self.outbox.list(limit=100_000)
        while todo:
            entry = todo.pop()
            for member in self.outbox.group(entry.chain_id, entry.sender, entry.nonce):
                if member.hash not in found:
                    found[member.hash] = member
                    todo.extend(e for e in everything if e.intent.get("retry_of") == member.hash)
        return list(found.values())

    def _node_view(self, entry: OutboxEntry) -> str:
        """Why the node contradicts ``entry``'s final status ("" when it does not)."""
        if entry.status == TxStatus.DROPPED and "reset" in (entry.error or ""):
            return "belongs to a devnet that was reset (its ids now point at other posts)"
        receipt = self.rpc.receipt(entry.hash)
        if entry.status == TxStatus.DROPPED:
            if receipt is not None:
                return f"landed after all (block {_hex(receipt.get('blockNumber', '0x0'))})"
            if self.rpc.transaction(entry.hash) is not None:
                return "is still known to the node and may land"
        elif entry.status in (TxStatus.FAILED, TxStatus.CONFIRMED) and receipt is None:
            return "is unknown to this node (a reset devnet or another chain)"
        return ""

    def prepare_replacement(self, tx_hash: str, *, cancel: bool = False) -> Prepared:
        """A speed-up (same call) or cancel (0-value self-send) with fees raised ≥ 12.5%."""
        original = self.get(tx_hash)
        if original.status != TxStatus.PENDING:
            raise UsageError(f"Transaction {original.hash} is already {original.status.value}.")
        self._check_same_chain(original)
        group = [e for e in self.outbox.group(original.chain_id, original.sender, original.nonce)]
        highest = Fees(
            max(e.max_fee_per_gas for e in group), max(e.max_priority_fee_per_gas for e in group)
        )
        fees = bump(highest, suggest_fees(self.rpc))
        args: tuple[tuple[str, str], ...]
        if cancel:
            to, value, data, gas = original.sender, 0, "0x", CANCEL_GAS
            function, args = "", ()
            summary = f"Cancel transaction {original.hash[:12]}… (nonce {original.nonce})"
            notice = "A 0 ETH transfer to yourself takes the nonce; whichever lands first wins."
            intent = {"kind": "cancel", "cancels": original.hash}
            kind = "cancel"
        else:
            to, value, data, gas = original.to, original.value_wei, original.data, original.gas
            function = str(original.intent.get("function", ""))
            names = _arg_names(function) or tuple(original.intent.get("arg_names", ()))
            args = tuple(
                (n, clean_line(str(a), 120))
                for n, a in zip(names, original.intent.get("args", []), strict=False)
            )
            summary = f"Speed up: {original.intent.get('summary', original.kind)}"
            notice = "Same transaction, higher fees; whichever lands first wins."
            intent, kind = original.intent, original.kind
        tx = {
            "type": 2,
            "chainId": original.chain_id,
            "nonce": original.nonce,
            "to": to_checksum(to),
            "value": value,
            "data": data,
            "gas": gas,
            "maxFeePerGas": fees.max_fee_per_gas,
            "maxPriorityFeePerGas": fees.max_priority_fee_per_gas,
        }
        balance = self.rpc.balance(original.sender)
        lookup = (
            None
            if cancel
            else payee_of(original.intent.get("payee"))
            or payee_lookup(kind, list(original.intent.get("args", [])))
        )
        confirmation = replace(
            self._confirmation(original.sender, tx, balance, function, args, summary, notice),
            payee=self._payee(lookup),
            units=stored_units(original.intent.get("units")),
        )
        return Prepared(confirmation, tx, kind, intent, replaces=original.hash, payee_lookup=lookup)


def _arg_names(function: str) -> tuple[str, ...]:
    from tui.core.actions.calls import _SIGNATURES

    for _contract, sig, names in _SIGNATURES.values():
        if sig == function:
            return names
    return ()
