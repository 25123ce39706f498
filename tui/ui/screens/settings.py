"""Settings: the active network (RPC, chain id, contracts, gateways, Kubo), theme, keymap file."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from tui.core.config.edit import update_settings
from tui.core.config.settings import DEVNET, Network, Settings, load_settings
from tui.core.errors import AgoraError, ConfigError
from tui.core.text import clean_text
from tui.ui.latest import call_latest
from tui.ui.paths_display import settings_path
from tui.ui.widgets.filters_form import FilterPlan, FiltersForm, apply_plan
from tui.ui.widgets.status_bar import bottom_bars

FIELDS = (
    ("name", "Network name"),
    ("rpc_url", "RPC URL (http:// or https://)"),
    ("chain_id", "Chain id"),
    ("social", "Social contract address"),
    ("articles", "Articles contract address"),
    ("gateways", "IPFS gateways (comma separated, tried in order)"),
    ("kubo_rpc", "Kubo RPC API (optional)"),
)


def keymap_note(where: str) -> Content:
    """Where key overrides go. Assembled, not markup: ``[keymap]`` would be read as a tag."""
    return Content.assemble(
        "Keys: the ", ("[keymap]", "bold"), " table in ", (where, "bold"), ' (binding.id = "key").'
    )


def network_from_form(values: dict[str, str], existing: Network | None = None) -> Network:
    """Build and validate a Network from the form, with messages a user can act on.

    Editing ``existing`` keeps what the form does not show (deploy block, ws_url, finality).
    """
    try:
        chain_id = int(values.get("chain_id", "").strip())
    except ValueError:
        raise ConfigError("Chain id must be a whole number, like 11155111.") from None
    kubo = values.get("kubo_rpc", "").strip()
    if kubo and not kubo.startswith(("http://", "https://")):
        raise ConfigError("Kubo RPC must start with http:// or https://.")
    network = replace(
        existing or Network(name="", rpc_url="", chain_id=0),
        name=values.get("name", "").strip(),
        rpc_url=values.get("rpc_url", "").strip(),
        chain_id=chain_id,
        social=values.get("social", "").strip(),
        articles=values.get("articles", "").strip(),
        gateways=[g.strip() for g in values.get("gateways", "").split(",") if g.strip()],
        kubo_rpc=kubo,
    )
    if network.name == DEVNET:
        raise ConfigError(f"{DEVNET!r} is the embedded network; pick another name.")
    network.validate()
    return network


class SettingsScreen(Screen[None]):
    """Edits the settings file; nothing is written until the form validates."""

    AUTO_FOCUS = ""
    """The app's auto focus scrolls the focused field to the centre (hiding the top of the form):
    the first field is focused in ``on_mount`` without scrolling."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="settings.back", tooltip="Leave without saving"),
        Binding("ctrl+s", "save", "Save", id="settings.save", tooltip="Validate and save the settings"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.settings = Settings()
        self.load_error = ""
        self.shown: dict[str, str] = {}
        """What the choosers show unchanged: saving writes only what the user changed."""

    def compose(self) -> ComposeResult:
        app: Any = self.app
        try:
            self.settings = load_settings(app.config_path)
        except AgoraError as exc:
            self.load_error = clean_text(str(exc))
        names = [DEVNET, *sorted(n for n in self.settings.networks if n != DEVNET)]
        themes = sorted(app.available_themes)
        yield Static(Content("Settings"), classes="screen-title")
        yield Static(Content(self.load_error), classes="form-error", id="settings-error")
        with VerticalScroll(classes="form", can_focus=False):  # focus starts in the first field
            yield Label("Active network")
            self.shown = {
                "network": self.settings.network if self.settings.network in names else DEVNET,
                # the theme in use (a palette switch is saved, but may still be on its way)
                "theme": app.theme if app.theme in themes else "textual-dark",
            }
            yield Select(
                [(n, n) for n in names],
                value=self.shown["network"],
                allow_blank=False,
                id="active-network",
            )
            yield Label("Theme")
            yield Select(
                [(t, t) for t in themes],
                value=self.shown["theme"],
                allow_blank=False,
                id="theme",
            )
            yield Static(
                Content.from_markup(
                    "Add or edit a network (leave the name empty to skip). The embedded "
                    "[b]devnet[/b] needs no settings."
                ),
                classes="note",
            )
            for field, label in FIELDS:
                yield Label(label)
                yield Input(id=f"net-{field}", placeholder=label)
            yield FiltersForm(self.settings.desktop_notifications, app.ui_state.hide, id="filters")
            yield Static(keymap_note(settings_path(app)), classes="note", id="keymap-location")
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
        yield bottom_bars()

    def on_mount(self) -> None:
        self.query_one("#active-network", Select).focus(scroll_visible=False)
        self.load_filters()

    @work(thread=True, exclusive=True, group="settings-filters", exit_on_error=False)
    def load_filters(self) -> None:
        """The muted people and keyword rules, read off the event loop."""
        app: Any = self.app
        try:
            listing = app.reading.listing()
        except AgoraError as exc:
            call_latest(app, self._error, clean_text(str(exc)))
            return
        call_latest(app, self.query_one(FiltersForm).show_listing, listing)

    def reload(self) -> None:
        """Mutes or filters changed elsewhere (a key, a ``:`` command): show them."""
        self.load_filters()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "active-network" and isinstance(event.value, str):
            net = self.settings.networks.get(event.value)
            values = {
                "name": net.name if net else "",
                "rpc_url": net.rpc_url if net else "",
                "chain_id": str(net.chain_id) if net else "",
                "social": net.social if net else "",
                "articles": net.articles if net else "",
                "gateways": ", ".join(net.gateways) if net else "",
                "kubo_rpc": net.kubo_rpc if net else "",
            }
            for field, value in values.items():
                self.query_one(f"#net-{field}", Input).value = value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.app.pop_screen()

    def _error(self, message: str) -> None:
        self.query_one("#settings-error", Static).update(Content(message))
        if message:
            self.notify(message, title="Settings not saved", severity="error", markup=False)

    def action_save(self) -> None:
        app: Any = self.app
        values = {field: self.query_one(f"#net-{field}", Input).value for field, _ in FIELDS}
        changes: dict[str, str] = {}
        try:
            name = values["name"].strip()
            existing = self.settings.networks.get(name)
            networks = [network_from_form(values, existing)] if name else []
            active = self.query_one("#active-network", Select).value
            theme = self.query_one("#theme", Select).value
            if isinstance(active, str) and active != self.shown["network"]:
                changes["network"] = active
            if isinstance(theme, str) and theme != self.shown["theme"]:
                changes["theme"] = theme
            form = self.query_one(FiltersForm)
            plan = form.plan()  # checked before anything is written
            if form.desktop_choice() != self.settings.desktop_notifications:
                changes["desktop_notifications"] = form.desktop_choice()
            # Only what the form changed is written; comments and other keys stay as they were.
            settings = update_settings(app.config_path, changes, networks)
            self.settings = settings
            self.shown.update(changes)
        except AgoraError as exc:
            self._error(clean_text(str(exc)))
            return
        except OSError as exc:
            self._error(clean_text(f"Could not write the settings file: {exc.strerror}"))
            return
        self._error("")
        if settings.theme in app.available_themes:
            app.theme = settings.theme
        if app.ctx is not None:
            app.ctx.settings.desktop_notifications = settings.desktop_notifications
        app.setup_desktop_alerts(settings.desktop_notifications)
        self._apply_hide(plan)
        if plan.writes:
            self.save_filters(plan)
        else:
            form.saved(plan)
            self.notify(
                "Settings saved. A new network takes effect at the next start.", markup=False
            )

    def _apply_hide(self, plan: FilterPlan) -> None:
        """What Home and Global hide (the ``H`` key's choice, kept in the UI state)."""
        if not plan.hide:
            return
        app: Any = self.app
        for kind, mode in plan.hide.items():
            app.ui_state.hide.pop(kind, None)
            if mode != "all":
                app.ui_state.hide[kind] = mode
        from tui.ui.screens.timeline import TimelineScreen

        for screen in app.screen_stack:
            if isinstance(screen, TimelineScreen):
                screen.hides_changed(list(plan.hide))

    @work(thread=True, exclusive=True, group="settings-filters", exit_on_error=False)
    def save_filters(self, plan: FilterPlan) -> None:
        """Mutes and rules through the reading operations (the settings' rule blocks only)."""
        app: Any = self.app
        try:
            done = apply_plan(app.reading, plan, app.backend)
        except AgoraError as exc:
            app.call_from_thread(self._error, clean_text(str(exc)))
            app.call_from_thread(self.load_filters)  # what did change is shown as it is now
            return
        app.call_from_thread(self._filters_saved, plan, done)

    def _filters_saved(self, plan: FilterPlan, done: list[str]) -> None:
        app: Any = self.app
        self.query_one(FiltersForm).saved(plan)
        app._after_reading_change("Settings saved: " + "; ".join(done) + ".")
