"""Each Communities UI test starts with no kept dialog text (it is kept per process)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.conftest import anyio_backend  # noqa: F401 - the async pilot tests run on asyncio
from tui.ui.screens.communities.modals import TextModal


@pytest.fixture(autouse=True)
def no_kept_text() -> Iterator[None]:
    TextModal.kept.clear()
    yield
    TextModal.kept.clear()
