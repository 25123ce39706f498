"""ENS against its real bytecode on anvil: register, resolve, reverse, spoofs, wildcards, junk."""

from __future__ import annotations

import pytest

from tests.names.conftest import ADDRESSES, EnsChain, deploy_helper
from tui.core.ens import contracts as c
from tui.core.ens.client import EnsClient
from tui.core.ens.normalize import InvalidName, namehash
from tui.core.ens.records import primary_step


def test_register_resolves_both_ways(ens_chain: EnsChain) -> None:
    ens_chain.register(1, "ada")
    client = ens_chain.client()
    assert client.address("ADA.eth") == ADDRESSES[1]
    primary = client.primary_name(ADDRESSES[1])
    assert primary.verified and primary.name == "ada.eth"


def test_no_name_and_unknown_name(ens_chain: EnsChain) -> None:
    client = ens_chain.client()
    assert client.address("nobody.eth") is None
    assert client.primary_name(ADDRESSES[2]).name is None
    assert client.primary_name(ADDRESSES[2]).claimed is None


def test_spoofed_reverse_record_is_rejected(ens_chain: EnsChain) -> None:
    ens_chain.register(1, "ada")
    step = primary_step(ens_chain.ens, "ada.eth")
    ens_chain.send(2, step.to, step.data)  # Bob claims to be ada.eth
    primary = ens_chain.client().primary_name(ADDRESSES[2])
    assert not primary.verified
    assert primary.claimed == "ada.eth"
    assert ADDRESSES[1] in primary.reason


def test_unnormalised_reverse_record_is_rejected(ens_chain: EnsChain) -> None:
    ens_chain.register(1, "ada")
    data = c.encode("reverseSetName", "ADA.eth")  # raw, bypassing Agora's normalisation
    ens_chain.send(1, ens_chain.ens.reverse, data)
    primary = ens_chain.client().primary_name(ADDRESSES[1])
    assert not primary.verified and "normalised" in primary.reason


def test_address_change_breaks_verification(ens_chain: EnsChain) -> None:
    ens_chain.register(1, "ada")
    ens_chain.send(
        1, ens_chain.ens.resolver, c.encode("setAddr", namehash("ada.eth"), ADDRESSES[3])
    )
    client = ens_chain.client()
    assert client.address("ada.eth") == ADDRESSES[3]
    assert not client.primary_name(ADDRESSES[1]).verified


def test_text_record_avatar(ens_chain: EnsChain) -> None:
    ens_chain.register(1, "ada", avatar="ipfs://bafkreiexample")
    assert ens_chain.client().text("ada.eth", "avatar") == "ipfs://bafkreiexample"
    assert ens_chain.client().text("ada.eth", "url") is None


def test_batched_primary_names_match_one_by_one(ens_chain: EnsChain) -> None:
    ens_chain.register(1, "ada")
    ens_chain.register(2, "grace")
    step = primary_step(ens_chain.ens, "ada.eth")
    ens_chain.send(3, step.to, step.data)  # a spoof in the batch
    client = ens_chain.client()
    many = client.primary_names(ADDRESSES)
    for address in ADDRESSES:
        assert many[address] == client.primary_name(address)
    assert [many[a].name for a in ADDRESSES] == [None, "ada.eth", "grace.eth", None]


def test_wildcard_resolver(ens_chain: EnsChain) -> None:
    ens_chain.register(1, "wild")
    wildcard = deploy_helper(ens_chain.rpc, "Wildcard", ["address"], [ADDRESSES[2]])
    ens_chain.send(
        1, ens_chain.ens.registry, c.encode("setResolver", namehash("wild.eth"), wildcard)
    )
    client = ens_chain.client()
    assert client.address("anything.wild.eth") == ADDRESSES[2]
    assert client.address("a.b.wild.eth") == ADDRESSES[2]
    assert client.address("wild.eth") is None  # its own resolver's addr() does not exist


@pytest.mark.parametrize("resolver", ["junk", "registry", "eoa"])
def test_hostile_resolvers_give_no_answer(ens_chain: EnsChain, resolver: str) -> None:
    ens_chain.register(1, "ada")
    target = {
        "junk": lambda: deploy_helper(ens_chain.rpc, "Junk", [], []),
        "registry": lambda: ens_chain.ens.registry,  # no addr(): reverts
        "eoa": lambda: ADDRESSES[3],  # no code: empty answer
    }[resolver]()
    ens_chain.send(1, ens_chain.ens.registry, c.encode("setResolver", namehash("ada.eth"), target))
    client = ens_chain.client()
    assert client.address("ada.eth") is None
    assert not client.primary_name(ADDRESSES[1]).verified


def test_resolve_input(ens_chain: EnsChain) -> None:
    ens_chain.register(1, "ada")
    client: EnsClient = ens_chain.client()
    assert client.resolve_input("Ada.eth") == (ADDRESSES[1], "ada.eth")
    assert client.resolve_input(ADDRESSES[2].lower()) == (ADDRESSES[2], None)
    with pytest.raises(InvalidName):
        client.resolve_input("аda.eth")  # Cyrillic а
    from tui.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        client.resolve_input("nobody.eth")
