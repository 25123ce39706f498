"""Reusable Agora widgets."""
