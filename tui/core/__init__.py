"""The headless core: chain, index, content, wallet, actions and config. Never imports Textual."""
