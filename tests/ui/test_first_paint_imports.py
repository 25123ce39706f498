"""The first frame of a devnet home loads no network stack: reading the devnet record to open
the cached index once pulled in httpx (with click, rich.syntax and pygments) and the contract
deployer (with pycryptodome), about 0.45 s before any post could be drawn. Nor the image
layer: a card draws its image marker from a light module, and the image widgets load when a
post with images is drawn (they once added ~40 ms before the first frame). Nor what the
first timeline does not need: the whole devnet module (the record is enough), the drafts
(scheduled posts are checked after the first frame), the capabilities' event sources (an
index whose tables are current does not import them) or the post document parser."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

CHILD = """
import asyncio, json, sys
async def main():
    from tui.ui.factory import make_app
    app = make_app(first_run=False)  # CoreBackend over the home in the environment
    seen = {}
    app.first_paint.after(lambda: seen.update(modules=set(sys.modules)))  # the first callback
    async with app.run_test(size=(100, 30)):
        await app.first_paint.wait()
        count = app.screen.current_list().source.count
    heavy = sorted(
        m for m in ("httpx", "Crypto", "click", "pygments", "eth_abi", "eth_account",
                    "PIL", "tui.ui.widgets.post_images", "tui.core.images.attachments",
                    "tui.core.chain.devnet", "tui.core.drafts", "tui.core.rounds.index",
                    "tui.core.points.source", "tui.core.tokens.source",
                    "tui.core.index.communities", "tui.core.content.documents")
        if m in seen["modules"]
    )
    read = "tui.core.index.views" in seen["modules"]  # taken when the timeline was read
    print("RESULT " + json.dumps({"heavy": heavy, "count": count, "read": read}))
asyncio.run(main())
"""

RECORD = {
    "rpc_url": "http://127.0.0.1:9",
    "chain_id": 31337,
    "contracts": {
        "social": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        "articles": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    },
    "deploy_block": 1,
    "pid": 0,
    "port": 9,
}


def test_a_devnet_home_paints_its_cached_timeline_without_the_network_stack(
    isolated_home: Path,
) -> None:
    from tui.core.index.schema import connect

    (isolated_home / "devnet").mkdir(parents=True)
    (isolated_home / "devnet" / "devnet.json").write_text(json.dumps(RECORD))
    (isolated_home / "index").mkdir()
    conn = connect(isolated_home / "index" / "devnet-31337.sqlite")
    conn.execute(
        "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
        " timestamp) VALUES (1, ?, 0, 'bafkreitest', 2, 0, ?, ?, 1700000000)",
        ("0x" + "1" * 40, "0x" + "a" * 64, "0x" + "b" * 64),
    )
    conn.commit()
    conn.close()
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    assert lines, done.stdout + done.stderr
    result = json.loads(lines[0][7:])
    assert result["count"] == 1  # the cached index of the devnet opened
    assert result["read"]
    assert result["heavy"] == []
