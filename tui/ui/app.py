"""The Agora Textual app: wiring only (screens, bindings, workers, errors, status polling)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui.core.errors import AgoraError, DevnetStopped
from tui.core.models import ArticleView, PostView
from tui.core.text import clean_text
from tui.ui.backend import Backend, StatusView, SyncState
from tui.ui.commands import AgoraCommands
from tui.ui.communities import CommunitiesApp  # C: communities (tui/ui/communities.py)
from tui.ui.focus import FOCUS_BINDINGS, move_focus
from tui.ui.messages import NetworkResolved, PostsIndexed
from tui.ui.points import PointsApp  # o on a community: its points (tui/ui/points.py)
from tui.ui.power import PowerApp  # F: command line, keymap macros, pipe (tui/ui/power.py)
from tui.ui.reading import ReadingApp  # m, b, v, B: mutes, bookmarks (tui/ui/reading.py)
from tui.ui.startup import (
    COLLECTION_PAUSE_LIMIT,
    FirstPaint,
    collection_paused,
    exit_after_first_paint,
    resume_collection,
)
from tui.ui.state import UiState
from tui.ui.timefmt import Clock

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from tui.core.context import AgoraContext

STATUS_INTERVAL = 5.0
"""Seconds between status polls (block height, sync, balance) and index refreshes."""


class AgoraApp(
    ReadingApp, PowerApp, CommunitiesApp, PointsApp
):  # F: each is an App[None] adding one layer
    """Decentralized social media in the terminal. Built only by ``tui.ui.factory.make_app``."""

    CSS_PATH = "agora.tcss"
    TITLE = "Agora"
    COMMANDS = PowerApp.COMMANDS | {AgoraCommands}  # F: + every named command
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key on this screen"),
        Binding("slash", "search", "Search", id="app.search", tooltip="Full-text search of posts"),
        Binding("n", "compose", "New post", id="app.compose", tooltip="Write a new post"),
        Binding("w", "wallet", "Wallet", id="app.wallet", tooltip="Accounts, balance, transactions"),
        Binding("s", "settings", "Settings", id="app.settings", tooltip="Networks, theme, keymap"),
        Binding("W", "write_article", "Article", id="app.write_article", tooltip="Write a long-form article", show=False),
        Binding("D", "drafts", "Drafts", id="app.drafts", tooltip="Unsent posts, replies and articles", show=False),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave Agora"),
        Binding("M", "messages", "Messages", id="app.messages", tooltip="Private messages, end-to-end encrypted", show=False),
        Binding("F", "rounds", "Rounds", id="app.rounds", tooltip="Retroactive funding rounds", show=False),
        *FOCUS_BINDINGS,  # Tab moves the focus before the next key is delivered (tui/ui/focus.py)
    ]  # fmt: skip

    status: reactive[StatusView | None] = reactive(None)
    """Latest status from the backend (None until the first poll)."""

    def __init__(
        self,
        backend: Backend,
        *,
        now: Clock,
        home: Path | None = None,
        config_path: Path | None = None,
        theme_name: str = "textual-dark",
        keymap: dict[str, str] | None = None,
        resolve: Any = None,
        poll: bool = True,
        first_run: bool = False,
        ctx: AgoraContext | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.backend = backend
        self.wallet_factory: Callable[[], Any] | None = None
        """Tests swap in a wallet over a fake key store; None means the real one."""
        self.now = now
        self.home = home
        self.config_path = config_path
        self.ui_state = UiState.load(home)
        self._theme_name = theme_name
        self._keymap = keymap or {}
        self._resolve = resolve
        """Blocking callable resolving the network (starts the devnet); run after first paint."""
        self._poll = poll
        self._first_run = first_run
        self._was_offline = False
        self._names_resolved = False
        self.network_ready = threading.Event()
        """Set once the node answered on the expected chain (funding, syncing wait on it)."""
        self.sent_transactions: set[str] = set()
        """Hashes of the transactions sent from this session: its posts are not announced as
        new (tui/ui/screens/timeline.py)."""
        self.first_paint = FirstPaint()
        """The first frame showing a loaded timeline (tui/ui/startup.py)."""
        if exit_after_first_paint():  # start-up benchmark: quit once that frame is drawn
            self.first_paint.after(self.exit)

    # --- start-up ---------------------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        from tui.ui.screens.timeline import TimelineScreen

        return TimelineScreen()

    def on_mount(self) -> None:
        if self._theme_name in self.available_themes:
            self.theme = self._theme_name
        keymap = self._keymap
        if self.is_web:  # `agora serve`: alternatives to the keys the browser keeps
            from tui.ui.web import web_keymap

            keymap = web_keymap(keymap)
        if keymap:
            self.set_keymap(keymap)  # after mount: Textual crashed when set before
        self.setup_desktop_alerts()
        if self._first_run and not self.ui_state.welcomed:
            from tui.ui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        if self._resolve is not None:  # after the cached timeline painted: it competes for the CPU
            self.first_paint.after(self._start_network)
        elif self._poll:
            self.call_after_refresh(self.poll_status)
        if self._poll:
            self.set_interval(STATUS_INTERVAL, self.poll_status)
        self.first_paint.after(self._start_schedule)
        if collection_paused():  # bare `agora`: resume even if no first paint comes
            self.set_timer(COLLECTION_PAUSE_LIMIT, resume_collection)

    def _start_schedule(self) -> None:
        """Check for due scheduled posts from now on (after the first paint: the drafts are
        not needed to draw the timeline)."""
        from tui.ui.scheduler import SCHEDULE_INTERVAL

        self.set_interval(SCHEDULE_INTERVAL, self.check_scheduled)

    def check_scheduled(self) -> None:
        """Open the confirmation of each scheduled post whose time has come (tui/ui/scheduler)."""
        from tui.ui.scheduler import check_due

        check_due(self)

    def watch_theme(self, theme: str) -> None:
        """A theme picked anywhere (the command palette, Settings) is kept for the next start."""
        ctx = getattr(self, "ctx", None)
        settings = ctx.settings if ctx is not None else None
        if settings is not None and settings.theme != theme and self.is_running:
            settings.theme = theme
            self.save_theme(theme)

    @work(thread=True, exclusive=True, group="theme", exit_on_error=False)
    def save_theme(self, theme: str) -> None:
        """Write only the theme line of the settings file (atomically; comments stay)."""
        if self.ctx is None:
            return
        from tui.core.config.edit import update_settings

        try:
            update_settings(self.config_path or self.ctx.config_path, {"theme": theme})
        except (AgoraError, OSError) as exc:
            message = clean_text(f"Could not save the theme: {exc}")
            self.call_from_thread(self.notify, message, severity="error", markup=False)

    def timeline_loaded(self) -> None:
        """A timeline's first page is in its list: the next frame is the first paint."""
        self.first_paint.loaded(self)

    def _start_network(self) -> None:
        self.resolve_network()

    @work(thread=True, exclusive=True, group="network", exit_on_error=False)
    def resolve_network(self) -> None:
        """Start or reach the network off the event loop, after the cached timeline painted."""
        try:
            name, chain_id = self._resolve()
        except DevnetStopped:  # left stopped: offline at once, said by this error's notice
            self._was_offline = True
            self.call_from_thread(self.poll_status)
            raise
        self.network_ready.set()
        self.post_message(NetworkResolved(name, chain_id))

    def on_network_resolved(self, event: NetworkResolved) -> None:
        self.poll_status()
        self.reload_lists()  # the index may have opened only now (first start)

    def reload_lists(self) -> None:
        """Reload every timeline's loaded lists in place (pending rows come and go).

        Other screens showing indexed data (a thread, a profile) reload through their
        ``reload_after_write`` so the user's own reply or profile edit appears there too.
        """
        from tui.ui.screens.timeline import TimelineScreen

        for screen in self.screen_stack:
            if isinstance(screen, TimelineScreen):
                screen.reload_all()
            else:
                reload = getattr(screen, "reload_after_write", None)
                if callable(reload):
                    reload()

    def own_write(self, confirmed: bool) -> None:
        """The user sent (or saw confirmed) a transaction: show it now, as pending or indexed."""
        if confirmed:
            self.sync_after_write()
        else:
            self.reload_lists()
            self.poll_status()

    @work(thread=True, exclusive=True, group="status", exit_on_error=False)
    def sync_after_write(self) -> None:
        """Index the block holding the user's transaction, then redraw lists and status."""
        with contextlib.suppress(AgoraError):  # the reload below shows new posts in place
            self.backend.refresh()
        status = self.backend.status()
        self.call_from_thread(self._apply_status, status, 0)
        self.call_from_thread(self.reload_lists)

    @work(thread=True, exclusive=True, group="status", exit_on_error=False)
    def poll_status(self) -> None:
        """Read the status, index new blocks, read it again, then fetch content for a bounded
        time; failures show as offline, not crashes. Nothing here waits for a gateway
        before the status bar and the new posts show; fetched content redraws the lists."""
        self.call_from_thread(self._apply_status, self.backend.status(), 0)
        new = 0
        with contextlib.suppress(AgoraError):  # status() below reports why the node is down
            new = self.backend.refresh()
        status = self.backend.status()
        self.call_from_thread(self._apply_status, status, new)
        with contextlib.suppress(AgoraError):
            self.check_desktop_alerts()  # opt-in OSC 9/777 (tui/ui/reading.py)
        fetched = 0
        with contextlib.suppress(AgoraError):  # content that did not come stays "pending"
            fetched = self.backend.fetch_content()
        if fetched:
            self.call_from_thread(self.reload_lists)
        if new or not self._names_resolved:  # verified ENS names of the authors
            from tui.ui.names import refresh_names

            self._names_resolved = True
            self.call_from_thread(refresh_names, self)

    def _apply_status(self, status: StatusView, new: int) -> None:
        self.status = status
        offline = status.sync is SyncState.OFFLINE
        if offline and not self._was_offline:
            self.notify(
                clean_text(f"{status.error or 'offline'}\nThe cached timeline stays usable."),
                title="Node unreachable",
                severity="warning",
                markup=False,
            )
        self._was_offline = offline
        if new:
            for screen in self.screen_stack:
                screen.post_message(PostsIndexed(new))

    # --- errors -----------------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures become notifications (never tracebacks)."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, AgoraError):
            self.notify(
                clean_text(str(error), 2000),
                title="Agora",
                severity="error",
                timeout=8,
                markup=False,
            )
        else:
            self.log.error("worker failed", event.worker.name, repr(error))
            self.notify(
                "Something went wrong in the background; the details are in the log.",
                title="Unexpected error",
                severity="error",
                markup=False,
            )

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: Any) -> None:
        """Tell the user instead of silently losing a binding from their keymap."""
        names = ", ".join(sorted(f"{b.id or b.action} ({b.key})" for b in clashed_bindings))
        self.notify(
            f"Keymap clash: {names} lost their key.",
            markup=False,
            title="Keymap",
            severity="warning",
        )

    # --- helpers for screens ----------------------------------------------------------
    def current_post(self) -> PostView | None:
        """The post the user is looking at on the active screen, if any."""
        getter = getattr(self.screen, "current_post", None)
        return getter() if callable(getter) else None

    def open_wallet(self) -> Any:
        """The wallet core (imported here: eth_account must not load before first paint)."""
        if self.wallet_factory is not None:
            return self.wallet_factory()
        shared = getattr(getattr(self.backend, "writer", None), "wallet", None)
        if callable(shared):  # one Wallet per session: unlocked keys and new accounts are shared
            return shared()
        from tui.core.context import AgoraContext
        from tui.core.wallet.wallet import Wallet

        return Wallet.from_context(self.ctx or AgoraContext.load())

    def network_names(self) -> list[str]:
        """Configured networks besides the embedded devnet."""
        if self.ctx is None:
            return []
        return [name for name in self.ctx.settings.networks if name != "devnet"]

    def choose_network(self, name: str) -> None:
        """Make ``name`` the active network in the settings file (used from next start)."""
        if self.ctx is None or self.ctx.settings.network == name:
            return
        from tui.core.config.edit import update_settings

        path = self.config_path or self.ctx.config_path
        try:  # only the network line changes: the rest of the file stays as the user wrote it
            update_settings(path, {"network": name})
            self.ctx.settings.network = name
        except (AgoraError, OSError) as exc:
            self.notify(clean_text(f"Could not save the network choice: {exc}"), markup=False)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast; warnings and errors are also kept in the notices log (tui/core/notices.py),
        so a reason that vanished with its toast can still be read."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
        if severity != "information" and self.home is not None:
            from tui.core.notices import append

            with contextlib.suppress(OSError):
                append(self.home, severity, title, message)

    def save_ui_state(self) -> None:
        self.ui_state.save(self.home)

    def on_unmount(self) -> None:
        self.save_ui_state()
        # a transaction still being followed must not hold the exit
        stop = getattr(self.backend, "stop_writer", None)
        if callable(stop):
            stop()

    # --- navigation actions -----------------------------------------------------------
    def action_focus_field(self, direction: int) -> None:
        move_focus(self, direction)

    def action_help(self) -> None:
        from tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_search(self) -> None:
        from tui.ui.screens.search import SearchScreen

        self.push_screen(SearchScreen())

    def action_settings(self) -> None:
        from tui.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_open_thread(self, post_id: int) -> None:
        from tui.ui.screens.thread import ThreadScreen

        self.push_screen(ThreadScreen(post_id))

    def action_open_feed(self, kind: str) -> None:
        """A timeline on a screen of its own (``tag:NAME``)."""
        from tui.ui.screens.feed import FeedScreen

        self.push_screen(FeedScreen(kind))

    def action_tag(self) -> None:
        """The timeline of one of the highlighted post's tags: its only one, or the one picked
        in a list (``:tag NAME`` opens any other)."""
        from tui.core.tags import post_tags

        post = self.current_post()
        tags = post_tags(post) if post is not None else []
        if not tags:
            self.notify("This post carries no #tag. :tag NAME opens any tag.", markup=False)
            return
        if len(tags) == 1:
            self.action_open_feed(f"tag:{tags[0]}")
            return
        from tui.ui.screens.tag_picker import TagPickerModal

        def chosen(tag: str | None) -> None:
            if tag:
                self.action_open_feed(f"tag:{tag}")

        self.push_screen(TagPickerModal(tags), chosen)

    def action_open_profile(self, address: str) -> None:
        from tui.ui.screens.profile import ProfileScreen

        self.push_screen(ProfileScreen(address))

    def my_account(self) -> str:
        """The active account's address, or "" (the fake backend holds a str, the core a method)."""
        status = self.status
        if status is not None and status.account:
            return status.account
        account = getattr(self.backend, "account", "")
        if callable(account):
            account = account()
        return account if isinstance(account, str) else ""

    def action_my_profile(self) -> None:
        account = self.my_account()
        if account:
            self.action_open_profile(account)
        else:
            self.notify("No active account yet: create one in the wallet (w).")

    def action_timeline(self, kind: str) -> None:
        from tui.ui.screens.timeline import TimelineScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, TimelineScreen):
            self.pop_screen()
        screen = self.screen
        if isinstance(screen, TimelineScreen):
            screen.show(kind)

    # --- actions that open E2's writing flows -----------------------------------------
    def action_compose(self) -> None:
        from tui.ui.screens.compose import ComposeScreen

        self.push_screen(ComposeScreen())

    def action_reply(self) -> None:
        post = self.current_post()
        if post is None:
            self.notify("Highlight a post to reply to.")
            return
        from tui.ui.screens.compose import ComposeScreen

        self.push_screen(ComposeScreen(reply_to=post))

    def action_tip(self) -> None:
        post = self.current_post()
        if post is None:
            self.notify("Highlight a post to tip its author.")
            return
        from tui.ui import flows

        self.run_worker(flows.tip(self, post), group="flow", exit_on_error=False)

    def action_repost(self) -> None:
        post = self.current_post()
        if post is None:
            self.notify("Highlight a post to repost.")
            return
        from tui.ui import flows

        self.run_worker(flows.repost(self, post), group="flow", exit_on_error=False)

    def action_follow(self, address: str = "", follow: bool | None = None) -> None:
        if not address:
            post = self.current_post()
            if post is None:
                self.notify("Highlight a post to follow its author.")
                return
            address = post.author
        if follow is None:
            follow = not self.backend.profile(address).followed_by_me
        from tui.ui import flows

        self.run_worker(flows.follow(self, address, follow), group="flow", exit_on_error=False)

    def action_wallet(self) -> None:
        from tui.ui.screens.wallet import WalletScreen

        self.push_screen(WalletScreen())

    def action_add_account(self, mode: str = "create") -> None:
        """Create (``create``) or import (``import``) an account: the welcome screen's form."""
        from tui.ui.screens.account_new import AccountModal

        def added(address: str | None) -> None:
            if address:
                self.reload_lists()  # the wallet lists it; lists show the new active account

        self.push_screen(AccountModal("import" if mode == "import" else "create"), added)

    def action_write_article(self) -> None:
        from tui.ui.screens.article_editor import ArticleEditorScreen

        self.push_screen(ArticleEditorScreen())

    def action_drafts(self) -> None:
        from tui.ui.screens.drafts import DraftsScreen

        if not isinstance(self.screen, DraftsScreen):
            self.push_screen(DraftsScreen())

    def action_rounds(self) -> None:
        from tui.ui.screens.rounds.rounds import RoundsScreen

        if not isinstance(self.screen, RoundsScreen):
            self.push_screen(RoundsScreen())

    def open_article(self, article: ArticleView) -> None:
        from tui.ui.screens.article_reader import ArticleReaderScreen

        self.push_screen(ArticleReaderScreen(article))

    def action_messages(self, peer: str = "") -> None:
        """Open the Messages screen: on ``peer``'s conversation when given, or on the profile's
        when pressed on someone's profile."""
        from tui.ui.screens.messages import MessagesScreen
        from tui.ui.screens.profile import ProfileScreen

        if not peer and isinstance(self.screen, ProfileScreen):
            peer = self.screen.address
        if not isinstance(self.screen, MessagesScreen):
            self.push_screen(MessagesScreen(peer))
