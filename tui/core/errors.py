"""One exception tree for everything a user can act on.

The CLI maps each class to a documented exit code and a stable JSON ``error`` code; the TUI
shows ``str(error)`` in a notification. Messages are written for users: they say what went wrong
and what to do next, and never contain secrets or raw tracebacks.
"""

from __future__ import annotations


class AgoraError(Exception):
    """Base class of every error Agora reports to a user."""

    #: Stable machine-readable code, printed as ``{"error": code}`` by ``--json``.
    code = "error"
    #: Process exit code used by the CLI.
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class UsageError(AgoraError):
    """The command line or an argument is wrong."""

    code = "usage"
    exit_code = 2


class NotFoundError(AgoraError):
    """A post, account, article or transaction the user named does not exist."""

    code = "not_found"
    exit_code = 3


class RejectedError(AgoraError):
    """The user declined a confirmation, or a write needs confirmation and there is no TTY."""

    code = "rejected"
    exit_code = 4


class ChainError(AgoraError):
    """The RPC node is unreachable, on the wrong chain, or a transaction failed."""

    code = "chain"
    exit_code = 5


class ContentError(AgoraError):
    """Content is malformed, too large, unavailable or does not match its CID."""

    code = "content"
    exit_code = 6


class WalletError(AgoraError):
    """No keyring, no account, a wrong passphrase, a hostile keystore, or insufficient funds."""

    code = "wallet"
    exit_code = 7


class ConfigError(AgoraError):
    """The settings file or a network definition is invalid."""

    code = "config"
    exit_code = 8


class DevnetError(AgoraError):
    """The embedded devnet (anvil) could not be found, started or reached."""

    code = "devnet"
    exit_code = 9


class DevnetStopped(DevnetError):
    """The devnet is not running (stopped, or never set up) and nothing may start it unasked:
    front ends ask the user before starting it."""
