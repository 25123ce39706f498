"""Agora core: index."""
