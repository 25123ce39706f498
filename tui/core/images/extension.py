"""The devnet demo of post images: one post with a small picture made here, no contract.

The picture is drawn with Pillow at seed time (a winter coast: sky, sea, a lighthouse), so no
binary sits in the repository and every seed stores the same bytes under the same CID.
"""

from __future__ import annotations

from tui.core.chain.extensions import DeployContext, Extension, SeedContext

DEMO_WHO = "chiara"
DEMO_TEXT = "First page of the winter-coast zine, drawn in the terminal. Press o to open it."
DEMO_ALT = "A lighthouse on a dark headland, a pale winter sky above a grey-blue sea."


def demo_image() -> bytes:
    """A 96×64 PNG, the same bytes every time."""
    import io

    from PIL import Image, ImageDraw

    width, height = 96, 64
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        if y < 36:  # sky: pale at the horizon
            shade = (150 + y * 2, 170 + y * 2, 200 + y)
        else:  # sea: darker towards the viewer
            shade = (40, 70 + (height - y), 110 + (height - y))
        draw.line([(0, y), (width, y)], fill=shade)
    draw.polygon([(0, 64), (0, 40), (30, 34), (50, 44), (50, 64)], fill=(30, 32, 28))
    draw.rectangle([18, 18, 24, 36], fill=(235, 235, 225))
    draw.rectangle([18, 22, 24, 25], fill=(190, 40, 40))
    draw.polygon([(16, 18), (26, 18), (21, 13)], fill=(60, 60, 60))
    draw.ellipse([19, 15, 23, 19], fill=(255, 220, 120))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _deploy(_ctx: DeployContext) -> dict[str, str]:
    return {}  # images need no contract: they are content, as posts are


def _seed(ctx: SeedContext) -> None:
    """Chiara posts the first page of her zine, with its alt text."""
    from tui.core.chain.abi import encode_call
    from tui.core.chain.deploy import send_transaction
    from tui.core.chain.seed_data import DEV_KEYS
    from tui.core.content.documents import post_document
    from tui.core.images.attachments import check_image
    from tui.core.images.decode import decode

    ctx.progress("Post images: a demo post with a picture")
    image = check_image(demo_image(), DEMO_ALT, name="zine page", decode=decode)
    ctx.content.put(image.data)
    latest = int(ctx.rpc.get_block("latest")["timestamp"], 16)  # type: ignore[index]
    ctx.rpc.call("evm_setNextBlockTimestamp", [latest + 1])  # the devnet: created_at is exact
    doc = post_document(
        DEMO_TEXT, created_at=latest + 1, tags=("zines",), attachments=[image.attachment]
    )
    call = encode_call("Social", "post", [ctx.content.put(doc), 0])
    send_transaction(ctx.rpc, DEV_KEYS[DEMO_WHO], ctx.deployment.social, call)


EXTENSION = Extension(name="post images", deploy=_deploy, seed=_seed)
