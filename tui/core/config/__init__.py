"""Agora core: config."""
