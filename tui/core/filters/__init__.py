"""Reading filters: muted and blocked authors, keyword filters, bookmarks (all local, no chain).

``model`` is the rule as stored in the settings, ``rules`` compiles and matches rules, ``store``
keeps people and bookmarks in ``AGORA_HOME/reading.sqlite``, ``actions`` are the operations the
CLI, the ``:`` commands and the TUI keys share. ``tui.core.index.filters`` applies them all.
"""
