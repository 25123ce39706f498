"""Event sources and extensions: a capability's contract is deployed, seeded and indexed
through the registries, in the base events' transactions, and rolled back with them.

The capability here is a second Social contract under the key ``echo``: real bytecode and real
logs on anvil, decoded by the generic source path into a table of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.index.kit import Agora
from tui.cli.read import _notification_text
from tui.core.chain.abi import DecodedEvent, bytecode, encode_call
from tui.core.chain.deploy import send_transaction
from tui.core.chain.extensions import (
    DeployContext,
    Extension,
    KeyDeployer,
    SeedContext,
    deploy_extensions,
    seed_extensions,
)
from tui.core.content.documents import post_document
from tui.core.content.store import LocalContentStore
from tui.core.errors import ChainError
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex
from tui.core.index.sources import EventSource, NotificationKind, Row, register, unregister
from tui.ui.widgets.post_card import notification_lines

ECHO_SCHEMA = """
CREATE TABLE IF NOT EXISTS echo_posts (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, id INTEGER NOT NULL,
    author TEXT NOT NULL, cid TEXT NOT NULL, block INTEGER NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
);
"""


def _decode(event: DecodedEvent, ts: int) -> list[Row]:
    if event.name != "Posted":
        return []
    a = event.args
    row = (event.block_hash, event.log_index, a["id"], a["author"], a["cid"])
    return [
        ("echo_posts", (*row, event.block_number, ts)),
        ("content", (a["cid"], "post")),
    ]


ECHO = EventSource(
    key="echo",
    abi="Social",
    schema=ECHO_SCHEMA,
    tables=("echo_posts",),
    inserts={
        "echo_posts": "INSERT OR IGNORE INTO echo_posts(block_hash, log_index, id, author, cid,"
        " block, timestamp) VALUES (?,?,?,?,?,?,?)"
    },
    decode=_decode,
)


def _deploy_echo(ctx: DeployContext) -> dict[str, str]:
    return {"echo": ctx.deployer.create(bytecode("Social"), what="Deploying Echo")}


def _seed_echo(ctx: SeedContext) -> None:
    cid = ctx.content.put(post_document("seeded echo", created_at=1_700_000_000))
    data = encode_call("Social", "post", [cid, 0])
    send_transaction(ctx.rpc, DEV_KEYS[3], ctx.deployment.contracts["echo"], data)


ECHO_EXTENSION = Extension(name="echo", deploy=_deploy_echo, seed=_seed_echo)


@pytest.fixture
def echo(agora: Agora, store: LocalContentStore) -> Iterator[Agora]:
    """The test's Agora with the echo extension deployed and its source registered."""
    register(ECHO)
    try:
        agora.deployment = deploy_extensions(
            agora.rpc,
            agora.deployment,
            KeyDeployer(agora.rpc, DEV_KEYS[0]),
            devnet=True,
            extensions=[ECHO_EXTENSION],
        )
        yield agora
    finally:
        unregister("echo")


def _echo_post(agora: Agora, who: int, text: str) -> None:
    cid = agora._cid(post_document(text, created_at=1_700_000_000))
    data = encode_call("Social", "post", [cid, 0])
    send_transaction(agora.rpc, DEV_KEYS[who], agora.deployment.contracts["echo"], data)


def _open(agora: Agora, store: LocalContentStore, path: Path) -> AgoraIndex:
    return AgoraIndex(connect(path), agora.network, me=DEV_ADDRESSES[0], store=store)


def test_source_logs_land_in_their_table_with_the_base_events(
    echo: Agora, store: LocalContentStore, tmp_path: Path
) -> None:
    echo.post(0, "a base post")
    _echo_post(echo, 1, "an echo post")
    seed_extensions(SeedContext(echo.rpc, echo.deployment, store), extensions=[ECHO_EXTENSION])
    index = _open(echo, store, tmp_path / "index.sqlite")
    try:
        before = index.conn.execute("SELECT value FROM meta WHERE key = 'events_version'")
        version = before.fetchone()
        index.sync(rpc=echo.rpc)
        rows = index.conn.execute("SELECT id, author FROM echo_posts ORDER BY id").fetchall()
        assert rows == [(1, DEV_ADDRESSES[1]), (2, DEV_ADDRESSES[3])]
        # The base post is indexed as usual, and only once: the echo posts are not posts.
        assert [p.text for p in index.timeline("global")] == ["a base post"]
        # Their CIDs were queued for verified fetching, like posts' CIDs.
        cids = {r[0] for r in index.conn.execute("SELECT cid FROM echo_posts")}
        queued = {r[0] for r in index.conn.execute("SELECT cid FROM content")}
        assert cids <= queued
        after = index.conn.execute("SELECT value FROM meta WHERE key = 'events_version'")
        assert after.fetchone() != version
    finally:
        index.close()


def test_a_reorg_rolls_back_source_rows(
    echo: Agora, store: LocalContentStore, tmp_path: Path
) -> None:
    rpc = echo.rpc
    _echo_post(echo, 1, "kept")
    fork = rpc.call("evm_snapshot")
    _echo_post(echo, 2, "doomed")
    index = _open(echo, store, tmp_path / "index.sqlite")
    try:
        index.sync(rpc=rpc)
        assert index.conn.execute("SELECT COUNT(*) FROM echo_posts").fetchone()[0] == 2
        rpc.call("evm_revert", [fork])
        rpc.call("anvil_mine", [hex(3)])
        result = index.sync(rpc=rpc)
        assert result.reorgs == 1
        rows = index.conn.execute("SELECT author FROM echo_posts").fetchall()
        assert rows == [(DEV_ADDRESSES[1],)]
    finally:
        index.close()


def test_a_contract_added_later_is_indexed_from_the_deployment(
    echo: Agora, store: LocalContentStore, tmp_path: Path
) -> None:
    """An index synced before the network knew the contract re-reads from the deploy block."""
    _echo_post(echo, 1, "before the index knew echo")
    without = replace(echo.deployment, contracts={})
    plain = Agora(echo.rpc, without, store)
    path = tmp_path / "index.sqlite"
    index = _open(plain, store, path)
    index.sync(rpc=echo.rpc)
    assert index.conn.execute("SELECT COUNT(*) FROM echo_posts").fetchone()[0] == 0
    index.close()
    index = _open(echo, store, path)
    try:
        index.sync(rpc=echo.rpc)
        rows = index.conn.execute("SELECT author FROM echo_posts").fetchall()
        assert rows == [(DEV_ADDRESSES[1],)]
    finally:
        index.close()


def test_extensions_cannot_reuse_a_contract_key(agora: Agora) -> None:
    clash = Extension(name="clash", deploy=lambda ctx: {"social": DEV_ADDRESSES[1]})
    with pytest.raises(ChainError, match="reuses the contract key"):
        deploy_extensions(
            agora.rpc,
            agora.deployment,
            KeyDeployer(agora.rpc, DEV_KEYS[0]),
            extensions=[clash],
        )


def test_a_failing_extension_deploy_is_a_clear_error(agora: Agora) -> None:
    def broken(ctx: DeployContext) -> dict[str, str]:
        ctx.deployer.send(
            ctx.deployment.social, encode_call("Social", "tip", [999]), what="Tipping"
        )
        return {}

    with pytest.raises(ChainError, match="Tipping would fail"):
        deploy_extensions(
            agora.rpc,
            agora.deployment,
            KeyDeployer(agora.rpc, DEV_KEYS[0]),
            extensions=[Extension(name="broken", deploy=broken)],
        )


ECHO_NOTICES = replace(
    ECHO,
    notifications={
        "echo": """SELECT 'echo', e.author, e.block, e.log_index, e.timestamp, '', e.id, 0,
                '0', 'an echo'
            FROM echo_posts e WHERE e.author != :me AND e.block < :before"""
    },
    kinds={"echo": NotificationKind("echoed near you", "echoed near you: {text}")},
)


def test_a_source_raises_notifications_read_by_the_tui_and_the_cli(
    agora: Agora, store: LocalContentStore, tmp_path: Path
) -> None:
    register(ECHO_NOTICES)
    try:
        agora.deployment = deploy_extensions(
            agora.rpc,
            agora.deployment,
            KeyDeployer(agora.rpc, DEV_KEYS[0]),
            devnet=True,
            extensions=[ECHO_EXTENSION],
        )
        _echo_post(agora, 0, "mine: no notice")
        _echo_post(agora, 2, "theirs")
        index = _open(agora, store, tmp_path / "index.sqlite")
        try:
            index.sync(rpc=agora.rpc)
            items = index.notifications()
        finally:
            index.close()
        assert [(n.kind, n.actor, n.post_id) for n in items] == [("echo", DEV_ADDRESSES[2], 2)]
        assert "echoed near you" in notification_lines(items[0], 60, 1_700_000_000)[0].plain
        assert "echoed near you: 'an echo'" in _notification_text(items[0])
    finally:
        unregister("echo")
