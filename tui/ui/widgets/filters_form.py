"""The reading part of Settings: keyword filters, muted and blocked people, what timelines hide,
and desktop notifications.

Rules and people are listed ticked; unticking one removes it on save. A new rule or person is
typed in. Saving goes through the same reading operations as ``agora filter``/``agora mute``
(``tui/core/filters/actions.py``), so only the changed ``[[filters.rules]]`` blocks of the
settings file are written. Everything is checked before anything is written, and the fields
keep what the user typed until it is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from tui.core.desktop_alerts import CHOICES
from tui.core.errors import UsageError
from tui.core.filters.model import FilterKind, FilterRule
from tui.core.filters.rules import parse_duration
from tui.core.text import clean_identity, clean_line
from tui.core.timeline_view import MODE_LABELS, MODES
from tui.ui.accounts import is_address, learn_names, profile_of, who

_PAST = {"mute": "muted", "block": "blocked", "unmute": "unmuted", "unblock": "unblocked"}
HIDE_KINDS = ("home", "global")
"""Timelines whose hide mode (``H``) the form sets."""


def rule_prompt(rule: dict[str, Any]) -> Content:
    """``#3 regex 'x+' · hide · never expires · disabled: timed out`` (the text is untrusted)."""
    state = []
    if rule.get("disabled"):
        state.append("disabled: timed out")
    if rule.get("expired"):
        state.append("expired")
    return Content.from_markup(
        "#$id $kind '$text' · $action$state",
        id=str(rule["id"]),
        kind=str(rule.get("kind", "word")),
        text=clean_line(str(rule["text"]), 60),
        action=str(rule.get("action", "collapse")),
        state="".join(f" · {s}" for s in state),
    )


def person_prompt(person: dict[str, Any]) -> Content:
    """``mute  brendan.eth ✓ 0x7099…(full)``: named as timelines name people (a verified ENS
    name styled as verified, else the profile name), beside the full address."""
    address = str(person["address"])
    name = clean_identity(str(person.get("name") or ""), 30)
    level = Content(str(person["level"]).ljust(5) + " ")
    if not is_address(address):
        return level + Content(clean_line(address, 60))
    return level + who(name, address, profile_of(address)[1], style="", full=True)


@dataclass
class FilterPlan:
    """What saving the form changes (checked, nothing written yet)."""

    remove_rules: list[int] = field(default_factory=list)
    add_rule: dict[str, Any] | None = None
    people: list[tuple[str, str]] = field(default_factory=list)
    """(address or name, command): ``unmute``, ``unblock``, ``mute`` or ``block``."""
    hide: dict[str, str] = field(default_factory=dict)
    """Timeline -> hide mode, for the timelines whose mode changed."""

    @property
    def writes(self) -> bool:
        return bool(self.remove_rules or self.add_rule or self.people)


class FiltersForm(Vertical):
    """The reading section of the Settings form."""

    DEFAULT_CSS = """
    FiltersForm { height: auto; }
    FiltersForm SelectionList { height: auto; max-height: 8; }
    """

    def __init__(self, desktop: str, hide: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.desktop = desktop if desktop in CHOICES else "off"
        self.hide = dict(hide)
        self.listing: dict[str, Any] = {"people": [], "filters": []}

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup(
                "[b]Reading filters[/b]: untick a rule or a person to remove it; "
                "type a new one below. Saved with the rest of the form."
            ),
            classes="note",
        )
        yield Label("Keyword filters: none yet", id="filter-rules-label")
        rules = SelectionList[int](id="filter-rules", disabled=True)
        rules.display = False  # until show_listing finds some
        yield rules
        yield Label("Add a filter: a word, a tag or a regular expression")
        yield Input(id="filter-text", placeholder="text to filter")
        with Horizontal(classes="field-row"):
            yield Select(
                [(k.value, k.value) for k in FilterKind],
                value="word",
                allow_blank=False,
                id="filter-kind",
            )
            yield Select(
                [("collapse", "collapse"), ("hide", "hide")],
                value="collapse",
                allow_blank=False,
                id="filter-action",
            )
            yield Input(id="filter-expires", placeholder="expires: never, 7d…")
        yield Label("Muted and blocked people: none yet", id="filter-people-label")
        people = SelectionList[str](id="filter-people", disabled=True)
        people.display = False
        yield people
        with Horizontal(classes="field-row"):
            yield Input(id="person-ref", placeholder="mute or block: 0x address or name")
            yield Select(
                [("mute", "mute"), ("block", "block")],
                value="mute",
                allow_blank=False,
                id="person-level",
            )
        for kind in HIDE_KINDS:
            yield Label(f"{kind.capitalize()} shows")
            yield Select(
                [(MODE_LABELS[m] or "every post", m) for m in MODES],
                value=self.hide.get(kind, "all"),
                allow_blank=False,
                id=f"hide-{kind}",
            )
        yield Label("Desktop notifications for new alerts (OSC 9/777)")
        yield Select(
            [
                ("off", "off"),
                ("auto: terminals known to show them", "auto"),
                ("osc9 (iTerm2)", "osc9"),
                ("osc777 (WezTerm, Ghostty, foot, urxvt)", "osc777"),
            ],
            value=self.desktop,
            allow_blank=False,
            id="desktop-notifications",
        )

    def _renamed(self) -> None:
        """Names arrived: the people list draws them."""
        people = self.query_one("#filter-people", SelectionList)
        for index, person in enumerate(self.listing.get("people", [])[: people.option_count]):
            people.replace_option_prompt_at_index(index, person_prompt(person))

    def show_listing(self, listing: dict[str, Any]) -> None:
        """Fill the lists from ``Reading.listing()`` (every entry ticked: kept)."""
        self.listing = listing
        rules = self.query_one("#filter-rules", SelectionList)
        rules.clear_options()
        rules.add_options(
            [Selection(rule_prompt(r), int(r["id"]), True) for r in listing.get("filters", [])]
        )
        people = self.query_one("#filter-people", SelectionList)
        people.clear_options()
        people.add_options(
            [
                Selection(person_prompt(p), str(p["address"]), True)
                for p in listing.get("people", [])
            ]
        )
        learn_names(self, [str(p["address"]) for p in listing.get("people", [])], self._renamed)
        # An empty list is neither shown nor a tab stop (focus would show nowhere): its label
        # says so instead.
        for part, title in (("rules", "Keyword filters"), ("people", "Muted and blocked people")):
            chosen = self.query_one(f"#filter-{part}", SelectionList)
            chosen.disabled = not chosen.option_count
            chosen.display = not chosen.disabled
            label = self.query_one(f"#filter-{part}-label", Label)
            label.update(f"{title}: none yet" if chosen.disabled else title)

    def plan(self) -> FilterPlan:
        """What saving would change; UsageError when a typed rule or person cannot work."""
        plan = FilterPlan()
        kept_rules = set(self.query_one("#filter-rules", SelectionList).selected)
        plan.remove_rules = [
            int(r["id"]) for r in self.listing.get("filters", []) if int(r["id"]) not in kept_rules
        ]
        kept_people = set(self.query_one("#filter-people", SelectionList).selected)
        for person in self.listing.get("people", []):
            if person["address"] not in kept_people:
                command = "unblock" if person["level"] == "block" else "unmute"
                plan.people.append((str(person["address"]), command))
        text = self.query_one("#filter-text", Input).value.strip()
        if text:
            kind = str(self.query_one("#filter-kind", Select).value)
            expires = self.query_one("#filter-expires", Input).value.strip()
            if expires:
                parse_duration(expires)
            hide = self.query_one("#filter-action", Select).value == "hide"
            check = FilterRule(0, text.lstrip("#") if kind == "tag" else text, kind)
            check.validate()
            plan.add_rule = {
                "text": text,
                "tag": kind == "tag",
                "is_regex": kind == "regex",
                "hide": hide,
                "expires": expires or None,
            }
        ref = self.query_one("#person-ref", Input).value.strip()
        if ref:
            if len(ref) > 100:
                raise UsageError("Give a 0x address, an ENS name or a profile name.")
            plan.people.append((ref, str(self.query_one("#person-level", Select).value)))
        for kind in HIDE_KINDS:
            mode = str(self.query_one(f"#hide-{kind}", Select).value)
            if mode != self.hide.get(kind, "all"):
                plan.hide[kind] = mode
        return plan

    def desktop_choice(self) -> str:
        value = self.query_one("#desktop-notifications", Select).value
        return value if isinstance(value, str) else "off"

    def saved(self, plan: FilterPlan) -> None:
        """The plan is applied: clear what was typed, remember the new state."""
        if plan.add_rule:
            self.query_one("#filter-text", Input).value = ""
            self.query_one("#filter-expires", Input).value = ""
        if any(command in ("mute", "block") for _, command in plan.people):
            self.query_one("#person-ref", Input).value = ""
        self.hide.update(plan.hide)
        self.desktop = self.desktop_choice()


def apply_plan(reading: Any, plan: FilterPlan, backend: Any = None) -> list[str]:
    """Blocking: apply ``plan`` through the reading operations; what was done, in words.
    A person typed as an ENS name is resolved first (fresh, through ``backend``'s names),
    before anything is written, and said as ``ada.eth → 0x…``."""
    from tui.ui.backends.names import typed_account

    people = []
    for ref, command in plan.people:
        target = typed_account(backend, ref) if backend is not None else None
        people.append((target.address if target else ref, command, target))
    done: list[str] = []
    if plan.add_rule is not None:  # first: a new rule never takes the number of one removed
        options = dict(plan.add_rule)
        text = str(options.pop("text"))
        rule = reading.add_filter(text, **options)
        done.append(f"added filter #{rule['id']}")
    for rule_id in plan.remove_rules:
        reading.remove_filter(rule_id)
        done.append(f"removed filter #{rule_id}")
    for ref, command, target in people:
        result = reading.person(ref, command)
        done.append(f"{_PAST[command]} {target.text() if target else result['address']}")
    return done
