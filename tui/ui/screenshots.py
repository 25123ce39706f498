"""Write SVG screenshots of the main screens: ``python -m tui.ui.screenshots DIR``.

Built with the same ``make_app`` the CLI and the tests use, over the FakeBackend's fixed data
and a fixed clock, so the pictures are reproducible.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

SIZE = (100, 30)

Step = Callable[[Any], Awaitable[None]]


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _keys(*keys: str) -> Step:
    async def step(pilot: Any) -> None:
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return step


def _until_modal(*keys: str) -> Step:
    """Press ``keys``, then wait for a dialog to open (not for workers: a write flow's worker
    waits on that dialog, so waiting for every worker to finish would never return)."""

    async def step(pilot: Any) -> None:
        from textual.screen import ModalScreen

        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        for _ in range(200):
            if isinstance(pilot.app.screen, ModalScreen) and pilot.app.screen.is_current:
                break
            await pilot.pause(0.05)
        await pilot.pause(0.2)

    return step


SHOTS: dict[str, tuple[dict[str, Any], Step]] = {
    "timeline-home": ({}, _keys()),
    "timeline-global": ({}, _keys("2")),
    "timeline-articles": ({}, _keys("3")),
    "timeline-communities": ({}, _keys("5")),
    "notifications": ({}, _keys("4")),
    "thread": ({}, _keys("2", "j", "j", "j", "j", "j", "enter")),
    "profile": ({}, _keys("p")),
    "search": ({}, _keys("slash", *"agora", "enter")),
    "help": ({}, _keys("question_mark")),
    "settings": ({}, _keys("s")),
    "compose": ({}, _keys("n", *"Hello from the terminal. Keys in the keyring, posts on IPFS.")),
    "confirm": ({}, _until_modal("2", "t", "enter")),
    "article": ({}, _keys("3", "enter")),
    "wallet": ({}, _keys("w")),
    "welcome": ({"first_run": True}, _keys()),
    "offline": ({"offline": True}, _keys()),
    "communities": ({}, _keys("C")),
    "community": ({}, _keys("C", "j", "j", "j", "enter")),
    "messages": ({}, _keys("M")),
    "rounds": ({}, _keys("F")),
}


async def _shoot(name: str, options: dict[str, Any], step: Step, out: Path) -> Path:
    from tui.ui import screens
    from tui.ui.backend import FAKE_NOW, FakeBackend
    from tui.ui.factory import make_app

    del screens
    backend = FakeBackend(offline=bool(options.get("offline")))
    app = make_app(backend=backend, now=FAKE_NOW, first_run=bool(options.get("first_run")))
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await step(pilot)
        target = out / f"{name}.svg"
        app.save_screenshot(filename=target.name, path=str(out))
    return target


def main(argv: list[str] | None = None) -> int:
    """Each screenshot runs in its own process: a fresh app, loop and environment."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    if len(args) >= 3 and args[1] == "--only":
        return _one(args[2], out)
    for name in SHOTS:
        done = subprocess.run(
            [sys.executable, "-m", "tui.ui.screenshots", str(out), "--only", name],
            timeout=120,
            check=False,
        )
        if done.returncode:
            return done.returncode
    return 0


def _one(name: str, out: Path) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        # Isolated settings and data: screenshots never show the user's own accounts or paths.
        os.environ["AGORA_HOME"] = str(Path(scratch) / "home")
        os.environ["AGORA_CONFIG"] = str(Path(scratch) / "settings.toml")
        import tui.ui.widgets.account_form as account_form

        account_form.keyring_status = lambda: (
            True,
            "Keyring: ready. Your key will be stored in the OS keyring.",
        )
        options, step = SHOTS[name]
        path = asyncio.run(_shoot(name, options, step, out))
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
