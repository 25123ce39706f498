"""``agora post --attach FILE --alt TEXT``: checked, stored, confirmed, posted, read back."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_wallet.test_cli_flows import agora
from tests.images.helpers import gradient_png, noise_png
from tests.index.kit import Agora
from tui.core.content.cid import MAX_BLOCK, cid_for
from tui.core.content.store import LocalContentStore

HOSTILE_ALT = "a \x1b]52;c;cm0gLXJmIH4=\x07cat\u202e [@click=app.quit]x[/]"


def test_post_with_an_image_and_read_it_back(
    kit: Agora, passphrase_file: Path, tmp_path: Path, isolated_home: Path
) -> None:
    image = tmp_path / "gradient.png"
    image.write_bytes(gradient_png())
    cid = cid_for(image.read_bytes())
    pw = ("--passphrase-file", str(passphrase_file))
    dry = agora("post", "look", "--attach", str(image), "--alt", HOSTILE_ALT, "--dry-run",
                "--json", *pw)  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    lines = json.loads(dry.stdout)["lines"]
    shown = [line for line in lines if "image 1:" in line]
    assert shown and "image/png, 48×32" in shown[0] and cid in shown[0]
    assert "\x1b" not in dry.stdout and "\u202e" not in shown[0]

    done = agora("post", "look", "--attach", str(image), "--alt", HOSTILE_ALT, "--yes",
                 "--json", *pw)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert LocalContentStore(isolated_home / "content").get(cid) == image.read_bytes()

    timeline = agora("timeline", "global", "--json")
    assert timeline.returncode == 0, timeline.stderr
    post = json.loads(timeline.stdout)[0]
    (attachment,) = post["attachments"]
    assert attachment["cid"] == cid and attachment["mime"] == "image/png"
    assert attachment["width"] == 48 and attachment["bytes"] == len(image.read_bytes())
    assert "\x1b" not in attachment["alt"] and "\u202e" not in attachment["alt"]
    assert "cat" in attachment["alt"]

    thread = agora("thread", str(post["id"]))
    assert thread.returncode == 0, thread.stderr
    assert "[image: " in thread.stdout and cid in thread.stdout and "\x1b" not in thread.stdout


def test_an_image_over_one_block_is_refused_with_the_reason(
    kit: Agora, passphrase_file: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(noise_png(320, 320))
    done = agora("post", "too big", "--attach", str(big), "--yes", "--json",
                 "--passphrase-file", str(passphrase_file))  # fmt: skip
    assert done.returncode != 0
    error = json.loads(done.stdout or done.stderr)
    text = json.dumps(error)
    assert f"{big.stat().st_size:,} bytes" in text and f"{MAX_BLOCK:,}" in text
    assert "Shrink" in text and "Traceback" not in done.stderr


def test_alt_without_an_image_is_a_usage_error(kit: Agora, passphrase_file: Path) -> None:
    done = agora("post", "x", "--alt", "lonely", "--dry-run", "--passphrase-file",
                 str(passphrase_file))  # fmt: skip
    assert done.returncode != 0 and "--alt describes an image" in done.stderr
