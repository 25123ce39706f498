"""Agora core: content."""
