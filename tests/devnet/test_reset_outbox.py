"""A devnet reset drops the old chain's pending transactions instead of leaving a nonce gap."""

from __future__ import annotations

from pathlib import Path

from tui.core.actions.outbox import Outbox, OutboxEntry, TxStatus
from tui.core.chain.devnet import DEVNET_CHAIN_ID, Devnet

SENDER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


def _entry(tx_hash: str, chain_id: int, nonce: int) -> OutboxEntry:
    return OutboxEntry(
        hash=tx_hash,
        chain_id=chain_id,
        sender=SENDER,
        nonce=nonce,
        raw="0x02",
        data="0x",
        to=SENDER,
        value_wei=0,
        gas=21000,
        max_fee_per_gas=1,
        max_priority_fee_per_gas=1,
        kind="post",
        intent={
            "kind": "post",
            "cid": "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4",
        },
        status=TxStatus.PENDING,
        created=1.0,
        updated=1.0,
    )


def test_reset_marks_devnet_pending_dropped_and_keeps_other_chains(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    outbox = Outbox(isolated_home / "outbox.sqlite")
    outbox.insert(_entry("0x" + "aa" * 32, DEVNET_CHAIN_ID, 7))
    outbox.insert(_entry("0x" + "bb" * 32, 11155111, 3))
    assert outbox.next_nonce(DEVNET_CHAIN_ID, SENDER) == 8
    outbox.close()

    Devnet(isolated_home).reset()

    outbox = Outbox(isolated_home / "outbox.sqlite")
    devnet_tx = outbox.get("0x" + "aa" * 32)
    other_tx = outbox.get("0x" + "bb" * 32)
    assert devnet_tx is not None and devnet_tx.status == TxStatus.DROPPED
    assert devnet_tx.error and "reset" in devnet_tx.error
    assert devnet_tx.intent["cid"].startswith("bafkrei")  # what the user wrote is still there
    assert other_tx is not None and other_tx.status == TxStatus.PENDING
    assert outbox.next_nonce(DEVNET_CHAIN_ID, SENDER) == 0  # no gap on the new chain
    outbox.close()
