"""Agora's two EAS schemas and their UIDs, as constants (no hashing at import).

The index imports this when it connects, before the first paint, so it must not load the
keccak backend: the UIDs are written out here, and ``tests/attest/test_rules.py`` and every
deployment (``register_schemas``) check them against ``keccak256(schema, resolver, revocable)``.
"""

from __future__ import annotations

ENDORSEMENT_SCHEMA = "string skill,string community,string evidenceCid"
"""A skill endorsement; the attestation's recipient is the person endorsed."""
ACKNOWLEDGEMENT_SCHEMA = "string skill,string community,uint8 level,string evidenceCid"
"""An expert acknowledgement by a community's moderator; ``refUID`` names an endorsement."""
ENDORSEMENT_UID = "0x3d08fe55c49dc6f01b5c30b2cb27905bff417124625f621d43a4805d6a3c2eb7"
ACKNOWLEDGEMENT_UID = "0x7452f18ad9e6b4056ee3c95b6444ffc4c8ecb4400fce94666f3e935644e20ec3"
SCHEMAS = {ENDORSEMENT_UID: ENDORSEMENT_SCHEMA, ACKNOWLEDGEMENT_UID: ACKNOWLEDGEMENT_SCHEMA}
"""Schema UID -> schema string: every attestation under another schema is ignored."""
