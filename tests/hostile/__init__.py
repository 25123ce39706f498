"""Hostile content everywhere a stranger can write, and everywhere Agora shows it."""
