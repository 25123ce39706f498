"""Endorse and revoke through the real outbox pipeline, indexed by the real indexer (EAS
deployed by the extension, its logs read by the event source, records fetched after sync)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.actions.conftest import make_signer
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tui.core.actions import Intent, TxPipeline
from tui.core.attest.eas import OP_STACK_EAS, uid_from_receipt
from tui.core.attest.intents import endorse, revoke_checked
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.store import LocalContentStore
from tui.core.errors import NotFoundError, UsageError
from tui.core.index import attestations
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex

BOB = DEV_ADDRESSES[1]


@pytest.fixture
def network(anvil: RpcClient) -> Network:
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    return Network(
        name="testnet", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
        contracts=dict(deployment.contracts),
    )  # fmt: skip


@pytest.fixture
def pipeline(anvil: RpcClient, network: Network, isolated_home: Path) -> TxPipeline:
    return TxPipeline(isolated_home, network, anvil, LocalContentStore(isolated_home / "content"))


def _send(pipeline: TxPipeline, intent: Intent) -> str:
    prepared = pipeline.prepare(intent, DEV_ADDRESSES[0])
    entry = pipeline.submit(prepared, make_signer(0))
    entry = pipeline.wait(entry.hash, timeout=30)
    assert entry.status == "confirmed"
    receipt = pipeline.rpc.receipt(entry.hash)
    assert receipt is not None
    return uid_from_receipt(receipt, pipeline.network.contracts["eas"])


def test_endorse_index_revoke(pipeline: TxPipeline, network: Network, tmp_path: Path) -> None:
    assert network.contracts["eas"] == OP_STACK_EAS
    prepared = pipeline.prepare(endorse(BOB, "Vyper", "3"), DEV_ADDRESSES[0])
    conf = prepared.confirmation
    assert conf.to == OP_STACK_EAS and conf.value_wei == 0
    assert f"Endorsed: {BOB}" in conf.notes and "Skill: Vyper" in conf.notes
    assert any("revoke" in note for note in conf.notes)
    uid = _send(pipeline, endorse(BOB, "Vyper", "3"))
    index = AgoraIndex(connect(tmp_path / "i.sqlite"), network, me=DEV_ADDRESSES[0])
    try:
        index.sync(rpc=pipeline.rpc)
        assert [e.uid for e in attestations.about(index.conn, BOB)] == [uid]
        # Only the attester may revoke; the check is made before anything is simulated.
        with pytest.raises(UsageError, match="Only its attester"):
            revoke_checked(pipeline.rpc, network, uid, BOB)
        with pytest.raises(NotFoundError):
            revoke_checked(pipeline.rpc, network, "0x" + "ab" * 32, DEV_ADDRESSES[0])
        _send(pipeline, revoke_checked(pipeline.rpc, network, uid, DEV_ADDRESSES[0]))
        index.sync(rpc=pipeline.rpc)
        assert attestations.about(index.conn, BOB) == []
        with pytest.raises(UsageError, match="already revoked"):
            revoke_checked(pipeline.rpc, network, uid, DEV_ADDRESSES[0])
    finally:
        index.close()


def test_a_reorg_removes_an_endorsement(
    pipeline: TxPipeline, network: Network, tmp_path: Path
) -> None:
    rpc = pipeline.rpc
    kept = _send(pipeline, endorse(BOB, "Vyper"))
    fork = rpc.call("evm_snapshot")
    _send(pipeline, endorse(BOB, "Rust"))
    index = AgoraIndex(connect(tmp_path / "i.sqlite"), network, me=DEV_ADDRESSES[0])
    try:
        index.sync(rpc=rpc)
        assert len(attestations.about(index.conn, BOB)) == 2
        rpc.call("evm_revert", [fork])
        rpc.call("anvil_mine", [hex(3)])
        assert index.sync(rpc=rpc).reorgs == 1
        assert [e.uid for e in attestations.about(index.conn, BOB)] == [kept]
    finally:
        index.close()


def test_bad_input_is_a_clear_error(pipeline: TxPipeline) -> None:
    with pytest.raises(UsageError, match="Not an address"):
        pipeline.prepare(endorse("bob", "Vyper"), DEV_ADDRESSES[0])
    with pytest.raises(UsageError, match="Name a skill"):
        pipeline.prepare(endorse(BOB, " \u200b "), DEV_ADDRESSES[0])
    with pytest.raises(UsageError, match="at most 48"):
        pipeline.prepare(endorse(BOB, "x" * 49), DEV_ADDRESSES[0])


def test_endorsed_and_revoked_are_notifications(
    pipeline: TxPipeline, network: Network, tmp_path: Path
) -> None:
    uid = _send(pipeline, endorse(BOB, "Vyper"))
    index = AgoraIndex(connect(tmp_path / "i.sqlite"), network, me=BOB)
    try:
        index.sync(rpc=pipeline.rpc)
        (note,) = index.notifications()
        assert (note.kind, note.actor, note.text) == ("endorsement", DEV_ADDRESSES[0], "Vyper")
        assert note.timestamp > 0 and note.tx_hash.startswith("0x")
        _send(pipeline, revoke_checked(pipeline.rpc, network, uid, DEV_ADDRESSES[0]))
        index.sync(rpc=pipeline.rpc)
        kinds = [n.kind for n in index.notifications()]
        assert kinds == ["revocation", "endorsement"]
    finally:
        index.close()
