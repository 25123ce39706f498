"""What small avatars cost a screen of rows (on demand: ``pytest -m benchmark``).

A screen of 24 rows by 24 named authors, each with a 256-pixel PNG avatar. Measured side by
side in one run: the rows drawn without avatars (the reference); cold (empty disk cache: every
avatar decoded in the sandbox process, shrunk, stored in SQLite, then drawn as half-blocks);
warm after a restart (a new store on the same file, nothing in memory: pixels read back from
SQLite and drawn); and warm in memory (the steady state while scrolling). The record reads and
image fetches are in-memory stand-ins, so the figures are Agora's own work, not the network's.
"""

from __future__ import annotations

import statistics
import time
from functools import partial
from pathlib import Path

import pytest
from textual.content import Content

from tui.core.ens import faces
from tui.core.ens.avatar import Avatar
from tui.core.ens.demo import identicon_png
from tui.core.ens.faces import FaceStore, load_faces
from tui.core.ens.verified import forget_all, remember
from tui.core.images.sandbox import shutdown
from tui.core.models import ContentStatus, PostView
from tui.ui.widgets import avatar_gutter
from tui.ui.widgets.avatar_gutter import with_avatar
from tui.ui.widgets.post_card import post_lines

pytestmark = pytest.mark.benchmark

ROWS = 24
AUTHORS = [f"0x{n:040x}" for n in range(1, ROWS + 1)]
NAMES = {a: f"writer{n}.eth" for n, a in enumerate(AUTHORS)}
IMAGES = {f"https://img.example/{n}.png": identicon_png(f"w{n}", 256) for n in range(ROWS)}
POSTS = [
    PostView(
        id=n + 1,
        author=a,
        text=f"Post number {n} with a line of text to wrap " * 3,
        timestamp=1_700_000_000,
        parent=0,
        cid=f"bafy{n}",
        content_status=ContentStatus.VERIFIED,
        block=n,
        tx_hash="0x",
    )
    for n, a in enumerate(AUTHORS)
]


def _record(name: str) -> str:
    return f"https://img.example/{name[6:-4]}.png"


def _resolve(record: str, owner: str) -> Avatar:
    return Avatar(record, image=IMAGES[record])


def _lines(post: PostView, width: int) -> list[Content]:
    return post_lines(post, width, 1_700_000_100)


def _draw(avatars: bool) -> None:
    for post in POSTS:
        if avatars:
            with_avatar(post.author, 99, partial(_lines, post))
        else:
            post_lines(post, 99, 1_700_000_100)


def _load(path: Path) -> None:
    found = load_faces(dict(NAMES), FaceStore.open(str(path)), read_record=_record,
                       resolve=_resolve)  # fmt: skip
    faces.remember(found.values())


def _cold(tmp: Path, run: int) -> float:
    path = tmp / f"cold{run}.sqlite"
    faces.forget_all()
    avatar_gutter._DRAWN.clear()
    start = time.perf_counter()
    _load(path)
    _draw(True)
    return time.perf_counter() - start


def _warm_restart(path: Path) -> float:
    faces.forget_all()
    avatar_gutter._DRAWN.clear()
    start = time.perf_counter()
    _load(path)
    _draw(True)
    return time.perf_counter() - start


def _timed(func: object) -> float:
    start = time.perf_counter()
    func()  # type: ignore[operator]
    return time.perf_counter() - start


def test_avatars_for_a_screen_of_rows(tmp_path: Path) -> None:
    forget_all()
    remember(dict(NAMES))
    try:
        from tui.core.images.sandbox import decode_bounded

        decode_bounded(identicon_png("warm-up"))  # the sandbox process starts once per app
        reference, cold, restart, memory = [], [], [], []
        for run in range(5):
            reference.append(_timed(lambda: _draw(False)))
            cold.append(_cold(tmp_path, run))
            restart.append(_warm_restart(tmp_path / f"cold{run}.sqlite"))
            memory.append(_timed(lambda: _draw(True)))
        ms = {k: statistics.median(v) * 1000 for k, v in
              {"reference": reference, "cold": cold, "restart": restart, "memory": memory}.items()}  # fmt: skip
        print(
            f"\n{ROWS} rows: {ms['reference']:.1f} ms without avatars (reference); with avatars "
            f"{ms['cold']:.1f} ms cold, {ms['restart']:.1f} ms warm from disk after a restart, "
            f"{ms['memory']:.1f} ms warm in memory"
        )
        assert all(faces.face_of(a) is not None for a in AUTHORS)
    finally:
        forget_all()
        faces.forget_all()
        shutdown()
