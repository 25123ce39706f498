"""The Textual front end: app, screens, widgets, keymap and command palette."""
