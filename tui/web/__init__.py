"""Agora in a browser page: ``agora serve`` runs the TUI behind a guard (tui/web/guard.py).

Everything here needs the ``web`` extra (textual-serve and aiohttp); nothing else in Agora
imports it, so a terminal-only install never loads a web server.
"""
