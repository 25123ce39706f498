"""Communities: groups with on-chain moderation, appeals, governance and forks (no Textual)."""
