"""The endorse dialog: a skill, an optional community and evidence for the person on screen.

Returns what was typed (or None); evidence is resolved to a CID and the attestation goes
through the confirmation modal like every write (``endorse_flow``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.attest.schemas import MAX_COMMUNITY, MAX_EVIDENCE, MAX_SKILL, clean_skill, skill_key
from tui.core.errors import AgoraError
from tui.core.text import clean_line, is_digits
from tui.ui.accounts import who


@dataclass(frozen=True)
class EndorseForm:
    """What the dialog returns: raw text, validated again by the core intent."""

    skill: str
    community: str
    evidence: str
    level: int = 0
    """1..5 for an expert acknowledgement; 0 for an endorsement."""


class EndorseModal(ModalScreen[EndorseForm | None]):
    """Type a skill (enter moves on, ctrl+s or enter on the last field endorses)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="endorse.cancel", tooltip="Close without endorsing"),
        Binding("ctrl+s", "submit", "Endorse", id="endorse.submit", tooltip="Endorse (you confirm the transaction next)"),
    ]  # fmt: skip

    def __init__(
        self, address: str, name: str = "", evidence: str = "", *, expert: bool = False,
        skill: str = "", community: str = "",
    ) -> None:  # fmt: skip
        super().__init__(classes="agora-modal")
        self.address = address
        self.person = name
        self.evidence = evidence
        self.expert = expert
        """Acknowledge an expert (as a moderator of the community) instead of endorsing."""
        self.skill = skill
        self.community = community

    def compose(self) -> ComposeResult:
        with Vertical(id="endorse-dialog", classes="write-dialog"):
            title = "Acknowledge an expert" if self.expert else "Endorse"
            yield Static(Content(title), classes="dialog-title")
            yield Static(
                Content("As a moderator: " if self.expert else "For a skill: ")
                + who(self.person, self.address)
                + Content("\n" + self.address),
                id="endorse-target",
            )
            yield Input(
                self.skill, placeholder="Skill, e.g. vyper", id="endorse-skill",
                max_length=MAX_SKILL,
            )  # fmt: skip
            yield Input(
                self.community,
                placeholder="Community id" + ("" if self.expert else " (optional)"),
                id="endorse-community", max_length=MAX_COMMUNITY,
            )  # fmt: skip
            if self.expert:
                yield Input(
                    placeholder="Level 1 (practitioner) to 5 (authority)", id="endorse-level",
                    max_length=1, restrict="[1-5]*",
                )  # fmt: skip
            yield Input(
                self.evidence, placeholder="Evidence: post id (#47), article:N or CID (optional)",
                id="endorse-evidence", max_length=MAX_EVIDENCE,
            )  # fmt: skip
            yield Static(Content(""), id="endorse-error", classes="error")
            note = (
                "It counts as expert only if you moderate that community when it lands; "
                "otherwise as an endorsement."
                if self.expert
                else "A public EAS attestation, revocable later (X on your endorsement)."
            )
            yield Static(Content(note), classes="dim")
            verb = "acknowledge" if self.expert else "endorse"
            yield Static(
                Content(f"enter next · ctrl+s {verb} · escape cancel"), classes="dialog-keys"
            )

    def on_mount(self) -> None:
        titles = {"skill": "Skill", "community": "Community", "evidence": "Evidence"}
        if self.expert:
            titles["level"] = "Level"
        for key, title in titles.items():
            self.query_one(f"#endorse-{key}", Input).border_title = title
        first = "#endorse-level" if self.expert and self.skill else "#endorse-skill"
        self.query_one(first, Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        skill = self.query_one("#endorse-skill", Input).value
        community = self.query_one("#endorse-community", Input).value
        problem, field = "", ""
        level = 0
        if not skill_key(clean_skill(skill)):
            problem, field = "Name a skill.", "skill"
        elif self.expert and not community.strip():
            problem, field = "Name the community you moderate.", "community"
        elif self.expert:
            text = self.query_one("#endorse-level", Input).value
            level = int(text) if is_digits(text) else 0
            if not 1 <= level <= 5:
                problem, field = "Choose a level from 1 to 5.", "level"
        if problem:
            self.query_one("#endorse-error", Static).update(Content(problem))
            self.query_one(f"#endorse-{field}", Input).focus()
            return
        evidence = self.query_one("#endorse-evidence", Input).value
        self.dismiss(EndorseForm(skill, community, evidence, level))

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "endorse-evidence":
            self.action_submit()
        else:
            self.focus_next()


async def endorse_flow(app: App[Any], address: str, name: str = "", evidence: str = "") -> Any:
    """Ask (EndorseModal), resolve the evidence, then confirm and send like every write."""
    from tui.ui import flows
    from tui.ui.backends.endorsements import endorse_request, endorsements_of

    form = await app.push_screen_wait(EndorseModal(address, name, evidence))
    if form is None:
        return None
    backend: Any = getattr(app, "backend", None)
    try:
        cid = await asyncio.to_thread(endorsements_of(backend).resolve_evidence, form.evidence)
    except AgoraError as error:
        app.notify(clean_line(str(error), 300), title="Evidence", severity="error", markup=False)
        return None
    try:
        request = endorse_request(address, form.skill, form.community.strip(), cid)
    except AgoraError as error:
        flows.report(app, error, "Cannot endorse")
        return None
    return await flows.run(app, request)


async def acknowledge_flow(app: App[Any], row: Any, name: str = "") -> Any:
    """Acknowledge the person of endorsement ``row`` as an expert (it becomes the refUID)."""
    from tui.ui import flows
    from tui.ui.backends.endorsements import acknowledge_request, endorsements_of

    item = row.item
    modal = EndorseModal(
        item.recipient, name, item.evidence, expert=True, skill=item.skill,
        community=item.community,
    )  # fmt: skip
    form = await app.push_screen_wait(modal)
    if form is None:
        return None
    backend: Any = getattr(app, "backend", None)
    try:
        cid = await asyncio.to_thread(endorsements_of(backend).resolve_evidence, form.evidence)
    except AgoraError as error:
        app.notify(clean_line(str(error), 300), title="Evidence", severity="error", markup=False)
        return None
    try:
        request = acknowledge_request(
            item.recipient, form.skill, form.community.strip(), form.level, cid, item.uid
        )
    except AgoraError as error:
        flows.report(app, error, "Cannot acknowledge")
        return None
    return await flows.run(app, request)


async def revoke_flow(app: App[Any], row: Any) -> Any:
    """Confirm and send the revocation of the reader's own endorsement ``row``."""
    from tui.core.attest.schemas import ACKNOWLEDGEMENT_UID, ENDORSEMENT_UID
    from tui.ui import flows
    from tui.ui.backends.endorsements import revoke_request

    item = row.item
    schema = ACKNOWLEDGEMENT_UID if item.claimed == "acknowledgement" else ENDORSEMENT_UID
    return await flows.run(app, revoke_request(item.uid, schema, item.skill))
