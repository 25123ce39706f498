"""Endorse, acknowledge, revoke: the EAS calls, as ``CallIntent``s for the usual pipeline.

Each function validates and cleans what the user typed before anything exists, and builds the
call to EAS (``attest``/``revoke`` with Agora's schema UIDs). The confirmation's notes say in
words what the encoded request holds: who, which skill, community, evidence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.core.actions.intents import CallIntent
from tui.core.attest import eas
from tui.core.attest.schemas import (
    ACKNOWLEDGEMENT,
    ACKNOWLEDGEMENT_UID,
    ENDORSEMENT,
    ENDORSEMENT_UID,
    KINDS,
    MAX_COMMUNITY,
    MAX_EVIDENCE,
    MAX_LEVEL,
    MAX_SKILL,
    clean_community,
    clean_evidence,
    clean_skill,
    encode_claim,
    skill_key,
)
from tui.core.chain.address import to_checksum
from tui.core.errors import ConfigError, UsageError
from tui.core.text import clean_line, is_digits

if TYPE_CHECKING:
    from tui.core.config.settings import Network

EAS_KEY = "eas"
"""The network's ``contracts`` key holding the EAS address."""
REVOCABLE_NOTE = (
    "You can revoke it later (agora revoke UID); the record stays on chain, marked revoked."
)


def eas_address(network: Network) -> str:
    """The checksummed EAS address of ``network`` (ConfigError when it has none)."""
    value = str(getattr(network, "contracts", {}).get(EAS_KEY, "") or "")
    if not value:
        raise ConfigError(
            f"Network {network.name!r} has no EAS contract address.",
            hint="Start the devnet (agora devnet up), or set [networks.NAME.contracts] eas = "
            '"0x…" in the settings (EAS\'s address on that chain).',
        )
    return to_checksum(value)


def _recipient(value: str) -> str:
    try:
        return to_checksum(value)
    except Exception:
        raise UsageError(f"Not an address: {clean_line(value, 60)!r}") from None


def check_skill(skill: str) -> str:
    """The skill as it will be written: cleaned; UsageError when empty or too long."""
    text = clean_skill(skill)
    if not skill_key(text):
        raise UsageError("Name a skill (e.g. --skill vyper).")
    if len(skill.strip()) > MAX_SKILL:
        raise UsageError(f"A skill is at most {MAX_SKILL} characters.")
    return text


def check_community(community: str) -> str:
    text = clean_community(community)
    if len(community.strip()) > MAX_COMMUNITY:
        raise UsageError(f"A community name is at most {MAX_COMMUNITY} characters.")
    return text


def check_community_id(community: str) -> str:
    """A community named by its id (``3`` or ``#3``), as an acknowledgement must be: readers
    count one only from a moderator of that numbered community. UsageError otherwise."""
    text = check_community(community)
    if not is_digits(text.removeprefix("#")) or len(text) > 20:
        raise UsageError(
            f"{text!r} is not a community id.",
            hint="Name the community by its number, e.g. --community 3 (see `agora community list`).",
        )
    return text


def check_evidence(evidence: str) -> str:
    text = clean_evidence(evidence)
    if len(evidence.strip()) > MAX_EVIDENCE:
        raise UsageError(f"Evidence is at most {MAX_EVIDENCE} characters (a CID or post).")
    return text


def _attest(
    kind: str, schema: str, who: str, data: bytes, ref: str, summary: str,
    shown: tuple[tuple[str, str], ...], notes: tuple[str, ...],
) -> CallIntent:  # fmt: skip
    request = (
        bytes.fromhex(schema[2:]),
        (who, 0, True, bytes.fromhex(ref[2:]), data, 0),
    )  # (schema, (recipient, expirationTime, revocable, refUID, data, value))
    facts = tuple(f"{name}: {value}" for name, value in shown)
    return CallIntent(
        kind=kind, contract=EAS_KEY, function=eas.ATTEST, arg_names=("request",),
        args=(request,), summary=summary, notes=facts + notes,
    )  # fmt: skip


def endorse(recipient: str, skill: str, community: str = "", evidence: str = "") -> CallIntent:
    """Endorse ``recipient`` for a skill, optionally within a community and with evidence."""
    who = _recipient(recipient)
    skill = check_skill(skill)
    community = check_community(community)
    evidence = check_evidence(evidence)
    shown = (
        ("Schema", f"Agora skill endorsement {ENDORSEMENT_UID}"),
        ("Endorsed", who),
        ("Skill", skill),
        ("Community", community or "(none)"),
        ("Evidence", evidence or "(none)"),
    )
    where = f" in community {community}" if community else ""
    return _attest(
        "attest.endorse", ENDORSEMENT_UID, who, encode_claim(ENDORSEMENT, skill, community, evidence),
        eas.ZERO_UID, f"Endorse {who} for {skill!r}{where}", shown, (REVOCABLE_NOTE,),
    )  # fmt: skip


def acknowledge(
    recipient: str, skill: str, community: str, level: int, evidence: str = "",
    ref_uid: str = eas.ZERO_UID,
) -> CallIntent:  # fmt: skip
    """Acknowledge ``recipient`` as an expert of a community (as one of its moderators);
    ``ref_uid`` is the endorsement it stands on (zero when none)."""
    who = _recipient(recipient)
    skill = check_skill(skill)
    if not community.strip():
        raise UsageError("An expert acknowledgement names its community (--community).")
    community = check_community_id(community)
    if not 1 <= level <= MAX_LEVEL:
        raise UsageError(f"The level is 1 to {MAX_LEVEL}.")
    evidence = check_evidence(evidence)
    ref = check_uid(ref_uid) if ref_uid != eas.ZERO_UID else eas.ZERO_UID
    shown = (
        ("Schema", f"Agora expert acknowledgement {ACKNOWLEDGEMENT_UID}"),
        ("Expert", who),
        ("Skill", skill),
        ("Community", community),
        ("Level", str(level)),
        ("Evidence", evidence or "(none)"),
        ("Endorsement (refUID)", ref),
    )
    notes = (
        "It counts as an expert acknowledgement only if you moderate community "
        f"{community!r} when it lands; otherwise readers see an endorsement.",
        REVOCABLE_NOTE,
    )
    data = encode_claim(ACKNOWLEDGEMENT, skill, community, evidence, level)
    return _attest(
        "attest.acknowledge", ACKNOWLEDGEMENT_UID, who, data, ref,
        f"Acknowledge {who} as a level {level} expert in {skill!r} ({community})", shown, notes,
    )  # fmt: skip


def revoke(uid: str, schema: str) -> CallIntent:
    """Revoke one of the sender's own attestations under an Agora schema."""
    wanted = check_uid(uid)
    what = KINDS.get(schema.lower())
    if what is None:
        raise UsageError("Only Agora endorsements and acknowledgements can be revoked here.")
    request = (bytes.fromhex(schema[2:]), (bytes.fromhex(wanted[2:]), 0))
    return CallIntent(
        kind="attest.revoke", contract=EAS_KEY, function=eas.REVOKE, arg_names=("request",),
        args=(request,), summary=f"Revoke your {what} {wanted[:12]}…",
        notes=(
            f"Attestation: {wanted} (Agora {what})",
            "Revoking marks the attestation revoked for everyone; it cannot be undone.",
        ),
    )  # fmt: skip


def check_uid(value: str) -> str:
    """A 0x-prefixed 32-byte uid, lower-case (UsageError otherwise)."""
    text = value.strip().lower()
    body = text[2:] if text.startswith("0x") else text
    if len(body) != 64 or any(c not in "0123456789abcdef" for c in body):
        raise UsageError(f"Not an attestation uid: {clean_line(value, 80)!r} (0x + 64 hex digits).")
    return "0x" + body


def revoke_checked(rpc: Any, network: Network, uid: str, sender: str) -> CallIntent:
    """The revocation of ``uid`` after reading its record on chain now.

    Raises NotFoundError (no such attestation), UsageError (not an Agora schema, not the
    sender's, already revoked or not revocable): reasons EAS itself would revert with, told
    plainly before anything is simulated.
    """
    from tui.core.errors import NotFoundError

    wanted = check_uid(uid)
    record = eas.read_record(rpc, eas_address(network), wanted)
    if record is None:
        raise NotFoundError(f"No attestation {wanted} on {network.name}.")
    if record.schema not in KINDS:
        raise UsageError("That attestation is not an Agora endorsement or acknowledgement.")
    if record.attester != to_checksum(sender):
        raise UsageError(
            f"Only its attester ({record.attester}) can revoke this attestation.",
            hint="Switch to that account with --account.",
        )
    if record.revocation:
        raise UsageError("That attestation is already revoked.")
    if not record.revocable:
        raise UsageError("That attestation was made irrevocable.")
    return revoke(wanted, record.schema)
