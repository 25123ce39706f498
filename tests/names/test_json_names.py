"""``--json`` outputs carry the verified ENS name beside each person's address, from the cache
(no network call offline), and in one batch for what the cache lacks after a catch-up."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli_wallet.test_cli_flows import agora
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.index.kit import Agora
from tests.names.test_cli import named as named
from tui.core.chain.deploy import send_transaction
from tui.core.ens.annotate import annotate, person_addresses, with_names
from tui.core.ens.deploy import EnsDeployment
from tui.core.ens.records import register_steps

ADA = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3"


class FakeCache:
    """An in-memory stand-in for ``EnsCache.get`` (primary names by checksum address)."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.asked: list[str] = []

    def get(self, kind: str, key: str) -> str | None:
        self.asked.append(key)
        return self.names.get(key) if kind == "primary" else None


def test_names_go_beside_every_person_key() -> None:
    doc: Any = {
        "post": {"author": ADA, "text": "0x" + "1" * 40, "token": TOKEN},
        "replies": [{"author": BOB, "reposted_by": ADA}],
    }
    assert person_addresses(doc) == {ADA, BOB}
    out = with_names(doc, {ADA.lower(): "ada.eth"})
    assert list(out["post"]) == ["author", "author_ens", "text", "token"]
    assert out["post"]["author_ens"] == "ada.eth" and "token_ens" not in out["post"]
    assert out["replies"][0] == {
        "author": BOB, "author_ens": None, "reposted_by": ADA, "reposted_by_ens": "ada.eth"
    }  # fmt: skip


def test_cache_first_then_one_batch_for_the_rest() -> None:
    cache = FakeCache({ADA: "ada.eth", BOB: ""})  # "" is a cached "no name"
    batches: list[list[str]] = []

    def lookup(addresses: list[str]) -> dict[str, str | None]:
        batches.append(addresses)
        return dict.fromkeys(addresses, "carol.eth")

    doc = [{"author": ADA}, {"author": BOB}, {"actor": TOKEN}, {"author": ADA}]
    out = annotate(doc, cache, lookup=lookup)
    assert [d.get("author_ens", d.get("actor_ens")) for d in out] == [
        "ada.eth", None, "carol.eth", "ada.eth"
    ]  # fmt: skip
    assert batches == [[TOKEN]]
    offline = annotate(doc, FakeCache({}), lookup=None)
    assert [d.get("author_ens", "x") for d in offline] == [None, None, "x", None]


def test_cli_json_outputs_name_authors(named: tuple[Agora, Path]) -> None:
    kit, _pw = named
    ens = EnsDeployment.from_contracts(kit.deployment.contracts)
    assert ens is not None
    for step in register_steps(ens, "ada", DEV_ADDRESSES[1]):
        send_transaction(kit.rpc, DEV_KEYS[1], step.to, step.data)
    kit.post(1, "hello from ada")
    kit.post(2, "hello from a nameless one")

    ran = agora("timeline", "global", "--json")
    assert ran.returncode == 0, ran.stderr
    online = json.loads(ran.stdout)
    assert [(p["author"], p["author_ens"]) for p in online] == [
        (DEV_ADDRESSES[2], None), (DEV_ADDRESSES[1], "ada.eth")
    ]  # fmt: skip
    # Offline, against a node that cannot answer: the names come from the cache alone.
    down = ("--rpc-url", "http://127.0.0.1:9")
    offline = agora(*down, "timeline", "global", "--json", "--offline")
    assert offline.returncode == 0, offline.stderr
    assert [p["author_ens"] for p in json.loads(offline.stdout)] == [None, "ada.eth"]
    profile = json.loads(agora(*down, "profile", DEV_ADDRESSES[1], "--json", "--offline").stdout)
    assert profile["profile"]["address_ens"] == "ada.eth"
    assert profile["posts"][0]["author_ens"] == "ada.eth"
    thread = json.loads(agora(*down, "thread", "1", "--json", "--offline").stdout)
    assert thread["post"]["author_ens"] == "ada.eth"
