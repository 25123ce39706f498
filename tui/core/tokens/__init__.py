"""ERC-20 tokens in Agora: reading a token honestly, and tipping authors in it.

A token is a stranger's contract. Its symbol and name are untrusted text (anyone can deploy a
token called "USDC"), so a token is known only by its address: a short per-chain list of
well-known tokens, plus the devnet's demo token. Any other token is shown with a warning and
its address, and a tip in it asks the user to type its symbol back.

Tips go through Agora's ``TokenTips`` contract, which moves tokens straight from the tipper to
the author (it never holds them) and logs what the author actually received.
"""

TOKEN_TIPS = "token_tips"
"""Deployment key of the TokenTips contract."""
DEMO_TOKEN = "demo_token"
"""Deployment key of the devnet's demo ERC-20 (DEMO, 18 decimals)."""
