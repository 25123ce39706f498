"""The one app factory: used by ``agora``, the tests and the screenshot script alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.ui.backend import Backend
from tui.ui.timefmt import system_clock

if TYPE_CHECKING:
    from tui.core.context import AgoraContext
    from tui.ui.app import AgoraApp


def make_app(
    ctx: AgoraContext | None = None,
    *,
    backend: Backend | None = None,
    now: float | Callable[[], float] | None = None,
    size: tuple[int, int] | None = None,
    resolve: Callable[[], tuple[str, int]] | None = None,
    first_run: bool | None = None,
) -> AgoraApp:
    """Build the app.

    Args:
        ctx: Settings and paths; loaded from the environment when omitted.
        backend: What the screens read and write through; the real ``CoreBackend(ctx)`` when
            omitted. Tests and screenshots pass a ``FakeBackend``.
        now: A fixed clock (a timestamp or a callable) for deterministic relative times.
        size: Unused by the app itself; accepted so callers can keep the terminal size beside
            the rest of the app's configuration (tests pass it to ``run_test``).
        resolve: Blocking callable that starts/reaches the network and returns its name and
            chain id; run in a worker after the first paint. None for fakes.
        first_run: Show the welcome screen (defaults to "no account yet" with the real backend).
    """
    from tui.core.context import AgoraContext
    from tui.ui.app import AgoraApp

    del size
    ctx = ctx or AgoraContext.load()
    from tui.ui.backend import CoreBackend

    if backend is None:
        backend = CoreBackend(ctx)
    if first_run is None:
        first_run = isinstance(backend, CoreBackend) and not _has_account(ctx)
    clock: Callable[[], float]
    if now is None:
        clock = system_clock
    elif callable(now):
        clock = now
    else:
        fixed = float(now)
        clock = lambda: fixed  # noqa: E731
    return AgoraApp(
        backend,
        now=clock,
        home=ctx.home,
        config_path=ctx.config_path,
        theme_name=ctx.settings.theme,
        keymap=dict(ctx.settings.keymap),
        resolve=resolve,
        poll=True,
        first_run=bool(first_run),
        ctx=ctx,
    )


def _has_account(ctx: Any) -> bool:
    """Whether the account index lists any account (a cheap JSON read, no keyring)."""
    try:
        from tui.core.wallet.index import AccountIndex

        path = ctx.home / "accounts.json"
        return bool(AccountIndex(path).accounts) if path.exists() else False
    except Exception:
        return False
