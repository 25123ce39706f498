"""Writing under RPC faults: each intent yields at most one transaction, and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.actions.conftest import make_signer, network  # noqa: F401  (fixture)
from tests.faults.proxy import FaultyRpc
from tui.core.actions import PostIntent, TxPipeline, TxStatus
from tui.core.chain.abi import decode_result, encode_call
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.store import LocalContentStore
from tui.core.errors import AgoraError

SEND_FAULTS = [
    "timeout_before",
    "timeout_after",
    "drop_before",
    "drop_after",
    "http_429",
    "http_503",
    "truncated",
    "invalid_json",
    "rpc_error",
]


def _post_count(rpc: RpcClient, net: Network) -> int:
    data = rpc.call(
        "eth_call", [{"to": net.social, "data": encode_call("Social", "postCount", [])}, "latest"]
    )
    return int(decode_result("Social", "postCount", str(data))[0])


@pytest.mark.parametrize("fault", SEND_FAULTS)
def test_post_under_send_fault_lands_at_most_once(
    fault: str,
    anvil: RpcClient,
    network: Network,  # noqa: F811
    faulty: FaultyRpc,
    isolated_home: Path,
) -> None:
    signer = make_signer(3)
    store = LocalContentStore(isolated_home / "content")
    text = f"written while the node misbehaves ({fault})"
    flaky = TxPipeline(isolated_home, network, RpcClient(faulty.url, timeout=1.0), store)
    prepared = flaky.prepare(PostIntent(text), signer.address)
    faulty.set(fault, "eth_sendRawTransaction")
    try:
        entry = flaky.submit(prepared, signer)
        error = entry.error or ""
    except AgoraError as exc:  # a clear error is fine; a lost or doubled post is not
        error = str(exc)
        entry = None
    assert "Traceback" not in error and "\x1b" not in error
    (row,) = flaky.list_transactions()  # persisted before broadcasting, whatever happened
    (cid,) = row.intent["cids"]  # the outbox names the content; the local store keeps it
    assert text in (store.get(cid) or b"").decode()
    faulty.clear()
    healthy = TxPipeline(isolated_home, network, anvil, store)
    healthy.reconcile()
    final = healthy.wait(row.hash, timeout=20)
    nonce = anvil.nonce(signer.address, "latest")
    assert nonce <= 1 and _post_count(anvil, network) == nonce
    if fault != "rpc_error":  # the node refused it explicitly: may be final as failed
        assert final.status == TxStatus.CONFIRMED and nonce == 1
    assert len(healthy.list_transactions()) == 1
    del entry


@pytest.mark.parametrize("method", ["eth_estimateGas", "eth_call", "eth_getTransactionCount"])
def test_hostile_revert_reason_or_node_error_is_clean(
    method: str,
    network: Network,  # noqa: F811
    faulty: FaultyRpc,
    isolated_home: Path,
) -> None:
    """A node answers with an error (a revert reason) made of escapes and markup."""
    signer = make_signer(3)
    pipeline = TxPipeline(
        isolated_home,
        network,
        RpcClient(faulty.url, timeout=1.0),
        LocalContentStore(isolated_home / "c"),
    )
    faulty.set("rpc_error", method)
    try:
        pipeline.prepare(PostIntent("a post"), signer.address)
    except AgoraError as exc:
        text = str(exc)
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
        assert "\u241b" in text or "rejected" in text.lower() or text
    faulty.clear()
