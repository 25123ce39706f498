"""Agora: a terminal client for decentralized social media on Ethereum and IPFS."""

__version__ = "0.1.0"
