"""Agora core: actions."""
