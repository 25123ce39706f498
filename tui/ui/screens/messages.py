"""The Messages screen (M): conversations with unread counts, one conversation, a reply line.

Every message body is already sanitised by the core and is drawn as ``Content`` (never
markup). Sending goes through the app's write flow: prepare in a thread, the confirmation
modal, unlock if needed, then the live status line. What the user typed stays in the input
until the message is confirmed on chain.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.errors import AgoraError
from tui.core.messages.conversations import Conversation, Message
from tui.core.text import clean_line
from tui.ui.accounts import account, learn_names
from tui.ui.backends.messages import InboxView, MessagesSource, messages_for
from tui.ui.widgets.status_bar import bottom_bars

LIMITS = (
    "End-to-end encrypted. Public on chain: that you sent a message, when, and its size. "
    "No forward secrecy: whoever later gets your key reads your history."
)


AUTO_REFRESH = 20.0
"""Seconds between background scans while the screen is open."""


def when(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M")


def conversation_prompt(convo: Conversation) -> Content:
    """One line per conversation: peer, unread count (or "read"), request mark, last words.

    Read is a word, not ✓: beside a name, a check mark is what a verified ENS name carries."""
    unread = f"{convo.unread} new" if convo.unread else "read"
    style = "bold" if convo.unread else ""
    head = Content.assemble(
        account(convo.peer, style), "  ", (unread, "$accent" if convo.unread else "dim")
    )
    if convo.request:
        head = Content.assemble(head, ("  request", "$warning"))
    return Content.assemble(head, "\n", (clean_line(convo.last.body, 34), "dim"))


def message_content(msg: Message) -> Content:
    who = Content.styled("you", "bold") if msg.outgoing else account(msg.sender)
    head = Content.assemble(who, "  ", (when(msg.ts), "dim"))
    if not msg.read and not msg.outgoing:
        head = Content.assemble(head, ("  new", "$accent"))
    return Content.assemble(head, "\n", msg.body)


class NewConversationModal(ModalScreen[str | None]):
    """Asks for the address to write to; returns it, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="messages.new_cancel", tooltip="Cancel"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="agora-modal")

    def compose(self) -> ComposeResult:
        with Vertical(id="dm-new-dialog", classes="write-dialog"):
            yield Static(Content("New private message"), classes="dialog-title")
            yield Input(placeholder="0x address or ENS name of the recipient", id="dm-new-address")
            yield Static(Content("enter continue · escape cancel"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MessagesScreen(Screen[None]):
    """Conversations on the left, the open one on the right, a reply line under it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="messages.back", tooltip="Back"),
        Binding("n", "new", "New", id="messages.new", tooltip="Write to someone new"),
        Binding("i", "compose", "Write", id="messages.compose", tooltip="Write in this conversation"),
        Binding("r", "refresh", "Refresh", id="messages.refresh", tooltip="Scan for new messages"),
        Binding("k", "publish_key", "Publish key", id="messages.publish_key", tooltip="Put your message key in your profile so others can write to you"),
    ]  # fmt: skip

    def __init__(self, peer: str = "") -> None:
        super().__init__()
        self.peer = peer
        """The open conversation's address ("" for none)."""
        self.view: InboxView | None = None

    @property
    def source(self) -> MessagesSource:
        app: Any = self.app
        return messages_for(app.backend)

    def compose(self) -> ComposeResult:
        yield Static(Content("Messages"), classes="screen-title")
        yield Static(Content(LIMITS), id="dm-limits")
        with Horizontal(id="dm-body"):
            yield OptionList(id="dm-conversations")
            with Vertical(id="dm-side"):
                yield Static(Content(""), id="dm-peer")
                yield VerticalScroll(id="dm-thread")
                yield Input(placeholder="Write a private message · enter sends", id="dm-input")
        yield Static(Content("loading…"), id="dm-status")
        yield bottom_bars()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()
        self.set_interval(AUTO_REFRESH, self._scan_again)

    def _scan_again(self) -> None:
        """Scan again now and then, once a load worked (never re-asking for a passphrase)."""
        if self.view is not None:
            self.load(prompt=False)

    # --- loading ---------------------------------------------------------------------------
    @work(exclusive=True, group="messages-load", exit_on_error=False)
    async def load(self, prompt: bool = True) -> None:
        """Scan and show; ``prompt=False`` (background scans) never asks for a passphrase."""
        from tui.ui import flows

        try:
            account = await asyncio.to_thread(self.source.account)
        except AgoraError as exc:
            self._status(clean_line(str(exc), 300))
            return
        if not prompt:
            needs = getattr(flows.writer_of(self.app), "needs_unlock", None)
            locked = bool(needs and (await asyncio.to_thread(needs, account))[0])
            if locked:
                self._status("Locked: press r to unlock and read your private messages.")
                return
        elif not await flows.unlock_if_needed(self.app, account):
            self._status("Locked: unlock the account to read its private messages (r).")
            return
        try:
            view = await asyncio.to_thread(self.source.refresh)
        except AgoraError as exc:
            self._status(clean_line(str(exc), 300))
            return
        except Exception:
            self._status("Could not read your messages; details are in the log.")
            return
        self.show(view)

    def show(self, view: InboxView) -> None:
        if view.new and self.view is not None:
            plural = "s" if view.new > 1 else ""
            self.app.notify(f"{view.new} new private message{plural}.", title="Messages")
        unchanged = self.view is not None and self.view.conversations == view.conversations
        self.view = view
        self._status(self._summary(view))
        if unchanged:
            return  # a background scan found nothing: leave the list and the thread alone
        learn_names(self, [self.peer, *(c.peer for c in view.conversations)], self._redraw_names)
        options = self.query_one(OptionList)
        options.clear_options()
        for convo in view.conversations:
            options.add_option(Option(conversation_prompt(convo), id=convo.peer))
        peers = [c.peer for c in view.conversations]
        if self.peer and self.peer in peers:
            options.highlighted = peers.index(self.peer)
        elif peers and not self.peer:
            options.highlighted = 0
        self._show_thread()

    def _redraw_names(self) -> None:
        """Names arrived: draw them in the list, the header and the open conversation."""
        options = self.query_one(OptionList)
        convos = self.view.conversations if self.view is not None else ()
        for index, convo in enumerate(convos[: options.option_count]):
            options.replace_option_prompt_at_index(index, conversation_prompt(convo))
        self._show_thread()

    @staticmethod
    def _summary(view: InboxView) -> str:
        unread = sum(c.unread for c in view.conversations)
        parts = [f"{len(view.conversations)} conversations", f"{unread} unread"]
        if not view.published:
            parts.append("your message key is not published yet: press k so others can write")
        if view.remaining:
            parts.append(f"{view.remaining:,} announcements left to scan (r)")
        return " · ".join(parts)

    def _status(self, text: str) -> None:
        self.query_one("#dm-status", Static).update(Content(text))

    def _current(self) -> Conversation | None:
        if self.view is None:
            return None
        return next((c for c in self.view.conversations if c.peer == self.peer), None)

    def _show_thread(self) -> None:
        convo = self._current()
        title = self.query_one("#dm-peer", Static)
        thread = self.query_one("#dm-thread", VerticalScroll)
        thread.remove_children()
        if not self.peer:
            title.update(Content("No conversation open: n writes to someone new."))
            return
        title.update(Content.assemble(("with ", "dim"), account(self.peer, full=True)))
        if convo is None:
            thread.mount(Static(Content("No messages yet. Write the first one below.")))
            return
        thread.mount_all(
            Static(message_content(m), classes="dm-message" + (" dm-out" if m.outgoing else ""))
            for m in convo.messages
        )
        thread.scroll_end(animate=False)
        if convo.unread:
            self.mark_read(convo.peer)

    @work(thread=True, group="messages-read", exit_on_error=False)
    def mark_read(self, peer: str) -> None:
        try:
            self.source.mark_read(peer)
        except AgoraError:  # a read mark is not worth an error message
            return
        self.app.call_from_thread(self._marked_read, peer)

    def _marked_read(self, peer: str) -> None:
        """Show ``peer``'s conversation read in the list and the count (the open thread keeps
        its "new" marks until it is shown again, so what just arrived stays visible)."""
        from dataclasses import replace

        if self.view is None or not self.is_mounted:
            return
        convos = tuple(
            replace(c, messages=tuple(replace(m, read=True) for m in c.messages))
            if c.peer == peer
            else c
            for c in self.view.conversations
        )
        self.view = replace(self.view, conversations=convos)
        options = self.query_one(OptionList)
        for index, convo in enumerate(convos):
            if convo.peer == peer and index < options.option_count:
                options.replace_option_prompt_at_index(index, conversation_prompt(convo))
        self._status(self._summary(self.view))

    @on(OptionList.OptionHighlighted, "#dm-conversations")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        peer = str(event.option.id or "")
        if peer and peer != self.peer:
            self.peer = peer
            self._show_thread()

    @on(OptionList.OptionSelected, "#dm-conversations")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_compose()

    # --- actions ---------------------------------------------------------------------------
    def action_back(self) -> None:
        if self.query_one("#dm-input", Input).has_focus:
            self.query_one(OptionList).focus()
            return
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self._status("scanning…")
        self.load()

    def action_compose(self) -> None:
        if not self.peer:
            self.action_new()
            return
        self.query_one("#dm-input", Input).focus()

    def action_new(self) -> None:
        from tui.ui import flows

        async def resolve(text: str) -> None:
            from tui.ui.backends.names import typed_address

            try:  # an ENS name: resolved fresh, said as name → address
                address = await typed_address(self.app, text)
            except AgoraError as error:
                flows.report(self.app, error, "Not an account")
                return
            self.open_peer(address)

        def chosen(text: str | None) -> None:
            if text:
                flows.start(self.app, resolve(text))

        self.app.push_screen(NewConversationModal(), chosen)

    def open_peer(self, address: str) -> None:
        """Open (or start) the conversation with ``address``."""
        from tui.core.chain.abi import to_checksum

        try:
            self.peer = to_checksum(address.strip())
        except Exception:
            self.app.notify(
                f"Not an address: {clean_line(address, 60)}", markup=False, severity="error"
            )
            return
        self._show_thread()
        learn_names(self, [self.peer], self._redraw_names, group="names-peer")
        self.query_one("#dm-input", Input).focus()

    def action_publish_key(self) -> None:
        from tui.ui import flows

        flows.start(self.app, flows.run(self.app, self.source.prepare_setup))

    @on(Input.Submitted, "#dm-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        body = event.value
        if not body.strip() or not self.peer:
            return
        self.send(self.peer, body)

    def send(self, peer: str, body: str) -> None:
        from tui.ui import flows

        field = self.query_one("#dm-input", Input)

        async def flow() -> None:
            def sent() -> None:
                if field.value == body:
                    field.value = ""

            result = await flows.run(
                self.app, lambda: self.source.prepare_send(peer, body), on_confirmed=sent
            )
            if result is None or result.stage.value != "confirmed":
                if not field.value:
                    field.value = body  # nothing the user wrote is lost
                return
            self.load()

        flows.start(self.app, flow())
