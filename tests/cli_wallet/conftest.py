"""CLI wallet tests reuse the deployed-network fixture of the actions tests."""

from tests.actions.conftest import network  # noqa: F401  (a fixture, used by name)
