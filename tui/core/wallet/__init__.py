"""Agora core: wallet."""
