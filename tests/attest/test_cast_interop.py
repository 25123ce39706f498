"""Interop with Foundry's cast: an attestation cast makes under Agora's schema shows in Agora,
and one Agora makes decodes with cast."""

from __future__ import annotations

import subprocess

from tests.attest.conftest import ADDRESSES, EasChain
from tests.conftest import DEV_KEYS
from tui.core.attest.intents import endorse
from tui.core.attest.schemas import ENDORSEMENT_SCHEMA, ENDORSEMENT_UID
from tui.core.chain.foundry import find_tool
from tui.core.index import attestations

ATTEST = "attest((bytes32,(address,uint64,bool,bytes32,bytes,uint256)))"
RECORD = "getAttestation(bytes32)((bytes32,bytes32,uint64,uint64,uint64,bytes32,address,address,bool,bytes))"


def cast(url: str, *args: str) -> str:
    result = subprocess.run(
        [str(find_tool("cast")), *args, *(("--rpc-url", url) if url else ())],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_an_attestation_made_with_cast_shows_in_agora(easchain: EasChain) -> None:
    url = easchain.rpc.url
    types = ",".join(part.split()[0] for part in ENDORSEMENT_SCHEMA.split(","))
    data = cast("", "abi-encode", f"f({types})", "Solidity", "12", "bafkreicast")
    request = f"({ENDORSEMENT_UID},({ADDRESSES[1]},0,true,0x{'00' * 32},{data},0))"
    cast(url, "send", easchain.eas, ATTEST, request, "--private-key", DEV_KEYS[2])
    easchain.index()
    (item,) = attestations.about(easchain.conn, ADDRESSES[1])
    assert (item.attester, item.skill, item.community, item.evidence) == (
        ADDRESSES[2], "Solidity", "12", "bafkreicast",
    )  # fmt: skip


def test_an_attestation_made_by_agora_decodes_with_cast(easchain: EasChain) -> None:
    uid = easchain.send(endorse(ADDRESSES[1], "Vyper", "7", "bafkreiagora"))
    record = cast(easchain.rpc.url, "call", easchain.eas, RECORD, uid)
    assert uid in record and ENDORSEMENT_UID in record
    data = record.rstrip(")").rsplit(", ", 1)[1]
    decoded = cast("", "abi-decode", "f()(string,string,string)", data).splitlines()
    assert decoded == ['"Vyper"', '"7"', '"bafkreiagora"']
