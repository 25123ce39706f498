"""Endorsements as the screens read and write them: rows for a profile, evidence, requests.

``CoreEndorsements`` reads the real backend's open index; ``FakeEndorsements`` holds fixed rows
for fast tests and snapshots over the ``FakeBackend``. The write requests carry their own
summary, core intent and fake call, so the shared writer and confirmation flow need no
branch for them. Methods block: call them from thread workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from tui.core.attest.eas import ATTEST, REVOKE
from tui.core.attest.rules import Endorsement
from tui.core.attest.schemas import ACKNOWLEDGEMENT_UID, ENDORSEMENT_UID, skill_key
from tui.core.errors import UsageError
from tui.core.index.attestations import EndorsementRow
from tui.core.text import clean_line

FAKE_EAS = "0x4200000000000000000000000000000000000021"


class EndorsementsSide(Protocol):
    """What the profile's endorsements tab and the endorse flow need."""

    def rows(self, address: str) -> list[EndorsementRow]: ...
    def resolve_evidence(self, text: str) -> str: ...


@dataclass(frozen=True)
class EndorseRequest:
    """Endorse ``recipient`` for a skill (evidence: a CID, already resolved)."""

    recipient: str
    skill: str
    community: str = ""
    evidence: str = ""

    def summary(self) -> str:
        return f"Endorse {self.recipient} for {clean_line(self.skill, 48)!r}"

    def to_intent(self) -> Any:
        from tui.core.attest.intents import EndorseIntent

        return EndorseIntent(self.recipient, self.skill, self.community, self.evidence)

    def fake_call(self) -> tuple[str, str, tuple[tuple[str, str], ...], int]:
        args = (
            ("schema", f"Agora skill endorsement {ENDORSEMENT_UID}"),
            ("recipient", self.recipient),
            ("skill", clean_line(self.skill, 48)),
            ("community", self.community or "(none)"),
            ("evidence", self.evidence or "(none)"),
        )
        return FAKE_EAS, ATTEST, args, 0


@dataclass(frozen=True)
class AcknowledgeRequest:
    """Acknowledge ``recipient`` as an expert of a community the reader moderates."""

    recipient: str
    skill: str
    community: str
    level: int
    evidence: str = ""
    ref_uid: str = "0x" + "00" * 32

    def summary(self) -> str:
        return (
            f"Acknowledge {self.recipient} as a level {self.level} expert in "
            f"{clean_line(self.skill, 48)!r} ({clean_line(self.community, 64)})"
        )

    def to_intent(self) -> Any:
        from tui.core.attest.intents import AcknowledgeIntent

        return AcknowledgeIntent(
            self.recipient, self.skill, self.community, self.level, self.evidence, self.ref_uid
        )

    def fake_call(self) -> tuple[str, str, tuple[tuple[str, str], ...], int]:
        args = (
            ("schema", f"Agora expert acknowledgement {ACKNOWLEDGEMENT_UID}"),
            ("recipient", self.recipient),
            ("skill", clean_line(self.skill, 48)),
            ("community", self.community),
            ("level", str(self.level)),
            ("evidence", self.evidence or "(none)"),
            ("refUID", self.ref_uid),
        )
        return FAKE_EAS, ATTEST, args, 0


@dataclass(frozen=True)
class RevokeRequest:
    """Revoke one of the reader's own attestations."""

    uid: str
    schema: str
    skill: str = ""

    def summary(self) -> str:
        return f"Revoke your endorsement for {clean_line(self.skill, 48)!r}"

    def to_intent(self) -> Any:
        from tui.core.attest.intents import RevokeIntent

        return RevokeIntent(self.uid, self.schema)

    def fake_call(self) -> tuple[str, str, tuple[tuple[str, str], ...], int]:
        return FAKE_EAS, REVOKE, (("schema", self.schema), ("uid", self.uid)), 0


class CoreEndorsements:
    """Rows and evidence over ``CoreBackend``'s index."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def _run(self, fn: Any, *args: Any) -> Any:
        index = self.backend._store()
        if index is None:
            return None
        with self.backend._read_lock:
            self.backend._sync_me(index)
            return fn(index, *args)

    def rows(self, address: str) -> list[EndorsementRow]:
        from tui.core.index.attestations import profile_rows

        return list(self._run(profile_rows, address) or [])

    def resolve_evidence(self, text: str) -> str:
        from tui.core.attest.evidence import resolve_evidence

        if not text.strip():
            return ""
        found = self._run(lambda index: resolve_evidence(index.conn, text))
        if found is None:
            raise UsageError("The local index is not open yet: the network is starting.")
        return str(found)


def _fake(uid: int, attester: str, recipient: str, skill: str, **kw: Any) -> Endorsement:
    kind = kw.pop("kind", "endorsement")
    return Endorsement(
        uid=f"0x{uid:064x}", kind=kind, attester=attester, recipient=recipient, skill=skill,
        skill_key=skill_key(skill), community=kw.get("community", ""), level=kw.get("level", 0),
        evidence=kw.get("evidence", ""), time=1_750_000_000 - uid * 3600,
        ref_uid="0x" + "00" * 32, claimed=kind,
    )  # fmt: skip


class FakeEndorsements:
    """Fixed endorsements of the fake people (named fake: not for production)."""

    def __init__(self, backend: Any) -> None:
        from tui.ui.backends.fake import FAKE_PEOPLE

        self.backend = backend
        self.names = {a: n for a, (n, _bio) in FAKE_PEOPLE.items()}
        people = list(FAKE_PEOPLE)
        me, brendan, anon, chidi = people
        self.items: dict[str, list[tuple[Endorsement, tuple[str, int] | None]]] = {
            brendan: [
                (
                    _fake(
                        1,
                        chidi,
                        brendan,
                        "Vyper",
                        kind="acknowledgement",
                        community="3",
                        level=4,
                        evidence="bafkreipost3",
                    ),
                    ("post", 3),
                ),
                (_fake(2, me, brendan, "Vyper", evidence="bafkreipost3"), ("post", 3)),
                (_fake(3, anon, brendan, "vyper"), None),
                (_fake(4, chidi, brendan, "Governance"), None),
            ],
            me: [
                (_fake(5, brendan, me, "Terminal UIs", evidence="bafkreiarticle2"), ("article", 2))
            ],
        }

    def rows(self, address: str) -> list[EndorsementRow]:
        from tui.core.attest.rules import group_skills

        found = self.items.get(address, [])
        evidence = {e.uid: target for e, target in found}
        me = getattr(self.backend, "account", "")
        followed = frozenset(getattr(self.backend, "followed", set()))
        rows = []
        for group in group_skills([e for e, _t in found], followed):
            size = len(group.endorsements) + len(group.experts)
            for i, item in enumerate((*group.experts, *group.endorsements)):
                rows.append(
                    EndorsementRow(
                        item, self.names.get(item.attester, ""), item.attester in followed,
                        item.attester == me, evidence[item.uid], size if i == 0 else 0,
                    )
                )  # fmt: skip
        return rows

    def resolve_evidence(self, text: str) -> str:
        value = text.strip().lstrip("#")
        if not value:
            return ""
        if value.isdigit():
            return f"bafkreifakepost{value}"
        if value.startswith("baf"):
            return value
        raise UsageError(
            f"Evidence must be a post id (47, #47), article:N or a CID, not {value!r}."
        )


def endorsements_of(backend: Any) -> EndorsementsSide:
    """The endorsements side of ``backend``: one per backend, made on first use."""
    side = getattr(backend, "_endorsements_side", None)
    if side is None:
        from tui.ui.backend import CoreBackend

        side = (
            CoreEndorsements(backend)
            if isinstance(backend, CoreBackend)
            else FakeEndorsements(backend)
        )
        backend._endorsements_side = side
    return side


__all__ = [
    "AcknowledgeRequest",
    "CoreEndorsements",
    "EndorseRequest",
    "EndorsementsSide",
    "FakeEndorsements",
    "RevokeRequest",
    "endorsements_of",
]
