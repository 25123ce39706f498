"""The reading keys on every screen: mute (m), bookmark (b), view a filtered post (v), and
the Bookmarks screen (B). A mixin of the app, like ``PowerApp``, so ``app.py`` stays small.

Everything here is local: nothing is signed. The lists reload after a change so the TUI shows
what the index's views now return (the same ``ReadingFilter`` the CLI uses).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from tui.core.errors import AgoraError, UsageError
from tui.core.models import ArticleView, NotificationView, PostView, ProfileView
from tui.core.text import clean_line, is_digits


def author_of(item: Any) -> str | None:
    """The address a mute applies to: a post's or article's author, an actor, a profile."""
    if isinstance(item, PostView | ArticleView):
        return item.author
    if isinstance(item, NotificationView):
        return item.actor
    if isinstance(item, ProfileView):
        return item.address
    return None


def item_ref(item: Any) -> str | None:
    """``post:12`` / ``article:3`` for what can be bookmarked, else None."""
    if isinstance(item, PostView) and item.id > 0:
        return f"post:{item.id}"
    if isinstance(item, ArticleView):
        return f"article:{item.id}"
    return None


class ReadingApp(App[None]):
    """Mute, bookmark and filtered-view keys; the Bookmarks screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "mute_author", "Mute", id="reading.mute", tooltip="Mute or unmute the highlighted author: their posts collapse to one line", show=False),
        Binding("b", "bookmark", "Bookmark", id="reading.bookmark", tooltip="Bookmark or unbookmark the highlighted post or article", show=False),
        Binding("v", "view_filtered", "View", id="reading.view", tooltip="Show or collapse again a post a mute or filter collapsed", show=False),
        Binding("B", "bookmarks", "Bookmarks", id="reading.bookmarks", tooltip="Your bookmarked posts and articles", show=False),
    ]  # fmt: skip

    @property
    def reading(self) -> Any:
        from tui.ui.backends.reading import reading_of

        return reading_of(getattr(self, "backend", None))

    def _current(self) -> Any:
        from tui.ui.command_runner import current_item

        return current_item(self)

    def action_mute_author(self) -> None:
        address = author_of(self._current())
        if not address:
            self.notify("Highlight a post or open a profile to mute its author.", markup=False)
            return
        self.run_worker(lambda: self._toggle_mute(address), thread=True, group="reading")

    def _toggle_mute(self, address: str) -> None:
        level = self.reading.level(address)
        command = {"mute": "unmute", "block": "unblock"}.get(level or "", "mute")
        self._change_person(address, command)

    def _change_person(self, ref: str, command: str) -> None:
        """Blocking: apply, then tell the user and reload the lists (from a thread worker).
        ``ref``: an address, a profile name, or an ENS name (resolved fresh, shown with it)."""
        from tui.ui.backends.names import typed_account

        try:
            target = typed_account(getattr(self, "backend", None), ref)
            result = self.reading.person(target.address if target else ref, command)
        except AgoraError as exc:
            self.call_from_thread(
                self.notify, clean_line(str(exc), 300), severity="error", markup=False
            )
            return
        state = {"mute": "muted", "block": "blocked"}.get(result["level"] or "", "shown again")
        from tui.ui.accounts import account_text, learn_now

        address = str(result["address"])
        learn_now(self, [address])  # named as timelines name them, not as a bare address
        typed = target is not None and target.name  # "ada.eth → 0x…" when a name was typed
        who = target.text() if typed and target is not None else account_text(address)
        text = f"{who} is {state}." + ("" if result["changed"] else " (no change)")
        self.call_from_thread(self._after_reading_change, text)

    def _after_reading_change(self, text: str) -> None:
        self.notify(text, title="Reading", markup=False)
        for screen in self.screen_stack:
            for name in ("reload_all", "reload_after_write", "reload"):
                reload = getattr(screen, name, None)
                if callable(reload):
                    reload()
                    break

    def action_bookmark(self) -> None:
        ref = item_ref(self._current())
        if ref is None:
            self.notify("Highlight a post or an article to bookmark it.", markup=False)
            return
        self.run_worker(lambda: self._toggle_bookmark(ref), thread=True, group="reading")

    def _toggle_bookmark(self, ref: str) -> None:
        kind, _, number = ref.partition(":")
        try:
            on = not self.reading.is_bookmarked(kind, int(number))
            self.reading.bookmark(ref, on)
        except AgoraError as exc:
            self.call_from_thread(
                self.notify, clean_line(str(exc), 300), severity="error", markup=False
            )
            return
        text = f"{'Bookmarked' if on else 'Removed the bookmark on'} {kind} #{number}."
        self.call_from_thread(self._after_bookmark, text)

    def _after_bookmark(self, text: str) -> None:
        self.notify(text, title="Bookmarks", markup=False)
        from tui.ui.screens.bookmarks import BookmarksScreen

        if isinstance(self.screen, BookmarksScreen):
            self.screen.load()

    def action_view_filtered(self) -> None:
        from tui.ui.command_runner import focused_list
        from tui.ui.widgets.post_list import PostList

        toggle = getattr(self.screen, "toggle_filtered", None)
        if callable(toggle):  # a thread: its text pane shows the highlighted post
            if not toggle():
                self.notify("This post is not filtered.", markup=False)
            return
        widget = focused_list(self)
        item = widget.highlighted if widget is not None else None
        if not isinstance(widget, PostList) or not isinstance(item, PostView):
            return
        if item.filtered is None and item.id not in widget.revealed:
            self.notify("This post is not filtered.", markup=False)
            return
        widget.toggle_warning()

    def action_bookmarks(self) -> None:
        from tui.ui.screens.bookmarks import BookmarksScreen

        if not isinstance(self.screen, BookmarksScreen):
            self.push_screen(BookmarksScreen())

    # --- desktop notifications (tui/core/desktop_alerts.py) --------------------------------
    _desktop: Any = None
    _focus_reported = False
    """True once the terminal reported a focus change: only then is ``app_focus`` known."""

    def on_app_blur(self) -> None:
        self._focus_reported = True

    def on_app_focus(self) -> None:
        self._focus_reported = True

    def setup_desktop_alerts(self, choice: str | None = None) -> Any:
        """The notifier for ``choice`` (default: the setting); None when notifications are off."""
        import os

        from tui.core.desktop_alerts import DesktopAlerts, protocol_for

        if choice is None:
            settings = getattr(getattr(self, "ctx", None), "settings", None)
            choice = getattr(settings, "desktop_notifications", "off")
        # In a browser (`agora serve`) the terminal is the page's: it shows no notifications.
        protocol = None if self.is_web else protocol_for(choice, os.environ)
        self._desktop = (
            None
            if protocol is None
            else DesktopAlerts(protocol, self.write_terminal, tmux=bool(os.environ.get("TMUX")))
        )
        return self._desktop

    def write_terminal(self, sequence: str) -> None:
        """Write an escape sequence built by ``desktop_alerts`` (already sanitised)."""
        driver = getattr(self, "_driver", None)
        if not self.is_headless and driver is not None:
            driver.write(sequence)

    def check_desktop_alerts(self) -> None:
        """From the status worker's thread: read the newest alerts and maybe notify."""
        if self._desktop is None:
            return
        app: Any = self
        items = app.backend.notifications(50)
        self.call_from_thread(self._desktop_check, items)

    def _desktop_check(self, items: list[NotificationView]) -> None:
        import time

        if self._desktop is not None:
            focused = self._focus_reported and self.app_focus
            self._desktop.check(items, time.monotonic(), focused)

    # --- `:` commands -------------------------------------------------------------------
    async def run_reading_command(self, name: str, args: dict[str, Any]) -> bool:
        """Run ``mute|unmute|block|unblock|bookmark|unbookmark|bookmarks|filter|muted``."""
        import asyncio

        if name in ("mute", "unmute", "block", "unblock"):
            ref = args.get("who") or author_of(self._current())
            if not ref:
                raise UsageError(f"{name}: give an address or a name, or highlight a post.")
            await asyncio.to_thread(self._change_person, ref, name)
        elif name in ("bookmark", "unbookmark"):
            ref = args.get("item") or item_ref(self._current())
            if not ref:
                raise UsageError(f"{name}: give a post id, or highlight a post or article.")
            result = await asyncio.to_thread(self.reading.bookmark, str(ref), name == "bookmark")
            verb = "Bookmarked" if name == "bookmark" else "Removed the bookmark on"
            self._after_bookmark(f"{verb} {result['kind']} #{result['id']}.")
        elif name == "bookmarks":
            self.action_bookmarks()
        elif name == "filter":
            await self._filter_command(str(args.get("rule") or ""))
        elif name == "muted":
            from tui.ui.screens.bookmarks import MutedScreen

            self.push_screen(MutedScreen())
        else:
            return False
        return True

    async def _filter_command(self, line: str) -> None:
        """``filter add TEXT [--tag] [--regex] [--hide] [--expires 7d]`` / ``filter remove ID``."""
        import asyncio
        import shlex

        try:
            words = shlex.split(line)
        except ValueError as exc:
            raise UsageError(f"filter: {exc}") from None
        if not words or words[0] not in ("add", "remove", "list"):
            raise UsageError("filter add TEXT [--tag|--regex] [--hide] [--expires 7d] | remove ID")
        if words[0] == "list":
            from tui.ui.screens.bookmarks import MutedScreen

            self.push_screen(MutedScreen())
            return
        if words[0] == "remove":
            if len(words) != 2 or not is_digits(words[1]):
                raise UsageError("filter remove ID (the number `filter list` shows)")
            rule = await asyncio.to_thread(self.reading.remove_filter, int(words[1]))
            self._after_reading_change(f"Removed filter #{rule['id']}.")
            return
        options: dict[str, Any] = {}
        texts: list[str] = []
        rest = iter(words[1:])
        for word in rest:
            if word in ("--tag", "--regex", "--hide"):
                options[{"--regex": "is_regex"}.get(word, word[2:])] = True
            elif word == "--expires":
                options["expires"] = next(rest, "")
            else:
                texts.append(word)
        if not texts:
            raise UsageError("filter add: what text?")
        rule = await asyncio.to_thread(self.reading.add_filter, " ".join(texts), **options)
        self._after_reading_change(f"Filter #{rule['id']} added: {rule['kind']} '{rule['text']}'.")
