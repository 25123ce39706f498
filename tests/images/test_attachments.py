"""Post attachments: the document schema (version 2), checks before storing, checks when shown."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.images.helpers import gradient_png, lying_png, noise_png, zlib_bomb_png
from tui.core.content.cid import MAX_BLOCK, cid_for
from tui.core.content.documents import (
    MAX_ATTACHMENTS,
    Attachment,
    UnsupportedContent,
    parse_post,
    post_document,
)
from tui.core.content.store import FakeContentStore
from tui.core.errors import ContentError
from tui.core.images.attachments import (
    check_image,
    fallback_text,
    read_image,
    show_image,
    sniff,
    store_images,
)
from tui.core.images.decode import decode
from tui.core.images.limits import ImageError
from tui.core.images.sandbox import shutdown
from tui.core.index.hydrate import parse_content
from tui.core.text import clean_line


@pytest.fixture(scope="module", autouse=True)
def _sandbox() -> Iterator[None]:
    yield
    shutdown()


def _attachment(data: bytes, alt: str = "a gradient", mime: str = "image/png") -> Attachment:
    return Attachment(cid_for(data), mime, alt, 48, 32, len(data))


def _doc(attachments: object, version: int = 2) -> bytes:
    return json.dumps(
        {"type": "agora.post", "version": version, "text": "hi", "created_at": 1,
         "attachments": attachments}
    ).encode()  # fmt: skip


class TestDocument:
    def test_without_attachments_stays_version_1(self) -> None:
        data = post_document("hello", created_at=1)
        assert json.loads(data)["version"] == 1
        assert parse_post(data).attachments == ()

    def test_round_trip_is_version_2(self) -> None:
        image = gradient_png()
        data = post_document("look", created_at=1, attachments=[_attachment(image)])
        obj = json.loads(data)
        assert obj["version"] == 2
        assert obj["attachments"][0] == {
            "cid": cid_for(image), "mime": "image/png", "alt": "a gradient",
            "width": 48, "height": 32, "bytes": len(image),
        }  # fmt: skip
        assert parse_post(data).attachments == (_attachment(image),)

    def test_version_1_with_attachments_is_refused(self) -> None:
        with pytest.raises(ContentError, match="version 2"):
            parse_post(_doc([_attachment(gradient_png()).to_json()], version=1))

    def test_newer_version_is_unsupported_not_a_crash(self) -> None:
        with pytest.raises(UnsupportedContent):
            parse_post(_doc([], version=3))

    @pytest.mark.parametrize(
        ("entry", "reason"),
        [
            ("not a list", "non-empty list"),
            ([], "non-empty list"),
            (["x"], "not an object"),
            ([{"cid": "bafy", "mime": "image/png"}], "valid CID"),
            ([{"mime": "image/png"}], "valid CID"),
            ([{"cid": cid_for(b"x"), "mime": "text/html"}], "allowed image type"),
            ([{"cid": cid_for(b"x"), "mime": "image/svg+xml"}], "allowed image type"),
            ([{"cid": cid_for(b"x"), "mime": "image/png", "alt": 5}], "alt text is not text"),
            ([{"cid": cid_for(b"x"), "mime": "image/png", "alt": "x" * 1001}], "alt text"),
            ([{"cid": cid_for(b"x"), "mime": "image/png", "width": 0, "height": 1, "bytes": 1}],
             "'width'"),
            ([{"cid": cid_for(b"x"), "mime": "image/png", "width": 1, "height": True,
               "bytes": 1}], "'height'"),
            ([{"cid": cid_for(b"x"), "mime": "image/png", "width": 1, "height": 1,
               "bytes": MAX_BLOCK + 1}], "'bytes'"),
            ([{"cid": cid_for(b"x"), "mime": "image/png", "width": 99999, "height": 1,
               "bytes": 1}], "'width'"),
        ],
    )  # fmt: skip
    def test_malformed_lists_are_refused_with_a_reason(self, entry: object, reason: str) -> None:
        with pytest.raises(ContentError, match=reason):
            parse_post(_doc(entry))

    def test_too_many_attachments(self) -> None:
        many = [_attachment(gradient_png(8 + i)).to_json() for i in range(MAX_ATTACHMENTS + 1)]
        with pytest.raises(ContentError, match=f"at most {MAX_ATTACHMENTS}"):
            parse_post(_doc(many))
        with pytest.raises(ContentError, match=f"at most {MAX_ATTACHMENTS}"):
            post_document("x", created_at=1, attachments=[Attachment(**a) for a in many])

    def test_hostile_alt_text_is_sanitised_in_the_index(self) -> None:
        alt = "\x1b]52;c;cm0gLXJmIH4=\x07evil\u202eexe.png [@click=app.quit]x[/]"
        data = _doc([_attachment(gradient_png(), alt).to_json()])
        parsed = parse_content("post", data)
        stored = parsed.extra["attachments"][0]["alt"]
        assert "\x1b" not in stored and "\u202e" not in stored and "\x07" not in stored
        assert stored == clean_line(alt, 1000)


class TestAttaching:
    def test_a_png_is_checked_and_stored_as_a_raw_block(self, tmp_path: Path) -> None:
        path = tmp_path / "pic.png"
        path.write_bytes(gradient_png())
        image = read_image(path, " a gradient ")
        assert image.attachment == _attachment(path.read_bytes())
        store = FakeContentStore()
        assert store_images([image], store) == (image.attachment,)
        assert store.get(image.attachment.cid) == path.read_bytes()
        assert image.attachment.cid.startswith("bafkrei")  # CIDv1 raw sha2-256

    def test_over_the_block_cap_is_refused_with_size_cap_and_hint(self, tmp_path: Path) -> None:
        path = tmp_path / "big.png"
        path.write_bytes(noise_png(320, 320))
        size = path.stat().st_size
        assert size > MAX_BLOCK
        with pytest.raises(ContentError) as caught:
            read_image(path, "noise")
        assert f"{size:,} bytes" in caught.value.message
        assert f"{MAX_BLOCK:,}" in caught.value.message
        assert "Shrink" in (caught.value.hint or "")

    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            (zlib_bomb_png(), "pixels"),
            (lying_png(100_000, 100_000), "pixels"),
            (noise_png(40, 40)[:2000], "truncated or malformed"),
            (b"GIF89a" + b"\x00" * 40, "not a PNG"),
            (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a PNG, JPEG"),
            (b"", "empty"),
        ],
    )
    def test_hostile_files_are_refused_before_storing(self, data: bytes, reason: str) -> None:
        with pytest.raises(ContentError, match=reason):
            check_image(data, "x")

    def test_alt_text_over_the_cap(self) -> None:
        with pytest.raises(ContentError, match="alt text"):
            check_image(gradient_png(), "x" * 1001, decode=decode)

    def test_too_many_to_store(self) -> None:
        images = [check_image(gradient_png(8 + i), "x", decode=decode) for i in range(5)]
        with pytest.raises(ContentError, match="At most 4"):
            store_images(images, FakeContentStore())

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(ContentError, match="Cannot read"):
            read_image(tmp_path / "nope.png", "x")


class TestShowing:
    def test_verified_bytes_decode(self) -> None:
        data = gradient_png()
        shown = show_image(_attachment(data), {cid_for(data): data}.__getitem__, decode=decode)
        assert shown.raster is not None and shown.mime == "image/png" and shown.data == data

    def test_unknown_cid_is_not_fetched(self) -> None:
        def never(cid: str) -> bytes:
            raise ContentError("no gateway has it")

        shown = show_image(_attachment(gradient_png()), never, decode=decode)
        assert (shown.raster, shown.problem) == (None, "not fetched")

    def test_bytes_that_do_not_match_the_cid(self) -> None:
        data = gradient_png()
        shown = show_image(_attachment(data), lambda _cid: gradient_png(9), decode=decode)
        assert shown.problem == "malformed"

    def test_wrong_mime_claim(self) -> None:
        data = gradient_png(fmt="GIF")
        assert sniff(data) == "image/gif"
        shown = show_image(_attachment(data, mime="image/png"), lambda _c: data, decode=decode)
        assert shown.problem == "malformed"

    def test_bomb_and_truncated(self) -> None:
        bomb, cut = lying_png(50_000, 50_000), noise_png(40, 40)[:2000]
        assert show_image(_attachment(bomb), lambda _c: bomb, decode=decode).problem == "too large"
        assert show_image(_attachment(cut), lambda _c: cut, decode=decode).problem == "malformed"

    def test_fallback_text(self) -> None:
        assert fallback_text("a cat", "not fetched") == "[image: a cat] (not fetched)"
        assert fallback_text("", "") == "[image: no description]"
        assert "\x1b" not in fallback_text("\x1b[2Jx", "malformed")


def test_image_error_is_a_content_error() -> None:
    assert issubclass(ImageError, ContentError)


class TestArticleImages:
    def test_ipfs_references_only_deduplicated_and_capped(self) -> None:
        from tui.core.images.attachments import MAX_ARTICLE_IMAGES, markdown_images

        cids = [cid_for(bytes([i])) for i in range(MAX_ARTICLE_IMAGES + 2)]
        body = "\n".join(f"![pic {i}](ipfs://{c})" for i, c in enumerate(cids))
        body += f"\n![again](ipfs://{cids[0]})\n![web](https://example.org/a.png)"
        body += "\n![bad](ipfs://bafynotacid)\n![\x1b[2Jalt](ipfs://" + cids[0] + ")"
        found = markdown_images(body)
        assert [a.cid for a in found] == cids[:MAX_ARTICLE_IMAGES]
        assert found[0].alt == "pic 0" and found[0].mime == ""

    def test_a_hostile_body_does_not_backtrack(self) -> None:
        from tui.core.images.attachments import markdown_images

        body = "![" + "[" * 200_000 + "](ipfs://" + "a" * 100_000
        assert markdown_images(body) == ()  # returns (bounded repeats), finds nothing


def test_the_demo_image_is_small_deterministic_and_attachable() -> None:
    from tui.core.images.extension import DEMO_ALT, demo_image

    data = demo_image()
    assert data == demo_image() and len(data) < 4096
    image = check_image(data, DEMO_ALT, decode=decode)
    assert (image.attachment.width, image.attachment.height) == (96, 64)
