"""Test helpers: a deployed Agora on anvil and quick ways to write real events to it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tui.core.chain.abi import encode_call
from tui.core.chain.deploy import Deployment
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.documents import (
    article_body,
    article_metadata,
    post_document,
    profile_document,
)
from tui.core.content.store import BlockStore


@dataclass
class Agora:
    """Agora's contracts on a real anvil, written to through its unlocked dev accounts."""

    rpc: RpcClient
    deployment: Deployment
    store: BlockStore | None = None
    sent: list[str] = field(default_factory=list)

    @property
    def network(self) -> Network:
        return Network(
            name="test",
            rpc_url=self.rpc.url,
            chain_id=self.deployment.chain_id,
            social=self.deployment.social,
            articles=self.deployment.articles,
            deploy_block=self.deployment.block,
            contracts=dict(self.deployment.contracts),
        )

    def send(self, who: int, contract: str, fn: str, args: list[Any], value: int = 0) -> str:
        """Send from dev account ``who``; with automine on, wait for the receipt."""
        to = self.deployment.social if contract == "Social" else self.deployment.articles
        tx = {
            "from": DEV_ADDRESSES[who],
            "to": to,
            "data": encode_call(contract, fn, args),
            "value": hex(value),
            "gas": hex(500_000),
        }
        tx_hash = str(self.rpc.call("eth_sendTransaction", [tx]))
        self.sent.append(tx_hash)
        return tx_hash

    def mined(self, tx_hash: str) -> dict[str, Any]:
        for _ in range(200):
            receipt = self.rpc.receipt(tx_hash)
            if receipt:
                assert int(receipt["status"], 16) == 1, receipt
                return receipt
            time.sleep(0.02)
        raise AssertionError(f"{tx_hash} not mined")

    def _cid(self, data: bytes) -> str:
        if self.store is not None:
            return self.store.put(data)
        from tui.core.content.cid import cid_for

        return cid_for(data)

    def post(self, who: int, text: str, parent: int = 0, *, wait: bool = True) -> str:
        cid = self._cid(post_document(text, created_at=1_700_000_000))
        tx = self.send(who, "Social", "post", [cid, parent])
        if wait:
            self.mined(tx)
        return tx

    def post_cid(self, who: int, cid: str, parent: int = 0) -> str:
        tx = self.send(who, "Social", "post", [cid, parent])
        self.mined(tx)
        return tx

    def repost(self, who: int, post_id: int) -> None:
        self.mined(self.send(who, "Social", "repost", [post_id]))

    def follow(self, who: int, whom: int) -> None:
        self.mined(self.send(who, "Social", "follow", [DEV_ADDRESSES[whom]]))

    def unfollow(self, who: int, whom: int) -> None:
        self.mined(self.send(who, "Social", "unfollow", [DEV_ADDRESSES[whom]]))

    def tip(self, who: int, post_id: int, wei: int) -> None:
        self.mined(self.send(who, "Social", "tip", [post_id], value=wei))

    def set_profile(self, who: int, name: str, bio: str = "") -> None:
        cid = self._cid(profile_document(name, bio))
        self.mined(self.send(who, "Social", "setProfile", [cid]))

    def publish(self, who: int, title: str, body: str, price: int = 0, editions: int = 0) -> None:
        body_cid = self._cid(article_body(body))
        cid = self._cid(article_metadata(title, "summary of " + title, body_cid))
        self.mined(self.send(who, "Articles", "publish", [cid, price, editions]))

    def collect(self, who: int, article_id: int, price: int = 0) -> None:
        self.mined(self.send(who, "Articles", "collect", [article_id], value=price))


def deploy(rpc: RpcClient, store: BlockStore | None = None) -> Agora:
    return Agora(rpc, deploy_contracts(rpc, DEV_KEYS[0]), store)
