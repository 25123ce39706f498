"""The transaction pipeline: intent → confirmation → signed tx in the outbox → broadcast → receipt.

Front-end neutral. The CLI calls it directly; the TUI calls it from a thread worker and relays
``on_progress`` events ("signing", "sent", "confirmed in block N", "failed: reason").
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tui.core.actions.calls import ContractCall, build_call, stored_intent, stored_units
from tui.core.actions.confirmation import Confirmation, Payee
from tui.core.actions.fees import Fees, bump, suggest_fees
from tui.core.actions.intents import Intent
from tui.core.actions.nonces import nonce_lock
from tui.core.actions.outbox import Outbox, OutboxEntry, TxStatus
from tui.core.actions.payee import (
    PayeeLookup,
    notes_for,
    payee_lookup,
    payee_of,
    read_address,
    read_payee,
)
from tui.core.chain.abi import decode_revert, revert_reason, to_checksum
from tui.core.chain.rpc import RpcClient, RpcError, RpcUnavailable
from tui.core.config.settings import Network
from tui.core.content.store import BlockStore
from tui.core.errors import (
    ChainError,
    ConfigError,
    ContentError,
    NotFoundError,
    UsageError,
    WalletError,
)
from tui.core.text import clean_line
from tui.core.units import eth_decimal as eth
from tui.core.units import parse_eth
from tui.core.wallet.signer import TEST_HOOK_ENV, Signer

GAS_MARGIN_NUM, GAS_MARGIN_DEN = 125, 100
"""Estimates get +25%: refunds and warm/cold storage make them tight."""
DROP_AFTER_BLOCKS = 3
"""A hash nobody knows is dropped only after its nonce has moved on for this many blocks."""
RESEND_AFTER_SECONDS = 5.0
CANCEL_GAS = 21_000

Progress = Callable[[str, OutboxEntry | None], None]
"""``(stage, entry)``: stages are signing, persisted, sent, pending, confirmed, failed, …"""

_KNOWN = ("already known", "known transaction", "already imported", "alreadyknown")
_NONCE_LOW = ("nonce too low", "nonce is too low", "oldnonce")


@dataclass(frozen=True)
class Prepared:
    """A confirmation model plus the unsigned transaction it describes."""

    confirmation: Confirmation
    tx: dict[str, Any]
    """Unsigned EIP-1559 transaction (type 2, chainId, nonce, fees, gas, to, value, data)."""
    kind: str
    intent: dict[str, Any]
    """Outbox JSON of the intent (CIDs, never secrets)."""
    replaces: str | None = None
    """For a speed-up or cancel: the hash whose nonce is reused (the nonce is then fixed)."""
    payee_lookup: PayeeLookup | None = None
    """How the payee shown was read; read again just before signing (SECURITY.md §18)."""
    later: ContractCall | None = None
    """A call with arguments signed only after the confirmation (``CallIntent.signed_later``):
    ``submit`` fills them with the transaction's signer before it signs and records it."""


def _hex(value: Any) -> int:
    return int(str(value), 16)


def _with_margin(gas: int) -> int:
    return -(-gas * GAS_MARGIN_NUM // GAS_MARGIN_DEN)


class TxPipeline:
    """Prepares, signs, persists, broadcasts and follows transactions for one network."""

    def __init__(
        self,
        home: Path,
        network: Network,
        rpc: RpcClient,
        content: BlockStore,
        *,
        max_fee_eth: str = "",
        outbox: Outbox | None = None,
    ) -> None:
        self.home = home
        self.network = network
        self.rpc = rpc
        self.content = content
        self.outbox = outbox or Outbox(home / "outbox.sqlite")
        self.fee_cap_wei = parse_eth(max_fee_eth) if max_fee_eth.strip() else None

    def __repr__(self) -> str:
        return f"TxPipeline({self.network.name}, chain {self.network.chain_id})"

    # ---- checks ----------------------------------------------------------------------------
    def check_chain(self) -> None:
        """Refuse to go on when the node is not on the network's chain."""
        got = self.rpc.chain_id()
        if got != self.network.chain_id:
            raise ChainError(
                f"The RPC node reports chain id {got}, but network {self.network.name!r} is "
                f"chain id {self.network.chain_id}. Nothing was signed.",
                hint="Check the network's rpc_url in the settings (or --rpc-url).",
            )

    def _estimate(
        self, call: dict[str, Any], *, margin: bool = True, nothing: str = "Nothing was signed."
    ) -> int:
        """``eth_estimateGas`` of ``call``, with GAS_MARGIN unless ``margin`` is False; a call
        that would fail is a ChainError that ends with ``nothing``."""
        try:
            gas = _hex(self.rpc.call("eth_estimateGas", [call]))
        except RpcError as exc:
            message = exc.rpc_message.lower()
            if "insufficient funds" in message:
                raise WalletError(
                    f"Insufficient funds in {call['from']} to pay for this transaction.",
                    hint="Add ETH to this account and try again.",
                ) from None
            reason = revert_reason(exc) or exc.rpc_message
            raise ChainError(f"This transaction would fail: {reason}. {nothing}") from None
        return _with_margin(gas) if margin else gas

    # ---- prepare ---------------------------------------------------------------------------
    def prepare(self, intent: Intent, sender: str) -> Prepared:
        """Store content, simulate, price and describe the transaction (nothing is signed).

        Raises ChainError (wrong chain, would revert), WalletError (insufficient funds),
        ContentError (invalid text) or ConfigError (no contract on this network).
        """
        sender = to_checksum(sender)
        call = build_call(intent, self.network, self.content)  # content first
        self.check_chain()
        return self._prepare_call(call, sender)

    def _prepare_call(self, call: ContractCall, sender: str) -> Prepared:
        balance = self.rpc.balance(sender)
        if call.value_wei > balance:
            raise WalletError(
                f"Insufficient funds: {call.summary} needs {eth(call.value_wei)} ETH plus fees; "
                f"{sender} has {eth(balance)} ETH.",
                hint="Add ETH to this account and try again.",
            )
        data = call.data
        later = call.signed_later
        gas = (  # arguments signed after the confirmation: the capability simulated the call
            _with_margin(later.gas)
            if later is not None
            else self._estimate(
                {"from": sender, "to": call.to, "data": data, "value": hex(call.value_wei)}
            )
        )
        fees = suggest_fees(self.rpc)
        nonce = max(
            self.rpc.nonce(sender, "pending"), self.outbox.next_nonce(self.network.chain_id, sender)
        )
        tx = {
            "type": 2,
            "chainId": self.network.chain_id,
            "nonce": nonce,
            "to": call.to,
            "value": call.value_wei,
            "data": data,
            "gas": gas,
            "maxFeePerGas": fees.max_fee_per_gas,
            "maxPriorityFeePerGas": fees.max_priority_fee_per_gas,
        }
        lookup = payee_of(call.payee) or payee_lookup(call.kind, call.args)
        confirmation = replace(
            self._confirmation(
                sender, tx, balance, call.function, call.display_args(), call.summary,
                call.permanence, call.cids,
            ),
            payee=self._payee(lookup),
            notes=call.notes + notes_for(self.rpc, self.network, call.kind, call.args, sender),
            units=call.units,
        )  # fmt: skip
        return Prepared(
            confirmation=confirmation,
            tx=tx,
            kind=call.kind,
            intent=call.intent_json(),
            payee_lookup=lookup,
            later=call if later is not None else None,
        )

    def _sign_later(
        self, call: ContractCall, signer: Signer, tx: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """The calldata and outbox record of ``call`` with the arguments only the key can make
        (a permit), signed now that the user has confirmed; the final call is simulated again
        and refused when it would fail or needs more gas than the confirmation said."""
        assert call.signed_later is not None
        final = call.signed(call.signed_later.sign(signer, self.rpc))
        nothing = "Nothing was sent."
        needed = self._estimate(
            {"from": signer.address, "to": tx["to"], "data": final.data, "value": hex(tx["value"])},
            margin=False,
            nothing=nothing,
        )
        if needed > tx["gas"]:
            raise ChainError(
                f"This transaction now needs {needed:,} gas, more than the {tx['gas']:,} you "
                f"confirmed. {nothing}",
                hint="Start again to see and confirm the new gas limit.",
            )
        return final.data, final.intent_json()

    def _payee(self, lookup: PayeeLookup | None) -> Payee | None:
        return None if lookup is None else read_payee(self.rpc, self.network, self.content, lookup)

    def check_payee(self, prepared: Prepared) -> None:
        """Refuse to sign when the payee is no longer the one the user confirmed."""
        payee, lookup = prepared.confirmation.payee, prepared.payee_lookup
        if payee is None or lookup is None:
            return
        now = read_address(self.rpc, self.network, lookup)
        if now != payee.address:
            raise ChainError(
                f"The payee changed after you confirmed: the {lookup.reason} was "
                f"{payee.address} and is now {now}. Nothing was signed.",
                hint="Start again to see and confirm the new payee.",
            )

    def _confirmation(
        self,
        sender: str,
        tx: dict[str, Any],
        balance: int,
        function: str,
        args: tuple[tuple[str, str], ...],
        summary: str,
        notice: str,
        cids: tuple[str, ...] = (),
    ) -> Confirmation:
        return Confirmation(
            network=self.network.name,
            chain_id=self.network.chain_id,
            sender=sender,
            to=tx["to"],
            value_wei=tx["value"],
            function=function,
            args=args,
            gas_limit=tx["gas"],
            max_fee_per_gas=tx["maxFeePerGas"],
            max_priority_fee_per_gas=tx["maxPriorityFeePerGas"],
            nonce=tx["nonce"],
            balance_wei=balance,
            summary=summary,
            notice=notice,
            fee_cap_wei=self.fee_cap_wei,
            cids=cids,
        )

    # ---- submit ----------------------------------------------------------------------------
    def submit(
        self, prepared: Prepared, signer: Signer, on_progress: Progress | None = None
    ) -> OutboxEntry:
        """Sign, persist (write-ahead), then broadcast. Returns the outbox entry.

        The entry is pending when the node could not be reached: it stays in the outbox and is
        re-sent (same bytes) by ``wait`` or ``reconcile``.
        """
        progress = on_progress or (lambda _stage, _entry: None)
        confirmation = prepared.confirmation
        if to_checksum(signer.address) != confirmation.sender:
            raise WalletError("The signing account is not the one in the confirmation.")
        if confirmation.over_fee_cap:
            raise WalletError(
                f"The fees could reach {eth(confirmation.max_fee_wei)} ETH, above your cap of "
                f"{eth(confirmation.fee_cap_wei or 0)} ETH. Nothing was signed.",
                hint="Raise max_fee_eth in the settings, or try again when fees are lower.",
            )
        self.check_chain()
        balance = self.rpc.balance(confirmation.sender)
        if balance < confirmation.worst_case_wei:
            raise WalletError(
                f"Insufficient funds: this needs up to {eth(confirmation.worst_case_wei)} ETH "
                f"(value plus fees); {confirmation.sender} has {eth(balance)} ETH. "
                "Nothing was signed.",
                hint="Add ETH to this account and try again.",
            )
        progress("signing", None)
        chain_id = self.network.chain_id
        with nonce_lock(self.home / "locks", chain_id, confirmation.sender):
            tx = dict(prepared.tx)
            if prepared.replaces is None:
                tx["nonce"] = max(
                    self.rpc.nonce(confirmation.sender, "pending"),
                    self.outbox.next_nonce(chain_id, confirmation.sender),
                )
            self.check_payee(prepared)  # last moment before the signature
            intent = prepared.intent
            if prepared.later is not None:  # confirmed: now the key may sign what it must
                tx["data"], intent = self._sign_later(prepared.later, signer, tx)
            signed = signer.sign(tx)
            entry = OutboxEntry(
                hash=signed.hash,
                chain_id=chain_id,
                sender=confirmation.sender,
                nonce=tx["nonce"],
                raw="0x" + signed.raw.hex(),
                data=tx["data"],
                to=tx["to"],
                value_wei=tx["value"],
                gas=tx["gas"],
                max_fee_per_gas=tx["maxFeePerGas"],
                max_priority_fee_per_gas=tx["maxPriorityFeePerGas"],
                kind=prepared.kind,
                intent=intent,
                status=TxStatus.PENDING,
                replaces=prepared.replaces,
            )
            self.outbox.insert(entry)
        progress("persisted", entry)
        if os.environ.get(TEST_HOOK_ENV) == "kill-after-persist":
            os.kill(os.getpid(), signal.SIGKILL)
        entry = self.broadcast(entry)
        progress("sent" if entry.sends else entry.status.value, entry)
        return entry

    def broadcast(self, entry: OutboxEntry) -> OutboxEntry:
        """Send the stored bytes. "Already known" and "nonce too low" are checked by hash."""
        try:
            self.rpc.call("eth_sendRawTransaction", [entry.raw])
        except RpcUnavailable as exc:
            # It may have landed (timeout after forwarding): never re-sign; the same bytes are
            # re-sent later only if the node does not know the hash.
            return self.outbox.update(
                entry.hash, sent_at=time.time(), error=clean_line(str(exc), 300),
                sends=entry.sends + (1 if exc.maybe_delivered else 0),
            )  # fmt: skip
        except RpcError as exc:
            message = exc.rpc_message.lower()
            if any(k in message for k in _KNOWN):
                return self.outbox.update(entry.hash, sent_at=time.time(), sends=entry.sends + 1)
            if any(k in message for k in _NONCE_LOW):
                if self.rpc.receipt(entry.hash) or self.rpc.transaction(entry.hash):
                    return self.outbox.update(entry.hash, sends=entry.sends + 1)
                return self.outbox.update(entry.hash, error=exc.rpc_message)  # reconcile decides
            self.outbox.update(entry.hash, status=TxStatus.DROPPED, error=exc.rpc_message)
            raise ChainError(f"The node refused the transaction: {exc.rpc_message}") from None
        return self.outbox.update(
            entry.hash, sent_at=time.time(), sends=entry.sends + 1, error=None
        )

    # ---- following -------------------------------------------------------------------------
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

    # ---- replace ---------------------------------------------------------------------------
    def get(self, tx_hash: str) -> OutboxEntry:
        matches = self.outbox.find(tx_hash) if len(tx_hash) >= 6 else []
        if len(matches) != 1:
            raise NotFoundError(
                f"No transaction {clean_line(tx_hash, 70)!r} in the outbox"
                + (" (ambiguous prefix)." if len(matches) > 1 else "."),
                hint="See `agora tx list`.",
            )
        return matches[0]

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

    def list_transactions(self, limit: int = 200) -> list[OutboxEntry]:
        return self.outbox.list(limit)


def _arg_names(function: str) -> tuple[str, ...]:
    from tui.core.actions.calls import _SIGNATURES

    for _contract, sig, names in _SIGNATURES.values():
        if sig == function:
            return names
    return ()


def replace_nonce(prepared: Prepared, nonce: int) -> Prepared:
    """A copy of ``prepared`` with another nonce (tests and front ends that re-queue)."""
    return replace(prepared, tx={**prepared.tx, "nonce": nonce})
