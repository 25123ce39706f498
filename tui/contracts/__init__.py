"""Agora's Vyper contracts (sources) and their compiled artifacts (artifacts/*.json)."""
