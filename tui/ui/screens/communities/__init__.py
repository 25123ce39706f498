"""The Communities screens: the directory (``C``), one community, and their dialogs."""
