"""Community points: a public, deterministic rule that turns an epoch's contributions in a
community into earned amounts, the merkle tree members claim from, and the Points contract's
calls. No Textual here; the CLI and the screens present what these modules compute.

Modules: ``rule`` (the rule in integer arithmetic, batch and incremental), ``merkle``
(OpenZeppelin StandardMerkleTree), ``history`` (the rule's inputs read from the chain),
``intents`` (CallIntents), ``deploy``/``extension`` (the contracts and the devnet demo).
"""

KEY = "points"
"""The deployment key of the Points contract (``Deployment.contracts``)."""
