"""The write side the screens use: requests, the confirmation they show, and live tx updates.

Screens never build transactions: they send a typed request (``PostRequest``, ``TipRequest``…)
to a backend, show the ``Confirmation`` it prepares, and watch the ``TxUpdate`` stream of a
submitted transaction. ``FakeWriter`` is the in-memory implementation for fast tests and
snapshots; ``tui.ui.core_writer.CoreWriter`` adapts the real wallet and outbox.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from tui.core.actions.confirmation import MONEY, PUBLIC, Confirmation, Payee, owned_note
from tui.core.errors import ChainError, DevnetStopped, WalletError
from tui.core.text import clean_line
from tui.core.units import format_eth
from tui.core.wallet.secret import Secret
from tui.ui.tx_progress import TxStage, TxUpdate

# --- requests: what the user asked for ---------------------------------------------------------


@dataclass(frozen=True)
class PostRequest:
    """A new post, or a reply when ``reply_to`` is set."""

    text: str
    reply_to: int = 0
    content_warning: str = ""
    attachments: tuple[Any, ...] = ()
    """``Attachment``s of images already in the content store (tui.core.images.attachments)."""


@dataclass(frozen=True)
class RepostRequest:
    post_id: int


@dataclass(frozen=True)
class FollowRequest:
    address: str
    follow: bool = True


@dataclass(frozen=True)
class TipRequest:
    post_id: int
    amount_wei: int
    recipient: str = ""


@dataclass(frozen=True)
class PublishRequest:
    """An article: its Markdown body and metadata, and an optional edition price and supply."""

    title: str
    summary: str
    body: str
    price_wei: int = 0
    max_editions: int = 0


@dataclass(frozen=True)
class CollectRequest:
    article_id: int
    price_wei: int
    holder: str = ""
    """The article token's holder as the index saw it (the core reads it on chain instead)."""
    owned: tuple[int, ...] = ()
    """Editions the user already holds, as the index saw them (the core reads them on chain)."""


@dataclass(frozen=True)
class ProfileRequest:
    """The user's own profile document (name, bio, links; the avatar is kept as it was)."""

    name: str
    bio: str = ""
    links: tuple[str, ...] = ()
    avatar: str = ""


@dataclass(frozen=True)
class PlannedRequest:
    """A capability's write, as one step of an action of one or more transactions.

    ``plan(rpc, network, sender, content)`` returns ``(CallIntent, last)``: it runs in the
    writer's thread right before each confirmation, so every step is planned from the chain as
    it is then (approve exactly, then tip; ENS's several calls), and stores in ``content`` the
    documents the call points at before the intent exists. ``fake()`` gives the in-memory
    writer a canned step for tests and snapshots, since it has no chain to plan from.
    """

    summary: str
    plan: Callable[[Any, Any, str, Any], tuple[Any, bool]]
    fake: Callable[[], tuple[Any, bool]] | None = None
    fake_payee: str = ""
    """Whom the in-memory writer shows as the payee of a step that pays someone (default: its
    second account)."""
    before_signing: Callable[[], None] | None = None
    """Blocking, after the user confirmed and right before signing: the ENS names the step
    was planned with, resolved again (``tui.core.ens.service.recheck``); AgoraError stops it."""


WriteRequest = (
    PlannedRequest
    | PostRequest
    | RepostRequest
    | FollowRequest
    | TipRequest
    | PublishRequest
    | CollectRequest
    | ProfileRequest
)


# --- what a confirmation shows: the core model (tui.core.actions.confirmation) -------------


@dataclass(frozen=True)
class Prepared:
    """A request turned into a transaction that is ready to sign once confirmed."""

    request: Any
    confirmation: Confirmation
    handle: Any = None
    """Backend-specific (the core's prepared transaction); front ends never look inside."""
    last: bool = True
    """False when more transactions of the same action follow this one (``PlannedRequest``)."""


@dataclass(frozen=True)
class AccountView:
    """An account the wallet holds (no secrets)."""

    address: str
    label: str = ""
    balance_wei: int | None = 0
    """None when it cannot be read (the node is down): shown as unknown, never as 0."""
    active: bool = False
    protected: bool = False


RETRYABLE = ("failed", "dropped", "cancelled")
"""History statuses whose action can be retried (the core re-checks: a speed-up may have won)."""


@dataclass(frozen=True)
class TxRecord:
    """One row of the transaction history (the outbox)."""

    tx_hash: str
    nonce: int
    status: str
    """pending, confirmed, failed, replaced, dropped or cancelled."""
    summary: str
    block: int = 0
    reason: str = ""

    @property
    def pending(self) -> bool:
        return self.status == "pending"

    @property
    def retryable(self) -> bool:
        """Its action did not happen: it can be done again as a new transaction."""
        return self.status in RETRYABLE


# --- the interface ----------------------------------------------------------------------------


@runtime_checkable
class Writer(Protocol):
    """The write half of the UI backend. Every method may block: call it from a thread worker."""

    def prepare(self, request: WriteRequest) -> Prepared:
        """Store content first, simulate, and build the confirmation. Raises AgoraError."""
        ...

    def submit(self, prepared: Prepared) -> Iterator[TxUpdate]:
        """Sign, persist, broadcast and wait: yields signing → sent → confirmed/failed."""
        ...

    def stop(self) -> None:
        """Stop following transactions: the app is closing. A ``submit`` still waiting for its
        receipt ends at once with PENDING (the transaction stays in the outbox, followed again
        on the next start), so quitting never waits for a block."""
        ...

    def accounts(self) -> list[AccountView]: ...

    def balance(self) -> int | None:
        """The active account's balance in wei (0 when there is none; None when it cannot be
        read, e.g. the node is down)."""
        ...

    def start_network(self) -> None:
        """Start the stopped devnet, after the user agreed (``prepare`` raised DevnetStopped)."""
        ...

    def switch_account(self, address: str) -> None: ...

    def export_account(self, address: str, path: Path, passphrase: Secret) -> Path:
        """Write the account as a V3 keystore encrypted with ``passphrase``."""
        ...

    def transactions(self) -> list[TxRecord]: ...

    def speed_up(self, tx_hash: str) -> Prepared: ...

    def cancel(self, tx_hash: str) -> Prepared: ...

    def retry(self, tx_hash: str) -> Prepared:
        """The action of a failed, dropped or cancelled transaction, as a new transaction."""
        ...


def _shown_args(intent: Any) -> tuple[tuple[str, str], ...]:
    """A planned intent's arguments as the real confirmation shows them (bytes as 0x hex)."""
    from tui.core.actions.calls import _shown

    pairs = zip(intent.arg_names, intent.args, strict=True)
    return tuple((name, clean_line(_shown(value), 120)) for name, value in pairs)


def describe(request: WriteRequest) -> str:
    """The one-line summary of a request (shown first in a confirmation and in history)."""
    match request:
        case PostRequest(reply_to=parent) if parent:
            return f"Reply to post #{parent}"
        case PostRequest():
            return "Publish a post"
        case RepostRequest(post_id=pid):
            return f"Repost post #{pid}"
        case FollowRequest(address=addr, follow=True):
            return f"Follow {addr}"
        case FollowRequest(address=addr):
            return f"Unfollow {addr}"
        case TipRequest(post_id=pid, amount_wei=amount):
            return f"Tip {format_eth(amount)} to post #{pid}"
        case PublishRequest(title=title):
            return f"Publish the article “{title[:60]}”"
        case CollectRequest(article_id=aid, price_wei=price):
            return f"Collect an edition of article #{aid} for {format_eth(price)}"
        case ProfileRequest():
            return "Update your profile"
        case PlannedRequest(summary=summary):
            return summary
    return "Send a transaction"


# --- the in-memory fake -----------------------------------------------------------------------

FAKE_SOCIAL = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
FAKE_ARTICLES = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"
FAKE_ACCOUNTS = (
    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
)


@dataclass
class FakeWriter:
    """Deterministic in-memory writes for tests and snapshots; never touches a chain.

    ``fail_prepare`` / ``fail_submit`` make the next calls raise or fail, to show error paths.
    """

    network: str = "devnet"
    chain_id: int = 31337
    balances: dict[str, int] = field(
        default_factory=lambda: {FAKE_ACCOUNTS[0]: 10 * 10**18, FAKE_ACCOUNTS[1]: 25 * 10**17}
    )
    labels: dict[str, str] = field(
        default_factory=lambda: {FAKE_ACCOUNTS[0]: "alice", FAKE_ACCOUNTS[1]: "bob"}
    )
    active: str = FAKE_ACCOUNTS[0]
    history: list[TxRecord] = field(default_factory=list)
    submitted: list[Any] = field(default_factory=list)
    """Requests that were confirmed and submitted, in order (tests assert on it)."""
    fail_prepare: Exception | None = None
    fail_reason: str = ""
    """When set, submitted transactions fail (reverted) with this reason."""
    exported: list[Path] = field(default_factory=list)
    hold: threading.Event | None = None
    """When set, submitted transactions stay "sent" until the event is set (pending snapshots)."""
    profile_names: dict[str, str] = field(default_factory=lambda: {FAKE_ACCOUNTS[1]: "Brendan"})
    """Self-chosen profile names of payees (shown as claims)."""
    stopped: bool = False
    """The devnet is stopped: ``prepare`` raises DevnetStopped, ``balance`` is unknown."""
    starts: int = 0
    """How many times ``start_network`` was called (tests assert nothing starts unasked)."""
    stopping: threading.Event = field(default_factory=threading.Event)
    """Set by ``stop``: a held transaction is left pending, as the real writer does."""
    _nonce: itertools.count[int] = field(default_factory=lambda: itertools.count(7))
    _block: itertools.count[int] = field(default_factory=lambda: itertools.count(1201))

    def _target(self, request: WriteRequest) -> tuple[str, str, tuple[tuple[str, str], ...], int]:
        match request:
            case PostRequest(reply_to=parent):
                cid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
                return (
                    FAKE_SOCIAL,
                    "post(string,uint256)",
                    (("cid", cid), ("parent", str(parent))),
                    0,
                )
            case RepostRequest(post_id=pid):
                return FAKE_SOCIAL, "repost(uint256)", (("id", str(pid)),), 0
            case FollowRequest(address=addr, follow=follow):
                fn = "follow(address)" if follow else "unfollow(address)"
                return FAKE_SOCIAL, fn, (("account", addr),), 0
            case TipRequest(post_id=pid, amount_wei=amount):
                return FAKE_SOCIAL, "tip(uint256)", (("id", str(pid)),), amount
            case PublishRequest(price_wei=price, max_editions=supply):
                cid = "bafkreie5a4ypfmqoyzqn2tmp2bz7ix5ywjxwbdngjrqr3isdc6bbaeaqim"
                args = (("cid", cid), ("price", str(price)), ("maxEditions", str(supply)))
                return FAKE_ARTICLES, "publish(string,uint256,uint256)", args, 0
            case CollectRequest(article_id=aid, price_wei=price):
                return FAKE_ARTICLES, "collect(uint256)", (("articleId", str(aid)),), price
            case ProfileRequest():
                cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
                return FAKE_SOCIAL, "setProfile(string)", (("cid", cid),), 0
        raise ChainError("This action is not supported.")

    def prepare(self, request: WriteRequest) -> Prepared:
        if self.stopped:
            raise DevnetStopped("The devnet is not running.")
        if self.fail_prepare is not None:
            raise self.fail_prepare
        if isinstance(request, PlannedRequest):
            return self._prepare_planned(request)
        to, function, args, value = self._target(request)
        confirmation = Confirmation(
            network=self.network,
            chain_id=self.chain_id,
            sender=self.active,
            to=to,
            value_wei=value,
            function=function,
            args=args,
            gas_limit=120_000,
            max_fee_per_gas=2_000_000_000,
            max_priority_fee_per_gas=1_000_000,
            nonce=next(self._nonce),
            balance_wei=self.balances.get(self.active, 0),
            summary=describe(request),
            notice=MONEY if value else PUBLIC,
            payee=self._payee(request),
            notes=self._notes(request),
        )
        if not confirmation.sufficient:
            raise WalletError(
                f"Insufficient funds: this needs up to {format_eth(confirmation.worst_case_wei)} "
                f"and the account holds {format_eth(confirmation.balance_wei)}.",
                hint="Fund the account or lower the amount.",
            )
        return Prepared(request=request, confirmation=confirmation)

    def _prepare_planned(self, request: PlannedRequest) -> Prepared:
        if request.fake is None:
            raise ChainError("This action is not supported.")
        intent, last = request.fake()
        to = intent.contract if intent.contract.startswith("0x") else FAKE_SOCIAL
        payee = None
        if intent.payee is not None:
            who = request.fake_payee or FAKE_ACCOUNTS[1]
            payee = Payee(who, intent.payee[3], self.profile_names.get(who, ""))
        confirmation = Confirmation(
            network=self.network,
            chain_id=self.chain_id,
            sender=self.active,
            to=to,
            value_wei=intent.value_wei,
            function=intent.function,
            args=_shown_args(intent),
            gas_limit=90_000,
            max_fee_per_gas=2_000_000_000,
            max_priority_fee_per_gas=1_000_000,
            nonce=next(self._nonce),
            balance_wei=self.balances.get(self.active, 0),
            summary=intent.summary,
            notice=MONEY if intent.value_wei else PUBLIC,
            payee=payee,
            notes=intent.notes,
        )
        return Prepared(request=request, confirmation=confirmation, last=last)

    def _payee(self, request: WriteRequest) -> Payee | None:
        match request:
            case TipRequest(post_id=pid, recipient=who):
                address, reason = who or FAKE_ACCOUNTS[1], f"author of post #{pid}"
            case CollectRequest(article_id=aid, holder=who):
                address, reason = who or FAKE_ACCOUNTS[1], f"current holder of article #{aid}"
            case _:
                return None
        return Payee(address, reason, self.profile_names.get(address, ""))

    def _notes(self, request: WriteRequest) -> tuple[str, ...]:
        if isinstance(request, CollectRequest) and request.owned:
            return (owned_note(list(request.owned)),)
        return ()

    def submit(self, prepared: Prepared) -> Iterator[TxUpdate]:
        conf = prepared.confirmation
        tx_hash = "0x" + f"{conf.nonce:064x}"
        yield TxUpdate(TxStage.SIGNING)
        self.submitted.append(prepared.request)
        yield TxUpdate(TxStage.SENT, tx_hash=tx_hash)
        if self.hold is not None:
            deadline = time.monotonic() + 30  # a test that forgot to release it still ends
            while not self.hold.wait(0.05) and time.monotonic() < deadline:
                if self.stopping.is_set():
                    reason = "still pending: follow it in Wallet → Transactions"
                    yield TxUpdate(TxStage.PENDING, tx_hash=tx_hash, reason=reason)
                    return
        block = next(self._block)
        if self.fail_reason:
            record = TxRecord(tx_hash, conf.nonce, "failed", conf.summary, block, self.fail_reason)
            self.history.insert(0, record)
            yield TxUpdate(TxStage.FAILED, tx_hash=tx_hash, block=block, reason=self.fail_reason)
            return
        self.balances[self.active] = self.balances.get(self.active, 0) - conf.value_wei
        self.history.insert(0, TxRecord(tx_hash, conf.nonce, "confirmed", conf.summary, block))
        yield TxUpdate(TxStage.CONFIRMED, tx_hash=tx_hash, block=block)

    def stop(self) -> None:
        self.stopping.set()

    def accounts(self) -> list[AccountView]:
        return [
            AccountView(
                addr, self.labels.get(addr, ""), None if self.stopped else bal, addr == self.active
            )
            for addr, bal in self.balances.items()
        ]

    def balance(self) -> int | None:
        return None if self.stopped else self.balances.get(self.active, 0)

    def start_network(self) -> None:
        self.starts += 1
        self.stopped = False

    def switch_account(self, address: str) -> None:
        if address not in self.balances:
            raise WalletError(f"No account {address} in this wallet.")
        self.active = address

    def export_account(self, address: str, path: Path, passphrase: Secret) -> Path:
        if not passphrase:
            raise WalletError("Choose a passphrase to protect the exported keystore.")
        self.exported.append(path)
        return path

    def transactions(self) -> list[TxRecord]:
        return list(self.history)

    def _record(self, tx_hash: str, allowed: Callable[[TxRecord], bool], refusal: str) -> TxRecord:
        """The history row ``tx_hash`` if ``allowed`` says yes, else a WalletError."""
        for record in self.history:
            if record.tx_hash == tx_hash and allowed(record):
                return record
        raise WalletError(refusal)

    def _replace(self, tx_hash: str, summary: str, value: int) -> Prepared:
        record = self._record(
            tx_hash,
            lambda r: r.pending,
            "Only a pending transaction can be sped up or cancelled.",
        )
        base = self.prepare(RepostRequest(0))
        conf = replace(
            base.confirmation,
            nonce=record.nonce,
            summary=summary,
            value_wei=value,
            function="(the same call as before)",
            args=(),
            max_fee_per_gas=2_250_000_000,
            max_priority_fee_per_gas=1_125_000,
        )
        return Prepared(request=("replace", tx_hash), confirmation=conf)

    def speed_up(self, tx_hash: str) -> Prepared:
        return self._replace(tx_hash, "Speed up a pending transaction (fees +12.5%)", 0)

    def cancel(self, tx_hash: str) -> Prepared:
        prepared = self._replace(tx_hash, "Cancel a pending transaction", 0)
        conf = replace(prepared.confirmation, to=self.active, function="(cancel)", args=())
        return replace(prepared, confirmation=conf)

    def retry(self, tx_hash: str) -> Prepared:
        record = self._record(
            tx_hash,
            lambda r: r.retryable,
            "Only a failed, dropped or cancelled transaction can be retried.",
        )
        base = self.prepare(RepostRequest(0))
        conf = replace(
            base.confirmation,
            summary=f"Retry: {record.summary}",
            function="(the same call as before)",
            args=(),
        )
        return Prepared(request=("retry", tx_hash), confirmation=conf)
