"""``o``: the system viewer gets a private temp file named for the sniffed type, nothing else."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.images.helpers import gradient_png
from tui.core.errors import ContentError
from tui.core.images import viewer


@pytest.fixture
def xdg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(viewer.shutil, "which", lambda name: f"/usr/bin/{name}")


def test_extension_comes_from_the_bytes(xdg: None, tmp_path: Path) -> None:
    data = gradient_png(fmt="GIF")  # a post may claim image/png; the file is what it is
    plan = viewer.plan_open(data, platform="linux", directory=tmp_path)
    assert plan.path.suffix == ".gif" and plan.mime == "image/gif"
    assert plan.command == ("/usr/bin/xdg-open", str(plan.path))
    assert plan.path.read_bytes() == data and plan.size == len(data)
    assert stat.S_IMODE(plan.path.stat().st_mode) == 0o600
    assert plan.lines()[0] == f"Run: /usr/bin/xdg-open {plan.path}"
    viewer.discard(plan)
    assert not plan.path.exists()


def test_macos_uses_open(xdg: None, tmp_path: Path) -> None:
    plan = viewer.plan_open(gradient_png(), platform="darwin", directory=tmp_path)
    assert plan.command[0] == "/usr/bin/open" and plan.path.suffix == ".png"


def test_not_an_image_is_not_written(xdg: None, tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="not a PNG"):
        viewer.plan_open(b"#!/bin/sh\nrm -rf ~\n", directory=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_no_opener(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(viewer.shutil, "which", lambda name: None)
    with pytest.raises(ContentError, match="No system viewer"):
        viewer.plan_open(gradient_png(), directory=tmp_path)
