"""Cheap junk CIDs behind a slow or silent gateway never stall reads, syncs or real content.

A stranger posts CIDs no gateway has (their digests start with zero bytes, so they sort
first). Reads of the index go on while a refresh waits on the gateway; real posts by other
authors are fetched before the junk; `agora sync` returns within its budget and says how much
content is still missing.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w

from tests.conftest import DEV_ADDRESSES
from tests.faults.proxy import FaultyGateway
from tests.faults.test_rpc_faults import _agora
from tests.hostile.corpus import junk_cids
from tests.index.kit import Agora, deploy
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore
from tui.core.context import AgoraContext
from tui.core.index import hydrator
from tui.core.index.service import open_index
from tui.ui.backend import CoreBackend

JUNK = 64
WAIT = 60.0
"""Only a guard so a broken build fails instead of hanging; nothing is timed against it."""


@pytest.fixture
def remote(tmp_path: Path) -> LocalContentStore:
    """Where real authors' content lives: only the gateway can reach it."""
    return LocalContentStore(tmp_path / "author-content")


@pytest.fixture
def gateway(remote: LocalContentStore) -> Iterator[FaultyGateway]:
    gw = FaultyGateway(remote.get)
    try:
        yield gw
    finally:
        gw.close()


def _configure(agora: Agora, gateway: FaultyGateway) -> None:
    net = agora.network
    body = {k: v for k, v in net.__dict__.items() if k != "name"}
    body["gateways"] = [gateway.url]
    cfg = Path(os.environ["AGORA_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(tomli_w.dumps({"network": net.name, "networks": {net.name: body}}))


def _flood(agora: Agora, who: int = 1, count: int = JUNK) -> list[str]:
    """``count`` junk posts by dev account ``who``, all in one block."""
    cids = junk_cids(count, seed=who)
    agora.rpc.call("evm_setAutomine", [False])
    sent = [agora.send(who, "Social", "post", [cid, 0]) for cid in cids]
    agora.rpc.call("evm_mine")
    agora.rpc.call("evm_setAutomine", [True])
    for tx in sent:
        agora.mined(tx)
    return cids


def test_reads_go_on_while_a_content_pass_waits_on_a_silent_gateway(
    anvil: RpcClient,
    isolated_home: Path,
    gateway: FaultyGateway,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The gateway holds every request until released: the pass can only end after that.
    monkeypatch.setattr(hydrator, "CID_TIMEOUT", WAIT)
    monkeypatch.setattr(hydrator, "PASS_BUDGET", WAIT)
    agora = deploy(anvil, LocalContentStore(isolated_home / "content"))
    _configure(agora, gateway)
    agora.post(0, "an old thread, long verified")
    backend = CoreBackend(AgoraContext.load())
    backend.attach_network(agora.rpc.url, agora.deployment.chain_id)
    backend.refresh()  # the old post is indexed and verified from the local store
    assert backend.thread(1).post.text == "an old thread, long verified"
    _flood(agora)
    assert backend.refresh() > 0  # the junk posts are indexed (the lists change)
    gateway.mode = "hang"

    refreshed = threading.Event()

    def refresh() -> None:  # what the TUI's poll does after the sync: one content pass
        backend.fetch_content()
        refreshed.set()

    refresher = threading.Thread(target=refresh)
    refresher.start()
    try:
        assert gateway.asked.wait(WAIT), "the content pass asked the gateway for junk"
        read: dict[str, object] = {}
        done = threading.Event()

        def reads() -> None:
            read["status"] = backend.status()
            read["thread"] = backend.thread(1)
            read["timeline"] = backend.timeline("global")
            done.set()

        threading.Thread(target=reads, daemon=True).start()
        assert done.wait(WAIT), "reads waited for the gateway"
        assert not refreshed.is_set(), "the content pass was still waiting on the gateway"
    finally:
        gateway.release.set()
        refresher.join(WAIT)
    assert refreshed.is_set()
    assert read["thread"].post.text == "an old thread, long verified"  # type: ignore[attr-defined]
    assert read["timeline"]  # the newest page, junk and all (shown as pending)
    assert read["status"].block == anvil.block_number()  # type: ignore[attr-defined]


def test_real_posts_are_fetched_before_one_authors_junk_and_junk_backs_off(
    anvil: RpcClient, isolated_home: Path, remote: LocalContentStore, gateway: FaultyGateway
) -> None:
    agora = deploy(anvil, remote)
    _configure(agora, gateway)
    junk = _flood(agora, who=1)
    for who in (2, 3):
        for n in range(3):
            agora.post(who, f"real post {n} by {who}")
    index = open_index(AgoraContext.load(), me="")
    try:
        index.sync()
        real = {
            str(c)
            for (c,) in index.conn.execute(
                "SELECT cid FROM posts WHERE author IN (?, ?)", (DEV_ADDRESSES[2], DEV_ADDRESSES[3])
            )
        }
        assert len(real) == 6 and max(real) > max(junk)  # by CID, junk would come first
        hyd = index.hydrator()
        assert hyd is not None
        hyd.concurrency = 1  # one request at a time: the gateway sees the pass's exact order
        first = index.hydrate(budget=WAIT)
        asked = list(gateway.requests)
        # Round-robin over the three authors: every real post within the first three turns.
        assert real <= set(asked[:9]), asked[:9]
        assert first.verified == 6
        assert first.missing == JUNK
        # Junk that failed backs off: the next pass does not ask for it again.
        tried = index.conn.execute(
            "SELECT COUNT(*) FROM content WHERE status = 'unavailable' AND attempts = 1 "
            "AND next_try > strftime('%s', 'now')"
        ).fetchone()[0]
        assert tried == len(set(asked) & set(junk)) > 0
        gateway.requests.clear()
        index.hydrate(budget=WAIT)
        assert not set(gateway.requests) & set(asked)
    finally:
        index.close()


def test_sync_returns_within_its_budget_and_reports_missing_content(
    anvil: RpcClient,
    isolated_home: Path,
    gateway: FaultyGateway,
    capsys: pytest.CaptureFixture[str],
) -> None:
    agora = deploy(anvil, LocalContentStore(isolated_home / "content"))
    _configure(agora, gateway)
    agora.post(0, "a real post")
    _flood(agora)
    gateway.mode = "hang"  # never answers while the sync runs
    try:
        code, out, err = _agora(["sync", "--json", "--fetch-budget", "1"], capsys)
        assert code == 0, err
        data = json.loads(out)
        assert data["missing_content"] == JUNK
        assert data["content"]["missing"] == JUNK
        assert data["content"]["deferred"] > 0
        code, out, err = _agora(["sync", "--fetch-budget", "0"], capsys)
        assert code == 0, err
        assert f"{JUNK} content documents still missing" in out
        code, out, err = _agora(["sync", "--json", "--no-fetch"], capsys)
        assert code == 0, err
        assert json.loads(out)["missing_content"] == JUNK
    finally:
        gateway.release.set()
