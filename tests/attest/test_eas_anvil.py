"""EAS from the vendored bytecode on a real anvil: schemas, attest, revoke, and what counts."""

from __future__ import annotations

from tests.attest.conftest import ADDRESSES, EasChain, calldata, deploy_fake_communities
from tests.conftest import DEV_KEYS
from tui.core.attest import eas
from tui.core.attest.deploy import ensure_eas, registered
from tui.core.attest.intents import acknowledge, endorse, revoke
from tui.core.attest.schemas import (
    ACKNOWLEDGEMENT_SCHEMA,
    ACKNOWLEDGEMENT_UID,
    ENDORSEMENT_SCHEMA,
    ENDORSEMENT_UID,
    encode_claim,
)
from tui.core.chain.deploy import send_transaction
from tui.core.chain.extensions import KeyDeployer
from tui.core.index import attestations

ALICE, BOB, CAROL = ADDRESSES[0], ADDRESSES[1], ADDRESSES[2]


def test_devnet_eas_sits_at_the_op_stack_predeploys_with_agora_schemas(easchain: EasChain) -> None:
    assert easchain.eas == eas.OP_STACK_EAS
    assert easchain.registry == eas.OP_STACK_REGISTRY
    assert registered(easchain.rpc, easchain.registry, ENDORSEMENT_UID) == ENDORSEMENT_SCHEMA
    assert registered(easchain.rpc, easchain.registry, ACKNOWLEDGEMENT_UID) == (
        ACKNOWLEDGEMENT_SCHEMA
    )
    # The registry's own answer to register() is the UID computed locally.
    again = ensure_eas(easchain.rpc, KeyDeployer(easchain.rpc, DEV_KEYS[0]))
    assert again == {"eas": easchain.eas, "schema_registry": easchain.registry}


def test_an_endorsement_is_indexed_and_counts(easchain: EasChain) -> None:
    uid = easchain.send(endorse(BOB, "Vyper", "7", "bafkreiexample"))
    assert easchain.index() == 1
    (item,) = attestations.about(easchain.conn, BOB)
    assert (item.uid, item.kind, item.attester, item.skill, item.community) == (
        uid, "endorsement", ALICE, "Vyper", "7",
    )  # fmt: skip
    assert item.evidence == "bafkreiexample"
    assert attestations.by(easchain.conn, ALICE) == [item]


def test_a_revoked_endorsement_is_dropped_though_eas_still_calls_it_valid(
    easchain: EasChain,
) -> None:
    uid = easchain.send(endorse(BOB, "Vyper"))
    easchain.send(revoke(uid, ENDORSEMENT_UID))
    valid = easchain.rpc.eth_call(
        easchain.eas, calldata("isAttestationValid(bytes32)", ["bytes32"], [bytes.fromhex(uid[2:])])
    )
    assert int(valid, 16) == 1  # EAS's own check: still "valid" after revocation
    easchain.index()
    assert attestations.about(easchain.conn, BOB) == []
    assert attestations.record(easchain.conn, uid) is not None


def test_self_attestations_are_dropped(easchain: EasChain) -> None:
    easchain.send(endorse(ALICE, "Vyper"))
    easchain.index()
    assert attestations.about(easchain.conn, ALICE) == []


def test_expired_attestations_are_dropped(easchain: EasChain) -> None:
    now = easchain.now()
    data = encode_claim("endorsement", "Rust", "", "")
    easchain.raw_attest(ENDORSEMENT_UID, BOB, data, expiration=now + 1000)
    easchain.index()
    assert [e.skill for e in attestations.about(easchain.conn, BOB, now=now)] == ["Rust"]
    assert attestations.about(easchain.conn, BOB, now=now + 1000) == []


def test_attestations_under_other_schemas_are_ignored(easchain: EasChain) -> None:
    other = "string skill,string community,string evidenceCid,bool extra"
    send_transaction(easchain.rpc, DEV_KEYS[0], easchain.registry, eas.register_data(other))
    from eth_abi import encode

    easchain.raw_attest(
        eas.schema_uid(other),
        BOB,
        encode(["string", "string", "string", "bool"], ["x", "", "", True]),
    )
    easchain.index()
    assert easchain.conn.execute("SELECT COUNT(*) FROM eas_attested").fetchone()[0] == 0
    assert attestations.about(easchain.conn, BOB) == []


def test_data_that_does_not_decode_is_invalid_not_a_crash(easchain: EasChain) -> None:
    easchain.raw_attest(ENDORSEMENT_UID, BOB, b"\x00" * 31 + b"\xff")
    easchain.raw_attest(ENDORSEMENT_UID, BOB, encode_claim("endorsement", "\u200b", "", ""))
    easchain.index()
    assert attestations.about(easchain.conn, BOB) == []


def test_hostile_strings_are_sanitised(easchain: EasChain) -> None:
    hostile = "\x1b]52;c;cm0gLXJmIH4=\x07Vy\u202eper[@click=app.quit]"
    easchain.raw_attest(ENDORSEMENT_UID, BOB, encode_claim("endorsement", hostile, "\x1b[2J", "x"))
    easchain.index()
    (item,) = attestations.about(easchain.conn, BOB)
    assert "\x1b" not in item.skill and "\x07" not in item.skill and "\u202e" not in item.skill
    assert "\x1b" not in item.community
    assert len(item.skill) <= 48


def test_acknowledgement_by_a_non_moderator_shows_as_an_endorsement(easchain: EasChain) -> None:
    easchain.communities = deploy_fake_communities(easchain.rpc)
    ref = easchain.send(endorse(BOB, "Vyper", "3"), key=2)
    easchain.send(acknowledge(BOB, "Vyper", "3", 4, ref_uid=ref))
    easchain.index()
    items = {e.attester: e for e in attestations.about(easchain.conn, BOB)}
    assert items[ALICE].kind == "endorsement"
    assert items[ALICE].claimed == "acknowledgement"
    assert attestations.experts(easchain.conn, "3") == []


def test_acknowledgement_by_a_moderator_at_that_time_counts(easchain: EasChain) -> None:
    easchain.communities = communities = deploy_fake_communities(easchain.rpc)
    set_mod = calldata(
        "setModerator(uint256,address,bool)", ["uint256", "address", "bool"], [3, ALICE, True]
    )
    send_transaction(easchain.rpc, DEV_KEYS[0], communities, set_mod)
    uid = easchain.send(acknowledge(BOB, "Vyper", "3", 4))
    # No longer a moderator afterwards: the acknowledgement was made while one, so it counts.
    unset = calldata(
        "setModerator(uint256,address,bool)", ["uint256", "address", "bool"], [3, ALICE, False]
    )
    send_transaction(easchain.rpc, DEV_KEYS[0], communities, unset)
    late = easchain.send(acknowledge(CAROL, "Vyper", "3", 2))
    easchain.index()
    (expert,) = attestations.experts(easchain.conn, "3")
    assert (expert.uid, expert.recipient, expert.level) == (uid, BOB, 4)
    (demoted,) = attestations.about(easchain.conn, CAROL)
    assert (demoted.uid, demoted.kind) == (late, "endorsement")
    # Posts by acknowledged experts carry a badge in that community, and only there.
    assert attestations.expert_badges(easchain.conn, "3") == {BOB: "★ expert: Vyper (level 4)"}
    assert attestations.expert_badges(easchain.conn, "4") == {}
