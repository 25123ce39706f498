"""The messages tests reuse the CLI tests' deployed-network fixture."""

from __future__ import annotations

from tests.cli_wallet.conftest import kit  # noqa: F401  (a fixture, used by name)
