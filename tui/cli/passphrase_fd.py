"""``--passphrase-fd N``: read a passphrase from an inherited file descriptor, never from argv.

Scripts unlock protected accounts with ``agora tip 12 0.001 --yes --passphrase-fd 3 3<pw.txt``
(or ``--passphrase-file`` / ``$AGORA_PASSPHRASE_FILE``): the secret never appears in ``ps``
or in shell history. The descriptor is read once per command, at most 4 KiB, and not closed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from tui.core.errors import UsageError
from tui.core.wallet import Secret

F = TypeVar("F", bound=Callable[..., Any])

_FD = "agora.passphrase_fd"
_READ = "agora.passphrase_fd_secret"
MAX_PASSPHRASE = 4096


def _remember(ctx: click.Context, _param: click.Parameter, value: int | None) -> int | None:
    if value is not None:
        if value < 0:
            raise click.BadParameter("must be an open file descriptor number (0 or more)")
        ctx.meta[_FD] = value
    return value


passphrase_fd_option = click.option(
    "--passphrase-fd",
    type=int,
    default=None,
    expose_value=False,
    callback=_remember,
    metavar="N",
    help="Read the account passphrase from open file descriptor N (e.g. 3 with 3<file).",
)


def with_passphrase_fd(option: Callable[[F], F]) -> Callable[[F], F]:
    """Wrap a ``--passphrase-file`` option decorator so the command also takes ``--passphrase-fd``."""

    def decorate(func: F) -> F:
        return option(passphrase_fd_option(func))

    return decorate


def passphrase_from_fd() -> Secret | None:
    """The passphrase from ``--passphrase-fd`` (read once), or None when it was not given."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or _FD not in ctx.meta:
        return None
    cached: Secret | None = ctx.meta.get(_READ)
    if cached is not None:
        return cached
    fd = ctx.meta[_FD]
    try:
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_PASSPHRASE + 1)
    except OSError as exc:
        raise UsageError(
            f"Cannot read a passphrase from file descriptor {fd}: {exc.strerror}.",
            hint="Open it for the command, e.g. --passphrase-fd 3 3<passphrase.txt",
        ) from None
    if len(data) > MAX_PASSPHRASE:
        raise UsageError(f"The passphrase on file descriptor {fd} is over {MAX_PASSPHRASE} bytes.")
    try:
        text = data.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise UsageError(f"The passphrase on file descriptor {fd} is not UTF-8.") from None
    if not text:
        raise UsageError(f"File descriptor {fd} gave an empty passphrase.")
    secret = Secret(text)
    ctx.meta[_READ] = secret
    return secret
