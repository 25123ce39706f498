"""The real write side: the UI's requests over the core wallet and transaction pipeline.

Everything heavy (the wallet, the pipeline, eth_account) is imported inside methods, so building
a CoreWriter costs nothing before the first paint. Every method blocks: screens call them from
thread workers.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.errors import ConfigError, DevnetStopped, WalletError
from tui.core.text import clean_line
from tui.core.wallet.secret import Secret
from tui.ui.writes import (
    AccountView,
    CollectRequest,
    FollowRequest,
    PlannedRequest,
    PostRequest,
    Prepared,
    ProfileRequest,
    PublishRequest,
    RepostRequest,
    TipRequest,
    TxRecord,
    TxStage,
    TxUpdate,
    WriteRequest,
)

if TYPE_CHECKING:
    from tui.core.context import AgoraContext

WAIT_SECONDS = 120.0
"""How long the status line follows a transaction before leaving it to the wallet's history."""


def to_intent(request: WriteRequest) -> Any:
    """The core intent for a UI request."""
    from tui.core.actions import intents

    match request:
        case PostRequest(text=text, reply_to=reply_to, content_warning=cw, attachments=images):
            return intents.PostIntent(
                text=text, reply_to=reply_to, content_warning=cw, attachments=tuple(images)
            )
        case RepostRequest(post_id=pid):
            return intents.RepostIntent(pid)
        case FollowRequest(address=address, follow=True):
            return intents.FollowIntent(address)
        case FollowRequest(address=address):
            return intents.UnfollowIntent(address)
        case TipRequest(post_id=pid, amount_wei=amount):
            return intents.TipIntent(pid, amount)
        case PublishRequest(title=t, summary=s, body=b, price_wei=p, max_editions=n):
            return intents.PublishIntent(title=t, body=b, summary=s, price_wei=p, editions=n)
        case CollectRequest(article_id=aid, price_wei=price):
            return intents.CollectIntent(aid, price)
        case ProfileRequest(name=name, bio=bio, links=links, avatar=avatar):
            return intents.ProfileIntent(name=name, bio=bio, avatar=avatar, links=links)
    raise ConfigError("This action is not supported.")


def final_update(entry: Any) -> TxUpdate:
    """What the status line says about an outbox entry once we stop following it."""
    status = str(getattr(entry.status, "value", entry.status))
    block = int(entry.block or 0)
    if status == "confirmed":
        return TxUpdate(TxStage.CONFIRMED, tx_hash=entry.hash, block=block)
    if status == "pending":
        return TxUpdate(
            TxStage.PENDING,
            tx_hash=entry.hash,
            reason="still pending: follow it in Wallet → Transactions",
        )
    reason = clean_line(entry.error or status, 300)
    if status == "failed":
        reason = f"reverted: {reason}" if entry.error else "reverted"
    return TxUpdate(TxStage.FAILED, tx_hash=entry.hash, block=block, reason=reason)


class CoreWriter:
    """Adapts ``tui.core.actions.TxPipeline`` and ``tui.core.wallet.Wallet`` to ``Writer``."""

    def __init__(self, ctx: AgoraContext, backend: Any = None) -> None:
        self.ctx = ctx
        self.backend = backend
        self._lock = threading.Lock()
        self._wallet: Any = None
        self._pipeline: Any = None
        self._stopping = threading.Event()

    # --- lazily opened parts -------------------------------------------------------------
    def wallet(self) -> Any:
        with self._lock:
            if self._wallet is None:
                from tui.core.wallet.wallet import Wallet

                self._wallet = Wallet.from_context(self.ctx)
            return self._wallet

    def _on_embedded_devnet(self) -> bool:
        from tui.core.config.settings import DEVNET

        ctx = self.ctx
        return (
            ctx.network_name == DEVNET
            and DEVNET not in ctx.settings.networks
            and not ctx.overrides.rpc_url
        )

    def _check_devnet(self) -> None:
        """Raise DevnetStopped when the devnet we write to is not running: a write never
        starts it (the user may have stopped it); the flow asks first (``start_network``)."""
        if not self._on_embedded_devnet():
            return
        from tui.core.chain.devnet import Devnet

        devnet = Devnet(self.ctx.home, self.ctx.content)
        record = devnet.read_record()
        if record is None or not devnet.is_running(record):
            raise DevnetStopped(
                "The devnet is not running.", hint="Start it here, or with `agora devnet up`."
            )
        if self._pipeline is not None and self._pipeline.network.rpc_url != record.rpc_url:
            self._pipeline = None  # restarted on another port

    def start_network(self) -> None:
        """Start the devnet (the user said yes); the next write resolves it afresh."""
        from tui.core.chain.devnet import Devnet
        from tui.core.chain.networks import devnet_network

        record = Devnet(self.ctx.home, self.ctx.content).up().record
        with self._lock:
            self._pipeline = None
        attach = getattr(self.backend, "attach_network", None)
        if callable(attach):  # the status bar and the sync follow the running node again
            attach(record.rpc_url, record.chain_id, devnet_network(record))

    def pipeline(self) -> Any:
        with self._lock:
            self._check_devnet()
            if self._pipeline is None:
                from tui.core.actions.pipeline import TxPipeline
                from tui.core.chain.networks import resolve_network

                network = resolve_network(self.ctx, start_devnet=False)
                rpc_url = self.ctx.overrides.rpc_url or network.rpc_url
                self._pipeline = TxPipeline(
                    self.ctx.home,
                    replace(network, rpc_url=rpc_url),
                    self.ctx.rpc(rpc_url),
                    self.ctx.content,
                    max_fee_eth=self.ctx.settings.max_fee_eth,
                )
            return self._pipeline

    def _sender(self) -> str:
        wallet = self.wallet()
        info = wallet.resolve(self.ctx.overrides.account)
        return str(info.address)

    # --- Writer --------------------------------------------------------------------------
    def prepare(self, request: WriteRequest) -> Prepared:
        sender = self._sender()
        pipeline = self.pipeline()
        last = True
        if isinstance(request, PlannedRequest):
            intent, last = request.plan(pipeline.rpc, pipeline.network, sender, pipeline.content)
        else:
            intent = to_intent(request)
        if isinstance(request, ProfileRequest):
            from tui.core.messages.service import keep_message_key

            intent = keep_message_key(self.ctx, intent)
        core = pipeline.prepare(intent, sender)
        return Prepared(request=request, confirmation=core.confirmation, handle=core, last=last)

    def _wrap(self, core: Any, request: Any) -> Prepared:
        return Prepared(request=request, confirmation=core.confirmation, handle=core)

    def submit(self, prepared: Prepared) -> Iterator[TxUpdate]:
        pipeline = self.pipeline()
        wallet = self.wallet()
        sender = prepared.confirmation.sender
        if wallet.needs_passphrase(sender):
            raise WalletError(
                f"Account {sender} is locked by a passphrase.",
                hint="Unlock it with `agora account` commands, or use an unprotected account.",
            )
        yield TxUpdate(TxStage.SIGNING)
        entry = pipeline.submit(prepared.handle, wallet.signer(sender))
        yield TxUpdate(TxStage.SENT, tx_hash=entry.hash)
        entry = pipeline.wait(entry.hash, timeout=WAIT_SECONDS, stop=self._stopping)
        if str(getattr(entry.status, "value", entry.status)) in ("replaced", "cancelled"):
            entry = pipeline.outcome(entry.hash)
        if entry.block:
            self._save_devnet(pipeline.network.rpc_url)
        yield final_update(entry)

    def stop(self) -> None:
        self._stopping.set()

    def _save_devnet(self, rpc_url: str) -> None:
        """On the devnet, save the chain after a mined write (in the background: a large
        chain takes seconds), so a killed anvil keeps it."""
        from tui.core.chain.devnet import checkpoint_after_write

        threading.Thread(
            target=checkpoint_after_write,
            args=(self.ctx.home, rpc_url),
            name="agora-devnet-save",
            daemon=True,
        ).start()

    def needs_unlock(self, sender: str) -> tuple[bool, str]:
        """(locked, label): whether signing for ``sender`` needs its passphrase first."""
        wallet = self.wallet()
        info = wallet.resolve(sender)
        return bool(wallet.needs_passphrase(sender)), clean_line(info.label, 64)

    def unlock(self, sender: str, passphrase: Secret) -> None:
        """Decrypt the key for this session (WalletError on a wrong passphrase)."""
        self.wallet().unlock(sender, passphrase)

    def _balance_of(self, address: str) -> int | None:
        """The balance in wei; None when it cannot be read (the node is down or stopped)."""
        try:
            return int(self.pipeline().rpc.balance(address))
        except Exception:
            return None

    def accounts(self) -> list[AccountView]:
        wallet = self.wallet()
        active = wallet.active()
        active_address = active.address if active is not None else ""
        return [
            AccountView(
                address=info.address,
                label=clean_line(info.label, 64),
                balance_wei=self._balance_of(info.address),
                active=info.address == active_address,
                protected=info.protected,
            )
            for info in wallet.accounts()
        ]

    def balance(self) -> int | None:
        return self._balance_of(self._sender())

    def switch_account(self, address: str) -> None:
        self.wallet().use(address)

    def export_account(self, address: str, path: Path, passphrase: Secret) -> Path:
        import json

        target = path.expanduser()
        if target.exists():
            raise WalletError(f"{target} already exists; choose another file name.")
        if not target.parent.is_dir():
            raise WalletError(f"The folder {target.parent} does not exist.")
        keystore = self.wallet().export_keystore(address, passphrase)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".agora-export-")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(keystore, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def _history(self) -> list[Any]:
        """The outbox's transactions; read from the file when the devnet is stopped (the
        history is local: it must not need, or start, the node)."""
        try:
            return list(self.pipeline().list_transactions())
        except DevnetStopped:
            from tui.core.actions.outbox import Outbox

            path = self.ctx.home / "outbox.sqlite"
            if not path.exists():
                return []
            outbox = Outbox(path)
            try:
                return list(outbox.list())
            finally:
                outbox.close()

    def transactions(self) -> list[TxRecord]:
        records: list[TxRecord] = []
        for entry in self._history():
            status = str(getattr(entry.status, "value", entry.status))
            summary = clean_line(str(entry.intent.get("summary") or entry.kind), 120)
            records.append(
                TxRecord(
                    tx_hash=entry.hash,
                    nonce=entry.nonce,
                    status=status,
                    summary=summary,
                    block=int(entry.block or 0),
                    reason=clean_line(entry.error or "", 200),
                )
            )
        return records

    def speed_up(self, tx_hash: str) -> Prepared:
        return self._wrap(self.pipeline().prepare_replacement(tx_hash), ("speed_up", tx_hash))

    def cancel(self, tx_hash: str) -> Prepared:
        core = self.pipeline().prepare_replacement(tx_hash, cancel=True)
        return self._wrap(core, ("cancel", tx_hash))

    def retry(self, tx_hash: str) -> Prepared:
        return self._wrap(self.pipeline().prepare_retry(tx_hash), ("retry", tx_hash))
