"""Demo avatars for the devnet: a generated picture minted as an Agora Articles token.

Articles are ERC-721 tokens whose metadata may name an ``image``; an account that publishes one
owns it, so its ENS ``avatar`` record can point at it (``eip155:31337/erc721:<Articles>/<id>``)
and pass the ownership check like any NFT avatar would.
"""

from __future__ import annotations

import hashlib
import io

from tui.core.chain.abi import encode_call
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.content import documents
from tui.core.content.store import BlockStore


def identicon_png(seed: str, side: int = 64) -> bytes:
    """A deterministic symmetric 5×5 identicon for ``seed`` as PNG bytes."""
    from PIL import Image, ImageDraw

    digest = hashlib.sha256(seed.encode()).digest()
    colour = (64 + digest[0] % 160, 64 + digest[1] % 160, 64 + digest[2] % 160)
    image = Image.new("RGB", (side, side), (240, 240, 235))
    draw = ImageDraw.Draw(image)
    cell = side // 5
    for row in range(5):
        for col in range(3):
            if digest[3 + row * 3 + col] % 2:
                for x in (col, 4 - col):
                    draw.rectangle(
                        (x * cell, row * cell, (x + 1) * cell - 1, (row + 1) * cell - 1),
                        fill=colour,
                    )
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def mint_avatar(
    rpc: RpcClient, key: str, articles: str, content: BlockStore, image: bytes, title: str
) -> int:
    """Publish ``image`` as an Articles token owned by ``key``'s account; return its token id."""
    image_cid = content.put(image)
    body_cid = content.put(documents.article_body(f"# {title}\n\nA picture to wear as an avatar."))
    meta_cid = content.put(documents.article_metadata(title, "Avatar", body_cid, image_cid))
    receipt = send_transaction(
        rpc, key, articles, encode_call("Articles", "publish", [meta_cid, 0, 0])
    )
    for log in receipt.get("logs", []):
        topics = log.get("topics") or []
        if len(topics) == 4 and int(topics[1], 16) == 0:  # Transfer(from=0, to, id): the mint
            return int(topics[3], 16)
    raise RuntimeError("the publish receipt has no mint")


def nft_record(chain_id: int, contract: str, token_id: int) -> str:
    """The ENSIP-12 record for an ERC-721 token."""
    return f"eip155:{chain_id}/erc721:{contract}/{token_id}"
