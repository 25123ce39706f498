"""Which attestations count: a pure function over records, so it is tested without a chain.

The rules (SECURITY.md §25): attestations under other schemas are ignored; self-attestations,
revoked ones (``revocationTime`` set, or a ``Revoked`` log seen: EAS's ``isAttestationValid``
stays true after revocation, so it is never asked) and expired ones are dropped; data that does
not decode is invalid; an expert acknowledgement counts as one only when its attester
moderated that community when attesting, and is otherwise shown as an endorsement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tui.core.attest.schemas import ACKNOWLEDGEMENT, ENDORSEMENT, SCHEMAS, Claim, decode_claim

if TYPE_CHECKING:
    from tui.core.attest.eas import Attestation

ModeratorCheck = Callable[[str, str, int], bool]
"""``(community, address, unix time) -> bool``: was ``address`` a moderator of it then?"""

Verdict = Literal["ok", "unknown-schema", "self", "revoked", "expired", "invalid"]


def no_moderators(_community: str, _address: str, _at: int) -> bool:
    """The check when no community data is known: every acknowledgement is an endorsement."""
    return False


@dataclass(frozen=True, slots=True)
class Endorsement:
    """One attestation that counts, as profiles and the CLI show it."""

    uid: str
    kind: str
    """``endorsement`` or ``acknowledgement`` (only when the attester was a moderator)."""
    attester: str
    recipient: str
    skill: str
    skill_key: str
    community: str
    level: int
    evidence: str
    time: int
    ref_uid: str
    claimed: str
    """The kind the attester chose: an acknowledgement by a non-moderator has ``kind``
    endorsement and ``claimed`` acknowledgement."""


def verdict(record: Attestation, now: int, revoked: bool = False) -> Verdict:
    """Why ``record`` does not count, or ``ok`` (its data is checked by ``judge``)."""
    if record.schema.lower() not in SCHEMAS:
        return "unknown-schema"
    if record.attester == record.recipient:
        return "self"
    if revoked or record.revocation:
        return "revoked"
    if record.expiration and record.expiration <= now:
        return "expired"
    return "ok"


def judge(
    record: Attestation,
    now: int,
    *,
    revoked: bool = False,
    is_moderator: ModeratorCheck = no_moderators,
) -> Endorsement | Verdict:
    """The endorsement ``record`` shows as, or the verdict that drops it."""
    why = verdict(record, now, revoked)
    if why != "ok":
        return why
    claim: Claim | None = decode_claim(record.schema, record.data)
    if claim is None:
        return "invalid"
    kind = claim.kind
    if kind == ACKNOWLEDGEMENT and not is_moderator(claim.community, record.attester, record.time):
        kind = ENDORSEMENT
    return Endorsement(
        uid=record.uid,
        kind=kind,
        attester=record.attester,
        recipient=record.recipient,
        skill=claim.skill,
        skill_key=claim.key,
        community=claim.community,
        level=claim.level if kind == ACKNOWLEDGEMENT else 0,
        evidence=claim.evidence,
        time=record.time,
        ref_uid=record.ref_uid,
        claimed=claim.kind,
    )


@dataclass(frozen=True)
class SkillGroup:
    """One skill on a profile: its endorsers (people the viewer follows first)."""

    skill: str
    key: str
    endorsements: tuple[Endorsement, ...]
    experts: tuple[Endorsement, ...]
    """Acknowledgements that count, per community."""


def group_skills(
    endorsements: Iterable[Endorsement], followed: frozenset[str] = frozenset()
) -> list[SkillGroup]:
    """Endorsements grouped by normalised skill; most endorsed first; followed endorsers first.

    One attester counts once per skill (a second endorsement of the same skill adds nothing).
    """
    groups: dict[str, list[Endorsement]] = {}
    for item in endorsements:
        groups.setdefault(item.skill_key, []).append(item)
    out: list[SkillGroup] = []
    for key, items in groups.items():
        plain: dict[str, Endorsement] = {}
        experts: list[Endorsement] = []
        for item in sorted(items, key=lambda e: (-e.time, e.uid)):
            if item.kind == ACKNOWLEDGEMENT:
                experts.append(item)
            else:
                plain.setdefault(item.attester, item)
        ordered = sorted(plain.values(), key=lambda e: (e.attester not in followed, -e.time))
        shown = items[0].skill if not ordered else ordered[0].skill
        out.append(SkillGroup(shown, key, tuple(ordered), tuple(experts)))
    out.sort(key=lambda g: (-(len(g.endorsements) + len(g.experts)), g.key))
    return out
