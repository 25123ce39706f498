"""Endorsements and expert acknowledgements as Ethereum Attestation Service attestations.

Agora writes to the EAS contracts everyone else reads (easscan, the EAS SDKs, Optimism's
identity records) instead of a contract of its own, so what people vouch for here is visible
beyond Agora. ``eas`` speaks the contracts' ABI, ``schemas`` Agora's two schemas, ``rules``
decides which attestations count, ``intents`` are the writes, ``extension`` deploys and seeds
the devnet.
"""
