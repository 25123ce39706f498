"""Publish the hostile corpus for real: raw JSON documents in the local store, events on anvil."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.hostile.corpus import ALL, LINK_TARGETS, SHORT
from tui.core.chain.abi import encode_call, selector
from tui.core.chain.deploy import Deployment, send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore

HOSTILE_CIDS: list[bytes] = [
    b"\x1b]0;CIDTITLE\x07",
    b"\xff\xfe\x1b[2J",
    b"[@click=app.quit]x[/]",
    b"bafkrei\xe2\x80\xae" + b"a" * 40,
]
"""Strings (some not UTF-8) given as the CID argument: event data is attacker-chosen too."""


def _doc(obj: dict[str, Any]) -> bytes:
    """Raw JSON exactly as a hostile author would write it (lone surrogates escaped)."""
    return json.dumps(obj, ensure_ascii=True).encode()


@dataclass
class HostileWorld:
    """What was published: post ids by corpus name, article ids, the profile authors."""

    rpc: RpcClient
    deployment: Deployment
    store: LocalContentStore
    posts: dict[str, int] = field(default_factory=dict)
    articles: list[int] = field(default_factory=list)
    count: int = 0

    def _send(self, who: int, contract: str, data: str, value: int = 0) -> dict[str, Any]:
        to = self.deployment.social if contract == "Social" else self.deployment.articles
        return send_transaction(self.rpc, DEV_KEYS[who], to, data, value=value, gas=600_000)

    def post(self, who: int, doc: bytes, parent: int = 0) -> int:
        cid = self.store.put(doc)
        self._send(who, "Social", encode_call("Social", "post", [cid, parent]))
        self.count += 1
        return self.count

    def raw_cid_post(self, who: int, cid: bytes) -> None:
        """``post(cid, 0)`` with arbitrary bytes as the string (ABI string == bytes encoding)."""
        from eth_abi import encode

        data = selector("Social", "post", 2) + encode(["bytes", "uint256"], [cid, 0]).hex()
        self._send(who, "Social", data)
        self.count += 1

    def raw_cid_article(self, who: int, cid: bytes) -> None:
        """``publish(cid, 0, 1)`` with arbitrary bytes: tokenURI becomes ``ipfs://<those bytes>``."""
        from eth_abi import encode

        args = encode(["bytes", "uint256", "uint256"], [cid, 0, 1]).hex()
        self._send(who, "Articles", selector("Articles", "publish", 3) + args)

    def profile(self, who: int, doc: bytes) -> None:
        cid = self.store.put(doc)
        self._send(who, "Social", encode_call("Social", "setProfile", [cid]))

    def article(self, who: int, meta: dict[str, Any], body: str) -> None:
        body_cid = self.store.put(body.encode("utf-8", "surrogatepass")[: 256 * 1024])
        meta = {"body": f"ipfs://{body_cid}", **meta}
        cid = self.store.put(_doc(meta))
        self._send(who, "Articles", encode_call("Articles", "publish", [cid, 0, 5]))


def publish_corpus(rpc: RpcClient, home: Path) -> HostileWorld:
    """Deploy Agora and publish every corpus entry in every field a stranger controls."""
    world = HostileWorld(
        rpc, deploy_contracts(rpc, DEV_KEYS[0]), LocalContentStore(home / "content")
    )
    names = sorted(SHORT)
    for i, name in enumerate(names):
        text = SHORT[name]
        doc = {
            "type": "agora.post",
            "version": 1,
            "text": text[:1000],
            "created_at": 1_700_000_000,
            "content_warning": text[:150],
            "tags": [text[:40]],
        }
        world.posts[name] = world.post(1 + i % 3, _doc(doc))
    # replies to the first post, so the thread view and notifications carry them
    for name in names[:25]:
        reply = {"type": "agora.post", "version": 1, "text": SHORT[name][:900], "created_at": 1}
        world.post(2, _doc(reply), parent=1)
    for cid in HOSTILE_CIDS:
        world.raw_cid_post(3, cid)
    # profiles: names, bios and links from the corpus (the last update wins)
    blobs = list(SHORT.values())
    for who in range(4):
        name = "".join(blobs[(who * 7 + k) % len(blobs)][:12] for k in range(5))
        world.profile(
            who,
            _doc(
                {
                    "type": "agora.profile",
                    "version": 1,
                    "name": name[:60],
                    "bio": "\n".join(b[:60] for b in blobs[who::4])[:1000],
                    "links": LINK_TARGETS[:5],
                    "avatar": "javascript:alert(1)",
                }
            ),
        )
    for k, (title, body) in enumerate(
        [
            (ALL["osc0_title_bel"], ALL["deep_markdown_quotes"] + "\n" + ALL["javascript_link"]),
            (ALL["textual_click_quit"], ALL["deep_markdown_lists"] + ALL["osc52_clipboard"]),
            (ALL["bidi_rlo_address"], ALL["enormous_line"] + ALL["file_link"]),
            (ALL["c1_osc_8bit"], ALL["markdown_table_wide"] + ALL["ssh_proxycommand"]),
            (
                ALL["combining_flood"][:150],
                ALL["deep_markdown_emphasis"] + ALL["csi_cursor_home_clear"],
            ),
        ]
    ):
        world.article(
            1 + k % 3, {"name": title[:190], "description": title + ALL["textual_close_all"]}, body
        )
    for cid in HOSTILE_CIDS[:2]:  # articles 6 and 7: hostile tokenURI / metadata CID
        world.raw_cid_article(1, cid)
    # tips and follows make notifications for the hostile-named authors
    world._send(1, "Social", encode_call("Social", "tip", [1]), value=10**15)
    world._send(2, "Social", encode_call("Social", "follow", [DEV_ADDRESSES[0]]))
    return world


def write_settings(world: HostileWorld, rpc_url: str | None = None) -> None:
    """Make the deployed network the active one in the isolated settings file."""
    d = world.deployment
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        tomli_w.dumps(
            {
                "network": "test",
                "networks": {
                    "test": {
                        "rpc_url": rpc_url or world.rpc.url,
                        "chain_id": d.chain_id,
                        "social": d.social,
                        "articles": d.articles,
                        "deploy_block": d.block,
                    }
                },
            }
        )
    )
