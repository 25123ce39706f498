"""Agora's two EAS schemas, their UIDs, and the data each attestation carries.

Both are registered without a resolver and revocable, so their UIDs are the same on every
chain (a pure function of the schema string): Agora finds its attestations anywhere by UID.
Skill and community strings come from strangers: they are sanitised, capped and normalised
here (``skill_key``) so that look-alike spellings count as one skill, not two.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tui.core.attest.uids import (  # re-exported: the schema module is where readers look
    ACKNOWLEDGEMENT_SCHEMA as ACKNOWLEDGEMENT_SCHEMA,
)
from tui.core.attest.uids import ACKNOWLEDGEMENT_UID as ACKNOWLEDGEMENT_UID
from tui.core.attest.uids import ENDORSEMENT_SCHEMA as ENDORSEMENT_SCHEMA
from tui.core.attest.uids import ENDORSEMENT_UID as ENDORSEMENT_UID
from tui.core.attest.uids import SCHEMAS as SCHEMAS
from tui.core.names import fold
from tui.core.text import clean_identity

ENDORSEMENT = "endorsement"
ACKNOWLEDGEMENT = "acknowledgement"
KINDS = {ENDORSEMENT_UID: ENDORSEMENT, ACKNOWLEDGEMENT_UID: ACKNOWLEDGEMENT}

MAX_SKILL = 48
"""Characters kept of a skill: a label, not a paragraph."""
MAX_COMMUNITY = 64
MAX_EVIDENCE = 120
"""A CID, an ``ipfs://`` link or a post reference fits; anything longer is cut."""
MAX_LEVEL = 5
"""Acknowledgement levels run 1..5 (1 = practitioner, 5 = authority)."""
MAX_DATA = 4096
"""Attestation data bigger than this is not decoded (a hostile record must not cost much)."""

# Look-alikes beyond the ones profile names fold (tui.core.names.fold): a skill is compared
# after both, so "руthon" (Cyrillic р, у) and "python" are one skill.
_MORE_LOOKALIKES = str.maketrans(
    {"в": "b", "к": "k", "м": "m", "н": "h", "т": "t", "ј": "j", "ɡ": "g", "ո": "n", "օ": "o",
     "ρ": "p", "τ": "t", "υ": "u", "κ": "k", "ӏ": "l"}
)  # fmt: skip
_SEPARATORS = str.maketrans({"_": " ", "-": " ", ".": " ", "/": " ", "·": " "})


def clean_skill(text: str) -> str:
    """A skill as shown: one sanitised line, invisible characters dropped, capped."""
    return clean_identity(unicodedata.normalize("NFKC", str(text)), MAX_SKILL)


@lru_cache(maxsize=65_536)
def skill_key(text: str) -> str:
    """The form skills are compared and grouped by: look-alikes and case folded away.

    NFKC folds full-width and compatibility forms, ``casefold`` case, the look-alike tables
    Cyrillic and Greek letters that render as Latin ones; separators become spaces.
    """
    folded = fold(clean_skill(text)).translate(_MORE_LOOKALIKES)
    return " ".join(folded.translate(_SEPARATORS).split())


def clean_community(text: str) -> str:
    return clean_identity(unicodedata.normalize("NFKC", str(text)), MAX_COMMUNITY)


def clean_evidence(text: str) -> str:
    return clean_identity(str(text), MAX_EVIDENCE)


@dataclass(frozen=True, slots=True)
class Claim:
    """What one attestation says, decoded and cleaned (``level`` is 0 for an endorsement)."""

    kind: str
    skill: str
    community: str
    level: int
    evidence: str

    @property
    def key(self) -> str:
        return skill_key(self.skill)


def encode_claim(kind: str, skill: str, community: str, evidence: str, level: int = 0) -> bytes:
    """The attestation data for a claim (raw user text: the caller validated it)."""
    from eth_abi import encode

    if kind == ACKNOWLEDGEMENT:
        return encode(["string", "string", "uint8", "string"], [skill, community, level, evidence])
    return encode(["string", "string", "string"], [skill, community, evidence])


@lru_cache(maxsize=8192)  # data is at most MAX_DATA bytes: a bounded cache, even when hostile
def decode_claim(schema: str, data: bytes) -> Claim | None:
    """Decode an attestation's data under one of our schemas; None when it does not decode.

    Cached: a record never changes (its uid hashes its data), and views such as a community
    timeline's expert badges judge the same records on every page.

    Invalid UTF-8 is replaced, every string is cleaned and capped, and a level outside 1..5 or
    an empty skill makes the claim invalid.
    """
    from eth_abi import decode

    kind = KINDS.get(schema.lower())
    if kind is None or len(data) > MAX_DATA:
        return None
    types = (
        ["bytes", "bytes", "uint8", "bytes"] if kind == ACKNOWLEDGEMENT else ["bytes"] * 3
    )  # strings as bytes: eth_abi refuses invalid UTF-8, we replace it
    try:
        values = decode(types, data, strict=False)
    except Exception:
        return None
    text = [v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in values]
    level = int(text[2]) if kind == ACKNOWLEDGEMENT else 0
    skill = clean_skill(str(text[0]))
    if not skill_key(skill) or (kind == ACKNOWLEDGEMENT and not 1 <= level <= MAX_LEVEL):
        return None
    return Claim(
        kind=kind,
        skill=skill,
        community=clean_community(str(text[1])),
        level=level,
        evidence=clean_evidence(str(text[-1])),
    )
