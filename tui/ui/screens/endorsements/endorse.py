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
from tui.core.text import clean_line
from tui.ui.widgets.post_card import who


@dataclass(frozen=True)
class EndorseForm:
    """What the dialog returns: raw text, validated again by the core intent."""

    skill: str
    community: str
    evidence: str


class EndorseModal(ModalScreen[EndorseForm | None]):
    """Type a skill (enter moves on, ctrl+s or enter on the last field endorses)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="endorse.cancel", tooltip="Close without endorsing"),
        Binding("ctrl+s", "submit", "Endorse", id="endorse.submit", tooltip="Endorse (you confirm the transaction next)"),
    ]  # fmt: skip

    def __init__(self, address: str, name: str = "", evidence: str = "") -> None:
        super().__init__(classes="agora-modal")
        self.address = address
        self.person = name
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        with Vertical(id="endorse-dialog", classes="write-dialog"):
            yield Static(Content("Endorse"), classes="dialog-title")
            yield Static(
                Content("For a skill: ")
                + who(self.person, self.address)
                + Content("\n" + self.address),
                id="endorse-target",
            )
            yield Input(placeholder="Skill, e.g. vyper", id="endorse-skill", max_length=MAX_SKILL)
            yield Input(
                placeholder="Community id (optional)", id="endorse-community",
                max_length=MAX_COMMUNITY,
            )  # fmt: skip
            yield Input(
                self.evidence, placeholder="Evidence: post id (#47), article:N or CID (optional)",
                id="endorse-evidence", max_length=MAX_EVIDENCE,
            )  # fmt: skip
            yield Static(Content(""), id="endorse-error", classes="error")
            yield Static(
                Content("A public EAS attestation, revocable later (X on your endorsement)."),
                classes="dim",
            )
            yield Static(
                Content("enter next · ctrl+s endorse · escape cancel"), classes="dialog-keys"
            )

    def on_mount(self) -> None:
        titles = {"skill": "Skill", "community": "Community (optional)", "evidence": "Evidence"}
        for key, title in titles.items():
            self.query_one(f"#endorse-{key}", Input).border_title = title
        self.query_one("#endorse-skill", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        skill = self.query_one("#endorse-skill", Input).value
        if not skill_key(clean_skill(skill)):
            self.query_one("#endorse-error", Static).update(Content("Name a skill."))
            self.query_one("#endorse-skill", Input).focus()
            return
        self.dismiss(
            EndorseForm(
                skill=skill,
                community=self.query_one("#endorse-community", Input).value,
                evidence=self.query_one("#endorse-evidence", Input).value,
            )
        )

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "endorse-evidence":
            self.action_submit()
        else:
            self.focus_next()


async def endorse_flow(app: App[Any], address: str, name: str = "", evidence: str = "") -> Any:
    """Ask (EndorseModal), resolve the evidence, then confirm and send like every write."""
    from tui.ui import flows
    from tui.ui.backends.endorsements import EndorseRequest, endorsements_of

    form = await app.push_screen_wait(EndorseModal(address, name, evidence))
    if form is None:
        return None
    backend: Any = getattr(app, "backend", None)
    try:
        cid = await asyncio.to_thread(endorsements_of(backend).resolve_evidence, form.evidence)
    except AgoraError as error:
        app.notify(clean_line(str(error), 300), title="Evidence", severity="error", markup=False)
        return None
    request = EndorseRequest(address, form.skill, form.community.strip(), cid)
    return await flows.run(app, request)


async def revoke_flow(app: App[Any], row: Any) -> Any:
    """Confirm and send the revocation of the reader's own endorsement ``row``."""
    from tui.core.attest.schemas import ACKNOWLEDGEMENT_UID, ENDORSEMENT_UID
    from tui.ui import flows
    from tui.ui.backends.endorsements import RevokeRequest

    item = row.item
    schema = ACKNOWLEDGEMENT_UID if item.claimed == "acknowledgement" else ENDORSEMENT_UID
    return await flows.run(app, RevokeRequest(item.uid, schema, item.skill))
