"""Run the real app on the hostile FakeBackend in a real terminal (used by the tmux test)."""

from __future__ import annotations

from tests.hostile.backend import FakeHostileBackend
from tui.ui.backend import FAKE_NOW
from tui.ui.factory import make_app

if __name__ == "__main__":
    app = make_app(backend=FakeHostileBackend(), now=FAKE_NOW, first_run=False)
    app.animation_level = "none"
    app.run()
