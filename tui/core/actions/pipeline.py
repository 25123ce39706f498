"""The transaction pipeline: intent → confirmation → signed tx in the outbox → broadcast → receipt.

Front-end neutral. The CLI calls it directly; the TUI calls it from a thread worker and relays
``on_progress`` events ("signing", "sent", "confirmed in block N", "failed: reason").

This module prepares, signs and broadcasts; following a transaction to its end lives in
``following``, speed-up, cancel and retry in ``replacing``, and the types they share in
``prepared``. ``TxPipeline`` gathers them, so callers use one object.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from tui.core.actions.calls import ContractCall, build_call
from tui.core.actions.confirmation import Confirmation, Payee
from tui.core.actions.fees import suggest_fees
from tui.core.actions.following import TxFollowing, _hex
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
from tui.core.actions.prepared import Prepared, Progress
from tui.core.actions.replacing import TxReplacing
from tui.core.chain.abi import revert_reason, to_checksum
from tui.core.chain.rpc import RpcClient, RpcError, RpcUnavailable
from tui.core.config.settings import Network
from tui.core.content.store import BlockStore
from tui.core.errors import ChainError, WalletError
from tui.core.text import clean_line
from tui.core.units import eth_decimal as eth
from tui.core.units import parse_eth
from tui.core.wallet.signer import TEST_HOOK_ENV, Signer

GAS_MARGIN_NUM, GAS_MARGIN_DEN = 125, 100
"""Estimates get +25%: refunds and warm/cold storage make them tight."""

_KNOWN = ("already known", "known transaction", "already imported", "alreadyknown")
_NONCE_LOW = ("nonce too low", "nonce is too low", "oldnonce")


def _with_margin(gas: int) -> int:
    return -(-gas * GAS_MARGIN_NUM // GAS_MARGIN_DEN)


class TxPipeline(TxReplacing, TxFollowing):
    """Prepares, signs, persists, broadcasts and follows transactions for one network.

    Following (``wait``, ``reconcile``, ``outcome``, ``get``) comes from ``TxFollowing``
    (tui/core/actions/following.py); retry, speed-up and cancel from ``TxReplacing``
    (tui/core/actions/replacing.py).
    """

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


def replace_nonce(prepared: Prepared, nonce: int) -> Prepared:
    """A copy of ``prepared`` with another nonce (tests and front ends that re-queue)."""
    return replace(prepared, tx={**prepared.tx, "nonce": nonce})
