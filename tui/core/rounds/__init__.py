"""Retroactive funding rounds: the Rounds contract's client side (no Textual here)."""
