"""Image tests reuse the CLI wallet fixtures (Agora deployed on the shared anvil)."""

from __future__ import annotations

from tests.actions.conftest import network  # noqa: F401  (fixtures, used by name)
from tests.cli_wallet.conftest import kit, passphrase_file  # noqa: F401
