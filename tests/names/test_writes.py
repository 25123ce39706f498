"""Name writes through the outbox pipeline (retryable like any write), and the re-check of a
name right before signing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.actions.conftest import make_signer
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.names.conftest import EnsChain
from tui.core.actions import TxPipeline
from tui.core.actions.calls import build_call, stored_intent
from tui.core.config.settings import Network
from tui.core.content.store import LocalContentStore
from tui.core.ens import contracts as c
from tui.core.ens.normalize import namehash
from tui.core.ens.records import register_steps
from tui.core.ens.service import intent_for, recheck, resolve_target
from tui.core.errors import ChainError, UsageError


@pytest.fixture
def pipeline(ens_chain: EnsChain, isolated_home: Path) -> TxPipeline:
    d = deploy_contracts(ens_chain.rpc, DEV_KEYS[0], extensions=False)
    network = Network(
        name="testnet", rpc_url=ens_chain.rpc.url, chain_id=31337, social=d.social,
        articles=d.articles, deploy_block=d.block, contracts=ens_chain.ens.to_contracts(),
    )  # fmt: skip
    content = LocalContentStore(isolated_home / "content")
    return TxPipeline(isolated_home, network, ens_chain.rpc, content)


def test_register_through_the_outbox(ens_chain: EnsChain, pipeline: TxPipeline) -> None:
    signer = make_signer(1)
    for step in register_steps(ens_chain.ens, "ada", DEV_ADDRESSES[1]):
        prepared = pipeline.prepare(intent_for(step), DEV_ADDRESSES[1])
        entry = pipeline.submit(prepared, signer)
        pipeline.wait(entry.hash, timeout=30)
        assert pipeline.outcome(entry.hash).status == "confirmed"
        stored = pipeline.get(entry.hash)
        assert stored.kind == step.kind and stored.kind.startswith("name.")
        assert stored.to == step.to and stored.data == step.data
        # What the outbox kept rebuilds the very same call for a retry.
        again = build_call(stored_intent(stored.intent), pipeline.network, pipeline.content)
        assert (again.to, again.data) == (step.to, step.data)
    assert ens_chain.client().primary_name(DEV_ADDRESSES[1]).name == "ada.eth"


def test_a_name_that_moves_before_signing_aborts(ens_chain: EnsChain) -> None:
    ens_chain.register(1, "ada")
    client = ens_chain.client()
    target = resolve_target("ada.eth", client)
    assert target.text() == f"ada.eth → {DEV_ADDRESSES[1]}"
    recheck(target, client)  # unchanged: fine
    client.address("ada.eth")  # warm the cache with the old answer
    ens_chain.send(
        1, ens_chain.ens.resolver, c.encode("setAddr", namehash("ada.eth"), DEV_ADDRESSES[3])
    )
    with pytest.raises(ChainError, match="changed after you confirmed"):
        recheck(target, client)


def test_a_tip_confirmation_names_the_author_by_verified_ens_name(
    ens_chain: EnsChain, pipeline: TxPipeline
) -> None:
    from tui.core.actions.intents import PostIntent, TipIntent

    author = make_signer(1)
    entry = pipeline.submit(pipeline.prepare(PostIntent("hello"), DEV_ADDRESSES[1]), author)
    pipeline.wait(entry.hash, timeout=30)
    tip = pipeline.prepare(TipIntent(1, 10**15), DEV_ADDRESSES[2])
    assert tip.confirmation.payee is not None and tip.confirmation.payee.ens_name == ""
    ens_chain.register(1, "ada")
    tip = pipeline.prepare(TipIntent(1, 10**15), DEV_ADDRESSES[2])
    payee = tip.confirmation.payee
    assert payee is not None and payee.ens_name == "ada.eth"
    assert f"ada.eth (ENS, verified both ways) {DEV_ADDRESSES[1]}" in payee.text()
    assert tip.confirmation.to_json()["payee"]["ens_name"] == "ada.eth"


def test_registration_is_planned_from_the_chain_and_resumes(ens_chain: EnsChain) -> None:
    from tui.core.ens.records import next_register_step

    ens, rpc = ens_chain.ens, ens_chain.rpc
    kinds = []
    for _ in range(4):
        step, last = next_register_step(rpc, ens, "ada", DEV_ADDRESSES[1])
        kinds.append(step.kind)
        ens_chain.send(1, step.to, step.data)
        if kinds == ["name.register"]:  # stopped after the first step, then asked again
            again, _ = next_register_step(rpc, ens, "ada", DEV_ADDRESSES[1])
            assert again.kind == "name.resolver"
    assert kinds == ["name.register", "name.resolver", "name.records", "name.primary"]
    assert last
    step, last = next_register_step(rpc, ens, "ada", DEV_ADDRESSES[1])
    assert (step.kind, last) == ("name.primary", True)  # all set: only the primary name again
    with pytest.raises(UsageError, match="already registered"):
        next_register_step(rpc, ens, "ada", DEV_ADDRESSES[2])
