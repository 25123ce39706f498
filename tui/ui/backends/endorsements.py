"""Endorsements as the screens read and write them: rows for a profile, evidence, requests.

``CoreEndorsements`` reads the real backend's open index; ``FakeEndorsements`` holds fixed rows
for fast tests and snapshots over the ``FakeBackend``. Writes are ``PlannedRequest``s of the
core's EAS intents, so they go through the shared writer and confirmation flow. Methods block:
call them from thread workers.
"""

from __future__ import annotations

from typing import Any, Protocol

from tui.core.attest.rules import Endorsement
from tui.core.attest.schemas import skill_key
from tui.core.errors import UsageError
from tui.core.index.attestations import EndorsementRow
from tui.core.text import clean_line, is_digits
from tui.ui.writes import PlannedRequest


class EndorsementsSide(Protocol):
    """What the profile's endorsements tab and the endorse flow need."""

    def rows(self, address: str) -> list[EndorsementRow]: ...
    def resolve_evidence(self, text: str) -> str: ...


def _single(summary: str, intent: Any) -> PlannedRequest:
    """A one-transaction write: the same intent for the core writer and the fake one."""
    return PlannedRequest(
        summary, lambda _rpc, _network, _sender, _content: (intent, True), lambda: (intent, True)
    )


def endorse_request(
    recipient: str, skill: str, community: str = "", evidence: str = ""
) -> PlannedRequest:
    """Endorse ``recipient`` for a skill (evidence: a CID, already resolved)."""
    from tui.core.attest.intents import endorse

    intent = endorse(recipient, skill, community, evidence)
    return _single(intent.summary, intent)


def acknowledge_request(
    recipient: str, skill: str, community: str, level: int, evidence: str, ref_uid: str
) -> PlannedRequest:
    """Acknowledge ``recipient`` as an expert of a community the reader moderates."""
    from tui.core.attest.intents import acknowledge

    intent = acknowledge(recipient, skill, community, level, evidence, ref_uid)
    return _single(intent.summary, intent)


def revoke_request(uid: str, schema: str, skill: str = "") -> PlannedRequest:
    """Revoke one of the reader's own attestations; the core writer reads the record on chain
    first (only its attester, not yet revoked), the fake one trusts the row."""
    from tui.core.attest.intents import revoke, revoke_checked

    def plan(rpc: Any, network: Any, sender: str, _content: Any) -> tuple[Any, bool]:
        return revoke_checked(rpc, network, uid, sender), True

    summary = f"Revoke your endorsement for {clean_line(skill, 48)!r}"
    return PlannedRequest(summary, plan, lambda: (revoke(uid, schema), True))


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
        if is_digits(value):
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
    "CoreEndorsements",
    "EndorsementsSide",
    "FakeEndorsements",
    "acknowledge_request",
    "endorse_request",
    "endorsements_of",
    "revoke_request",
]
