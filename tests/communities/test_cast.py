"""Interop with Foundry's cast: a community, a post and a moderation sent by cast show in Agora."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_wallet.conftest import kit  # noqa: F401 - fixture
from tests.cli_wallet.test_cli_flows import agora
from tests.conftest import DEV_ADDRESSES
from tests.contracts.test_cast_interop import Cast
from tests.index.kit import Agora
from tui.core.communities import documents as docs
from tui.core.content.store import LocalContentStore


def test_cast_writes_show_in_agora(kit: Agora, isolated_home: Path) -> None:  # noqa: F811
    cast = Cast(kit.rpc.url)
    store = LocalContentStore(isolated_home / "content")
    meta = store.put(docs.meta_document("Cast club", "Written by another client"))
    rules = store.put(docs.rules_document([(1, "Be kind"), (2, "No spam")]))
    reason = store.put(docs.reason_document([2], "spam"))
    post_cid = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
    communities = cast.call(kit.deployment.social, "communities()(address)")
    assert communities == kit.deployment.contracts["communities"]
    cast.send(communities, "create(string,string,bool)", meta, rules, "false", key=1)
    cast.send(communities, "join(uint256)", "1", key=2)
    cast.send(communities, "post(uint256,string,uint256)", "1", post_cid, "0", key=2)
    cast.send(communities, "moderate(uint256,uint8,uint256,string)", "1", "1", "1", reason, key=1)
    cast.send(
        communities, "moderate(uint256,uint8,uint256,string)", "1", "3",
        str(int(DEV_ADDRESSES[2], 16)), reason, key=1,
    )  # fmt: skip

    shown = json.loads(agora("community", "show", "1", "--json").stdout)
    assert shown["name"] == "Cast club" and shown["members"] == 2
    assert shown["banned"] == [DEV_ADDRESSES[2]]
    (post,) = json.loads(agora("community", "timeline", "1", "--json").stdout)
    assert post["id"] == 1 and post["author"] == DEV_ADDRESSES[2]
    assert post["hidden"] is True and post["collapse"]["action"] == "hide"
    assert post["collapse"]["reason"]["rules"] == [2]
    log = json.loads(agora("community", "log", "1", "--json").stdout)
    assert [e["action"] for e in log] == ["ban", "hide"]
    assert log[0]["target"] == DEV_ADDRESSES[2]
