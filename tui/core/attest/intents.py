"""Endorse, acknowledge, revoke: intents that become EAS calls through the usual pipeline.

They build their own ``ContractCall`` (``to_call``) because EAS is a vendored third-party ABI,
not one of Agora's artifacts; the outbox keeps the exact calldata, so a retry re-sends the
same attestation. What the user typed is validated and cleaned here, before anything exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.core.actions.calls import ContractCall
from tui.core.actions.confirmation import PUBLIC
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
from tui.core.text import clean_line

if TYPE_CHECKING:
    from tui.core.config.settings import Network
    from tui.core.content.store import BlockStore

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


def check_evidence(evidence: str) -> str:
    text = clean_evidence(evidence)
    if len(evidence.strip()) > MAX_EVIDENCE:
        raise UsageError(f"Evidence is at most {MAX_EVIDENCE} characters (a CID or post).")
    return text


def _call(
    kind: str, network: Network, function: str, shown: tuple[tuple[str, str], ...],
    calldata: str, summary: str, notes: tuple[str, ...],
) -> ContractCall:  # fmt: skip
    names = tuple(name for name, _ in shown)
    values = tuple(value for _, value in shown)
    return ContractCall(
        kind, "EAS", eas_address(network), function, names, values, 0, summary, PUBLIC,
        (), calldata, notes,
    )  # fmt: skip


@dataclass(frozen=True)
class EndorseIntent:
    """Endorse ``recipient`` for a skill, optionally within a community and with evidence."""

    recipient: str
    skill: str
    community: str = ""
    evidence: str = ""
    kind = "endorse"

    def to_call(self, network: Network, _content: BlockStore | None = None) -> ContractCall:
        who = _recipient(self.recipient)
        skill = check_skill(self.skill)
        community = check_community(self.community)
        evidence = check_evidence(self.evidence)
        data = encode_claim(ENDORSEMENT, skill, community, evidence)
        shown = (
            ("schema", f"Agora skill endorsement {ENDORSEMENT_UID}"),
            ("recipient", who),
            ("skill", skill),
            ("community", community or "(none)"),
            ("evidence", evidence or "(none)"),
        )
        where = f" in {community}" if community else ""
        return _call(
            self.kind, network, eas.ATTEST, shown, eas.attest_data(ENDORSEMENT_UID, who, data),
            f"Endorse {who} for {skill!r}{where}", (REVOCABLE_NOTE,),
        )  # fmt: skip


@dataclass(frozen=True)
class AcknowledgeIntent:
    """Acknowledge ``recipient`` as an expert of a community (as one of its moderators)."""

    recipient: str
    skill: str
    community: str
    level: int
    evidence: str = ""
    ref_uid: str = eas.ZERO_UID
    """The endorsement this acknowledgement stands on (zero when there is none)."""
    kind = "acknowledge"

    def to_call(self, network: Network, _content: BlockStore | None = None) -> ContractCall:
        who = _recipient(self.recipient)
        skill = check_skill(self.skill)
        community = check_community(self.community)
        if not community:
            raise UsageError("An expert acknowledgement names its community (--community).")
        if not 1 <= self.level <= MAX_LEVEL:
            raise UsageError(f"The level is 1 to {MAX_LEVEL}.")
        evidence = check_evidence(self.evidence)
        ref = check_uid(self.ref_uid) if self.ref_uid != eas.ZERO_UID else eas.ZERO_UID
        data = encode_claim(ACKNOWLEDGEMENT, skill, community, evidence, self.level)
        shown = (
            ("schema", f"Agora expert acknowledgement {ACKNOWLEDGEMENT_UID}"),
            ("recipient", who),
            ("skill", skill),
            ("community", community),
            ("level", str(self.level)),
            ("evidence", evidence or "(none)"),
            ("refUID", ref),
        )
        notes = (
            "It counts as an expert acknowledgement only if you moderate community "
            f"{community!r} when it lands; otherwise readers see an endorsement.",
            REVOCABLE_NOTE,
        )
        return _call(
            self.kind, network, eas.ATTEST, shown,
            eas.attest_data(ACKNOWLEDGEMENT_UID, who, data, ref_uid=ref),
            f"Acknowledge {who} as a level {self.level} expert in {skill!r} ({community})", notes,
        )  # fmt: skip


@dataclass(frozen=True)
class RevokeIntent:
    """Revoke one of the sender's own attestations under an Agora schema."""

    uid: str
    schema: str
    kind = "revoke-attestation"

    def to_call(self, network: Network, _content: BlockStore | None = None) -> ContractCall:
        uid = check_uid(self.uid)
        what = KINDS.get(self.schema.lower())
        if what is None:
            raise UsageError("Only Agora endorsements and acknowledgements can be revoked here.")
        shown = (("schema", f"Agora {what} {self.schema.lower()}"), ("uid", uid))
        return _call(
            self.kind, network, eas.REVOKE, shown, eas.revoke_data(self.schema, uid),
            f"Revoke your {what} {uid[:12]}…",
            ("Revoking marks the attestation revoked for everyone; it cannot be undone.",),
        )  # fmt: skip


def check_uid(value: str) -> str:
    """A 0x-prefixed 32-byte uid, lower-case (UsageError otherwise)."""
    text = value.strip().lower()
    body = text[2:] if text.startswith("0x") else text
    if len(body) != 64 or any(c not in "0123456789abcdef" for c in body):
        raise UsageError(f"Not an attestation uid: {clean_line(value, 80)!r} (0x + 64 hex digits).")
    return "0x" + body


def revoke_intent(rpc: Any, network: Network, uid: str, sender: str) -> RevokeIntent:
    """A RevokeIntent for ``uid`` after reading its record on chain now.

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
    return RevokeIntent(wanted, record.schema)
