"""Pure rules: schemas, claim codec, skill normalisation and which attestations count."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tui.contracts.eas import extract
from tui.core.attest import eas
from tui.core.attest.eas import Attestation
from tui.core.attest.rules import group_skills, judge
from tui.core.attest.schemas import (
    ACKNOWLEDGEMENT_UID,
    ENDORSEMENT_UID,
    decode_claim,
    encode_claim,
    skill_key,
)
from tui.core.chain.abi import signature

A = "0x" + "11" * 20
B = "0x" + "22" * 20
C = "0x" + "33" * 20


def record(
    attester: str = A, recipient: str = B, *, schema: str = ENDORSEMENT_UID, data: bytes = b"",
    uid: str = "0x" + "01" * 32, time: int = 100, expiration: int = 0, revocation: int = 0,
) -> Attestation:  # fmt: skip
    data = data or encode_claim("endorsement", "Vyper", "3", "")
    return Attestation(
        uid, schema, time, expiration, revocation, eas.ZERO_UID, recipient, attester, True, data
    )


def test_vendored_pin_and_the_calls_agora_encodes_match_the_abi() -> None:
    meta = json.loads((resources.files("tui.contracts.eas") / "VENDORED.json").read_text())
    assert (meta["package"], meta["version"], meta["integrity"], meta["licence"]) == (
        extract.PACKAGE, extract.VERSION, extract.INTEGRITY, "MIT",
    )  # fmt: skip
    abi = {signature(e) for e in eas.artifact("EAS")["abi"] if e["type"] == "function"}
    assert {eas.ATTEST, eas.REVOKE, eas.GET_ATTESTATION} <= abi
    registry = {
        signature(e) for e in eas.artifact("SchemaRegistry")["abi"] if e["type"] == "function"
    }
    assert {eas.REGISTER, eas.GET_SCHEMA} <= registry


def test_schema_uids_are_the_registry_formula() -> None:
    # keccak256(abi.encodePacked(schema, resolver, revocable)), the value easscan shows.
    assert eas.schema_uid("string skill,string community,string evidenceCid") == ENDORSEMENT_UID
    assert (
        eas.schema_uid("string skill,string community,string evidenceCid", revocable=False)
        != ENDORSEMENT_UID
    )


def test_look_alike_skills_are_one_skill() -> None:
    assert skill_key("Руthon") == skill_key("python") == skill_key("ＰＹＴＨＯＮ")
    assert skill_key("smart-contracts") == skill_key("Smart_Contracts")
    assert skill_key("py\u200bthon") == "python"
    assert skill_key("rust") != skill_key("python")


@given(st.text(max_size=200))
def test_skill_key_is_idempotent_and_one_clean_line(text: str) -> None:
    key = skill_key(text)
    assert skill_key(key) == key
    assert "\n" not in key and "\x1b" not in key and len(key) <= 48


@given(st.binary(max_size=600), st.sampled_from([ENDORSEMENT_UID, ACKNOWLEDGEMENT_UID]))
def test_decoding_arbitrary_data_never_raises(data: bytes, schema: str) -> None:
    claim = decode_claim(schema, data)
    assert claim is None or claim.skill


@given(st.text(min_size=1, max_size=40), st.integers(1, 5))
def test_claims_round_trip(skill: str, level: int) -> None:
    data = encode_claim("acknowledgement", skill, "3", "bafy", level)
    claim = decode_claim(ACKNOWLEDGEMENT_UID, data)
    if skill_key(skill):
        assert claim is not None and claim.level == level and claim.key == skill_key(skill)


def test_levels_outside_one_to_five_are_invalid() -> None:
    assert (
        decode_claim(ACKNOWLEDGEMENT_UID, encode_claim("acknowledgement", "x", "3", "", 9)) is None
    )


def test_verdicts() -> None:
    assert judge(record(A, A), 200) == "self"
    assert judge(record(revocation=150), 200) == "revoked"
    assert judge(record(), 200, revoked=True) == "revoked"
    assert judge(record(expiration=200), 200) == "expired"
    assert judge(record(schema="0x" + "99" * 32), 200) == "unknown-schema"
    assert judge(record(data=b"\x01"), 200) == "invalid"
    ok = judge(record(expiration=201), 200)
    assert not isinstance(ok, str) and ok.skill == "Vyper"


def test_acknowledgements_need_a_moderator_at_that_time() -> None:
    data = encode_claim("acknowledgement", "Vyper", "3", "", 4)
    ack = record(schema=ACKNOWLEDGEMENT_UID, data=data)
    plain = judge(ack, 200)
    assert not isinstance(plain, str) and (plain.kind, plain.level) == ("endorsement", 0)
    seen: list[tuple[str, str, int]] = []

    def moderator(community: str, who: str, at: int) -> bool:
        seen.append((community, who, at))
        return True

    expert = judge(ack, 200, is_moderator=moderator)
    assert not isinstance(expert, str) and (expert.kind, expert.level) == ("acknowledgement", 4)
    assert seen == [("3", A, 100)]


def test_skills_group_by_key_with_followed_endorsers_first() -> None:
    items = []
    for i, (who, skill) in enumerate([(A, "Python"), (C, "руthon"), (A, "python"), (C, "Rust")]):
        got = judge(record(who, B, uid=f"0x{i:064x}", time=100 + i,
                           data=encode_claim("endorsement", skill, "", "")), 500)  # fmt: skip
        assert not isinstance(got, str)
        items.append(got)
    groups = group_skills(items, followed=frozenset({A}))
    assert [g.key for g in groups] == ["python", "rust"]
    assert [e.attester for e in groups[0].endorsements] == [A, C]  # one per attester


@given(
    st.binary(min_size=32, max_size=32).filter(any), st.integers(0, 2**64 - 1),
    st.booleans(), st.binary(max_size=300),
)  # fmt: skip
def test_the_hand_decoder_agrees_with_eth_abi(
    uid: bytes, time: int, revocable: bool, data: bytes
) -> None:
    from eth_abi import encode

    record = (uid, bytes(32), time, 0, 7, b"\x01" * 32, A, B, revocable, data)
    raw = encode(
        ["(bytes32,bytes32,uint64,uint64,uint64,bytes32,address,address,bool,bytes)"], [record]
    )
    got = eas.decode_attestation(raw.hex())
    assert got is not None
    assert (got.uid, got.time, got.revocation, got.revocable, got.data) == (
        "0x" + uid.hex(), time, 7, revocable, data,
    )  # fmt: skip
    assert got.recipient.lower() == A and got.attester.lower() == B


@given(st.binary(max_size=1000))
def test_the_hand_decoder_never_raises(raw: bytes) -> None:
    eas.decode_attestation(raw.hex())


def test_views_on_an_index_without_the_attestation_tables_are_empty(tmp_path: Path) -> None:
    import sqlite3

    from tui.core.index import attestations

    conn = sqlite3.connect(tmp_path / "old.sqlite")  # no source DDL ran on it
    assert attestations.about(conn, A) == []
    assert attestations.record(conn, "0x" + "00" * 32) is None


def test_a_hostile_skill_reaches_the_badge_only_as_clean_plain_text() -> None:
    """A skill written to break the terminal or inject markup shows as inert text."""
    from textual.content import Content

    from tui.core.index import attestations
    from tui.core.index.schema import connect
    from tui.ui.backends.fake_communities import BRENDAN, CHIDI, _Writer

    conn = connect(":memory:")
    w = _Writer(conn)
    w.create(1, BRENDAN, "Hostile", "skills")
    hostile = "\x1b]52;c;cm0gLXJm\x07Vy\u202eper[@click=app.quit][/]"
    w.acknowledge(1, BRENDAN, CHIDI, hostile, 3, moderator=True)
    badge = attestations.expert_badges(conn, "1")[CHIDI]
    assert badge.startswith("★ expert: ") and badge.endswith("(level 3)")
    assert not any(ch in badge for ch in "\x1b\x07\u202e")
    shown = Content.from_markup(" [$accent b]$badge[/]", badge=badge)  # as the screens draw it
    assert "[@click=app.quit][/]" in shown.plain
