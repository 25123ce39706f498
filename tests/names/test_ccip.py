"""CCIP-Read on anvil: an offchain resolver's lookups are followed only when allowed, through a
gateway that answers (or lies, or loops), within the hop limit and only for the callee."""

from __future__ import annotations

from typing import Any

import pytest
from eth_abi import decode, encode

from tests.names.conftest import ADDRESSES, EnsChain, deploy_helper
from tui.core.ens import contracts as c
from tui.core.ens.ccip import BATCH_QUERY, GatewayError, OffchainCaller, https_gateway
from tui.core.ens.client import EnsClient
from tui.core.ens.normalize import namehash

GATEWAY = "https://gateway.example/{sender}/{data}.json"


class FakeGateway:
    """In-memory stand-in for an https gateway (named as a fake): answers an address."""

    def __init__(self, answer: bytes | None = None, *, fail: bool = False) -> None:
        self.answer = answer if answer is not None else encode(["address"], [ADDRESSES[2]])
        self.fail = fail
        self.requests: list[tuple[str, str, str]] = []

    def __call__(self, url: str, sender: str, data: str) -> bytes:
        self.requests.append((url, sender, data))
        if self.fail:
            raise GatewayError("down")
        return self.answer


def _offchain(chain: EnsChain, loops: int = 0, claimed: str | None = None) -> str:
    sender = claimed or "0x" + "00" * 20
    resolver = deploy_helper(
        chain.rpc, "Offchain", ["string", "uint256", "address"], [GATEWAY, loops, sender]
    )
    chain.register(1, "off")
    chain.send(1, chain.ens.registry, c.encode("setResolver", namehash("off.eth"), resolver))
    return resolver


def _client(chain: EnsChain, gateway: Any, allow: bool = True) -> EnsClient:
    client = EnsClient.direct(chain.rpc, chain.ens.registry, offchain=allow)
    client.strategy.calls.gateway = gateway  # type: ignore[attr-defined]
    return client


def test_off_by_default_and_followed_when_allowed(ens_chain: EnsChain) -> None:
    _offchain(ens_chain)
    gateway = FakeGateway()
    assert _client(ens_chain, gateway, allow=False).address("off.eth") is None
    assert gateway.requests == []  # nothing left the machine
    assert _client(ens_chain, gateway).address("off.eth") == ADDRESSES[2]
    ((url, _sender, data),) = gateway.requests
    assert url == GATEWAY and data == "0x" + namehash("off.eth").hex()


@pytest.mark.parametrize(
    ("loops", "claimed", "gateway", "expected"),
    [
        (3, None, FakeGateway(), ADDRESSES[2]),  # 4 lookups: within the limit
        (10, None, FakeGateway(), None),  # loops past the hop limit
        (0, ADDRESSES[3], FakeGateway(), None),  # asks on behalf of another contract
        (0, None, FakeGateway(b"\x01\x02junk"), None),  # the gateway lies
        (0, None, FakeGateway(fail=True), None),  # the gateway is down
    ],
    ids=["hops-ok", "hop-limit", "wrong-sender", "junk-answer", "gateway-down"],
)
def test_hostile_lookups_give_no_answer(
    ens_chain: EnsChain, loops: int, claimed: str | None, gateway: FakeGateway, expected: Any
) -> None:
    _offchain(ens_chain, loops, claimed)
    assert _client(ens_chain, gateway).address("off.eth") == expected
    assert len(gateway.requests) <= 5


def test_local_batch_gateway_answers_each_request() -> None:
    gateway = FakeGateway(b"\xaa")
    caller = OffchainCaller(rpc=None, allow=True, gateway=gateway)  # type: ignore[arg-type]
    query = bytes.fromhex(BATCH_QUERY) + encode(
        ["(address,string[],bytes)[]"],
        [[(ADDRESSES[0], [GATEWAY], b"\x01"), (ADDRESSES[1], ["x-batch-gateway:true"], b"")]],
    )
    failures, responses = decode(["bool[]", "bytes[]"], caller._local_batch(query))
    assert list(failures) == [False, True] and list(responses) == [b"\xaa", b""]


@pytest.mark.parametrize(
    "url", ["http://gateway.example/{data}", "file:///etc/passwd", "https://a b/{data}"]
)
def test_only_https_gateways(url: str) -> None:
    with pytest.raises(GatewayError):
        https_gateway(url, ADDRESSES[0], "0x01")
