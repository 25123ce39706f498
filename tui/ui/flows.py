"""Write flows: request → prepare (thread) → ConfirmModal → submit → live status, never blocking.

Every function here is a coroutine meant to run in an app worker (``start(app, flow)``), because
``push_screen_wait`` needs one and because a screen's workers die with the screen (the compose
screen closes while its post is still being mined).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from textual.worker import Worker

from tui.core.errors import AgoraError, DevnetStopped
from tui.core.text import clean_line
from tui.core.units import format_eth
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.widgets.tx_status import TxStatus, TxTray
from tui.ui.writes import (
    CollectRequest,
    FollowRequest,
    PlannedRequest,
    PostRequest,
    Prepared,
    ProfileRequest,
    PublishRequest,
    RepostRequest,
    TipRequest,
    TxStage,
    TxUpdate,
    Writer,
    WriteRequest,
    describe,
)

if TYPE_CHECKING:
    from textual.app import App

    from tui.core.models import ArticleView, PostView, ProfileView

FLOW_GROUP = "write-flow"


def writer_of(app: App[Any]) -> Writer:
    """The app's write backend (``app.backend.writer``)."""
    writer: Writer = app.backend.writer  # type: ignore[attr-defined]
    return writer


def start(app: App[Any], flow: Coroutine[Any, Any, Any]) -> Worker[Any]:
    """Run a flow in an app-level worker (it outlives the screen that started it)."""
    return app.run_worker(flow, group=FLOW_GROUP, exit_on_error=False)


def report(app: App[Any], error: BaseException, title: str = "Could not send") -> None:
    """Show an error as a notification: the message of an AgoraError, never a traceback."""
    if isinstance(error, AgoraError):
        message = clean_line(str(error), 400)
    else:
        message = "Something went wrong; nothing was signed. Details are in the log."
    app.notify(message, markup=False, title=title, severity="error", timeout=10)


def own_write(app: App[Any], *, confirmed: bool) -> None:
    """Tell the app about the user's own transaction (apps without the hook ignore it)."""
    hook = getattr(app, "own_write", None)
    if callable(hook):
        hook(confirmed)


async def unlock_if_needed(app: App[Any], sender: str, attempts: int = 3) -> bool:
    """Ask for a locked account's passphrase (UnlockModal) until it unlocks; False if not."""
    from tui.ui.screens.unlock import UnlockModal

    writer: Any = writer_of(app)
    if not hasattr(writer, "needs_unlock"):
        return True  # writers without passphrase-protected accounts (the fake)
    try:
        locked, label = await asyncio.to_thread(writer.needs_unlock, sender)
    except Exception as error:
        report(app, error, "Cannot read the account")
        return False
    error_text = ""
    for _ in range(attempts):
        if not locked:
            return True
        modal: Any = UnlockModal(sender, label, error_text)
        secret = await app.push_screen_wait(modal)
        if secret is None:
            return False
        try:
            await asyncio.to_thread(writer.unlock, sender, secret)
            locked = False
        except AgoraError as error:
            error_text = clean_line(str(error), 300) or "Wrong passphrase."
    if locked:
        app.notify("Too many wrong passphrases.", markup=False, severity="error")
    return not locked


async def prepare(app: App[Any], request: WriteRequest | Callable[[], Prepared]) -> Prepared | None:
    """Prepare in a thread (content first, simulation, fees); None after showing an error.

    A stopped devnet is never started unasked: the user is asked first (``start_devnet``).
    """
    writer = writer_of(app)
    call = request if callable(request) else (lambda: writer.prepare(request))
    for attempt in range(2):
        try:
            return await asyncio.to_thread(call)
        except DevnetStopped:
            summary = "This transaction" if callable(request) else describe(request)
            if attempt or not await start_devnet(app, summary):
                return None
        except Exception as error:
            report(app, error, "Cannot prepare the transaction")
            return None
    return None


async def start_devnet(app: App[Any], summary: str) -> bool:
    """Ask whether to start the stopped devnet (StartDevnetModal); True once it runs."""
    from tui.ui.screens.start_devnet import StartDevnetModal

    modal: Any = StartDevnetModal(summary)
    if not await app.push_screen_wait(modal):
        app.notify(
            "Not sent: the devnet is stopped. Your draft is kept; send it again once the "
            "devnet runs (`agora devnet up`).",
            markup=False,
            title="Not sent",
            severity="warning",
            timeout=10,
        )
        return False
    app.notify("Starting the devnet…", markup=False, title="Devnet")
    try:
        await asyncio.to_thread(writer_of(app).start_network)
    except Exception as error:
        report(app, error, "Cannot start the devnet")
        return False
    poll = getattr(app, "poll_status", None)
    if callable(poll):
        poll()
    return True


async def confirm(app: App[Any], prepared: Prepared) -> bool:
    """Show the confirmation modal and wait for the user's answer."""
    modal: Any = ConfirmModal(prepared.confirmation)
    return bool(await app.push_screen_wait(modal))


async def submit(app: App[Any], prepared: Prepared) -> TxUpdate:
    """Sign and send, streaming each stage into a TxStatus line; returns the final update."""
    summary = prepared.confirmation.summary or "Transaction"
    status = TxStatus(summary)
    screen = app.screen
    trays = screen.query(TxTray)
    tray = trays.first() if trays else TxTray()
    if not trays:
        await screen.mount(tray)
    await tray.mount(status)
    writer = writer_of(app)
    last = TxUpdate(TxStage.FAILED, reason="no answer from the wallet")
    try:
        updates = await asyncio.to_thread(writer.submit, prepared)
        while True:
            update = await asyncio.to_thread(next, updates, None)
            if update is None:
                break
            last = update
            status.advance(update)
            if update.stage is TxStage.SENT:
                sent = getattr(app, "sent_transactions", None)
                if isinstance(sent, set) and update.tx_hash:
                    sent.add(update.tx_hash)  # its post is the user's, never "new" to them
                own_write(app, confirmed=False)  # the ◷ pending row appears now
    except Exception as error:
        reason = (
            clean_line(str(error), 300) if isinstance(error, AgoraError) else "unexpected error"
        )
        last = TxUpdate(TxStage.FAILED, tx_hash=last.tx_hash, reason=reason)
        status.advance(last)
    if last.stage is TxStage.CONFIRMED:
        own_write(app, confirmed=True)  # sync the index, then the real row replaces it
        if app.screen is not screen:  # the tray's "✓ … confirmed" line is out of sight
            app.notify(
                f"{summary}: confirmed in block {last.block:,}.", markup=False, title="Confirmed"
            )
    elif last.stage is TxStage.PENDING:
        app.notify(f"{summary}: {last.reason}", markup=False, title="Pending", severity="warning")
    else:
        app.notify(
            f"{summary}: failed: {last.reason}", markup=False, title="Failed", severity="error"
        )
    tray.retire(status)
    return last


async def run(
    app: App[Any],
    request: WriteRequest | Callable[[], Prepared],
    *,
    on_confirmed: Callable[[], Any] | None = None,
) -> TxUpdate | None:
    """The whole flow for one request; None when preparing failed or the user cancelled."""
    prepared = await prepare(app, request)
    if prepared is None:
        return None
    if not await confirm(app, prepared):
        app.notify("Cancelled: nothing was signed.", markup=False, title="Cancelled")
        return None
    if not await unlock_if_needed(app, prepared.confirmation.sender):
        app.notify("Not unlocked: nothing was signed.", markup=False, title="Cancelled")
        return None
    if on_confirmed is not None:
        result = on_confirmed()
        if asyncio.iscoroutine(result):
            await result
    return await submit(app, prepared)


def _in_thread(check: Callable[[], None] | None) -> Callable[[], Any] | None:
    """``check`` (blocking) as an ``on_confirmed`` hook, off the event loop."""
    if check is None:
        return None
    return lambda: asyncio.to_thread(check)


async def run_steps(
    app: App[Any], request: PlannedRequest, *, max_steps: int = 4
) -> TxUpdate | None:
    """An action of one or more transactions (approve, then tip): each step planned from the
    chain, confirmed and mined before the next is planned; stops at the first that does not
    confirm. Returns the last step's outcome (None when cancelled or not prepared)."""
    last: TxUpdate | None = None
    for _ in range(max_steps):
        prepared = await prepare(app, request)
        if prepared is None:
            return None
        check = request.before_signing
        try:
            last = await run(app, lambda p=prepared: p, on_confirmed=_in_thread(check))  # type: ignore[misc]
        except AgoraError as error:  # a name moved after the confirmation: nothing was signed
            report(app, error, "Nothing was signed")
            return None
        if last is None or last.stage is not TxStage.CONFIRMED or prepared.last:
            return last
    report(app, AgoraError(f"The action needed more than {max_steps} transactions; it stopped."))
    return last


# --- the flows the app's actions call ---------------------------------------------------------


async def post(
    app: App[Any],
    text: str,
    reply_to: int = 0,
    cw: str = "",
    *,
    on_confirmed: Callable[[], Any] | None = None,
    attachments: tuple[Any, ...] = (),
) -> TxUpdate | None:
    """Publish a post or a reply (with images already in the content store)."""
    request = PostRequest(text=text, reply_to=reply_to, content_warning=cw, attachments=attachments)
    return await run(app, request, on_confirmed=on_confirmed)


async def tip(app: App[Any], post: PostView) -> TxUpdate | None:
    """Ask how much (TipModal, with the balance), then tip the post's author."""
    from tui.ui.screens.tip import TipModal

    try:
        balance = await asyncio.to_thread(writer_of(app).balance)
    except Exception as error:
        report(app, error, "Cannot read the balance")
        return None
    from tui.ui.token_tips import offered_tokens, token_tip_request

    offered = await asyncio.to_thread(offered_tokens, writer_of(app), post.id)
    amount = await app.push_screen_wait(TipModal(post, balance, offered))
    if not amount:
        return None
    if not isinstance(amount, int):  # a TokenTipChoice: a permit, or approve exactly then tip
        return await run_steps(app, token_tip_request(post.id, amount, permit=True))
    return await run(app, TipRequest(post.id, amount, post.author))


async def repost(app: App[Any], post: PostView) -> TxUpdate | None:
    return await run(app, RepostRequest(post.id))


async def follow(app: App[Any], address: str, follow: bool = True) -> TxUpdate | None:
    return await run(app, FollowRequest(address, follow))


async def publish_article(
    app: App[Any],
    title: str,
    summary: str,
    body: str,
    price_wei: int = 0,
    max_editions: int = 0,
    *,
    on_confirmed: Callable[[], Any] | None = None,
) -> TxUpdate | None:
    """Publish an article token (body and metadata go to the content store first)."""
    request = PublishRequest(title, summary, body, price_wei, max_editions)
    return await run(app, request, on_confirmed=on_confirmed)


async def collect(app: App[Any], article: ArticleView) -> TxUpdate | None:
    """Collect an edition at the article's price."""
    left = article.editions_left
    if left is None:
        app.notify("This article is not collectable.", markup=False, severity="warning")
        return None
    if left == 0:
        app.notify(
            "Every edition of this article has been collected.", markup=False, severity="warning"
        )
        return None
    request = CollectRequest(
        article.id, article.price_wei, holder=article.owner, owned=article.owned_editions
    )
    return await run(app, request)


async def edit_profile(app: App[Any], profile: ProfileView | None = None) -> TxUpdate | None:
    """Edit the user's own profile (ProfileEditModal, prefilled), then confirm and send."""
    from tui.ui.screens.profile_edit import ProfileEditModal

    request: ProfileRequest | None = await app.push_screen_wait(ProfileEditModal(profile))
    if request is None:
        return None
    return await run(app, request)


async def speed_up(app: App[Any], tx_hash: str) -> TxUpdate | None:
    """Re-send a pending transaction with both fee caps raised."""
    return await run(app, lambda: writer_of(app).speed_up(tx_hash))


async def cancel(app: App[Any], tx_hash: str) -> TxUpdate | None:
    """Replace a pending transaction with a 0-value self-send at the same nonce."""
    return await run(app, lambda: writer_of(app).cancel(tx_hash))


async def retry(app: App[Any], tx_hash: str) -> TxUpdate | None:
    """Do a failed, dropped or cancelled transaction's action again (a new transaction)."""
    return await run(app, lambda: writer_of(app).retry(tx_hash))


def price_label(price_wei: int) -> str:
    return "free" if price_wei == 0 else format_eth(price_wei)
