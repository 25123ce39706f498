"""Agora screens."""
