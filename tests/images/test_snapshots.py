"""Snapshots of post images (half-blocks, images generated in the test) at 100x30 and 80x24."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.images.fake_posts import TOP, attach
from tests.images.helpers import gradient_png
from tests.ui.conftest import SIZES, build
from tests.ui.test_snapshots import run
from tui.core.images.attachments import ATTACHMENTS_FIELD, draft_field
from tui.core.images.sandbox import shutdown
from tui.ui.backend import FakeBackend
from tui.ui.drafts import DraftStore
from tui.ui.widgets import post_images


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    post_images._cache.clear()
    yield
    shutdown()


def _backend() -> FakeBackend:
    backend = FakeBackend()
    attach(backend, TOP, [(gradient_png(), "a red and green gradient"),
                          (gradient_png(20, 20), "a square that never arrives")])  # fmt: skip
    backend.fake_ipfs.pop(backend._by_id[TOP].attachments[1].cid)
    return backend


@pytest.mark.parametrize("size", SIZES)
class TestPostImages:
    def test_card_marker_in_global(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(_backend()), terminal_size=size, run_before=run("2"))

    def test_thread_draws_the_image(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("2", "enter", "tab")  # tab: into the text pane, which scrolls
        assert snap_compare(build(_backend()), terminal_size=size, run_before=run(*keys))

    def test_compose_lists_attachments(
        self, snap_compare: Any, size: tuple[int, int], isolated_home: Path
    ) -> None:
        backend = _backend()
        fields = {
            "text": "Two pictures",
            ATTACHMENTS_FIELD: draft_field(backend._by_id[TOP].attachments),
        }
        DraftStore().save("post", fields)
        assert snap_compare(build(backend), terminal_size=size, run_before=run("n"))
