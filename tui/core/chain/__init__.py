"""Agora core: chain."""
