"""OpenZeppelin StandardMerkleTree (``standard-v1``) on eth-abi and eth-hash, no new dependency.

Leaves are ``keccak256(keccak256(abi.encode(values)))`` (double hashing rules out second
preimages); the tree is an array with the sorted leaf hashes at its end in reverse order,
each parent the hash of its children sorted; a proof lists siblings from leaf to root. The
same layout as @openzeppelin/merkle-tree, so its dumps, roots and proofs match ours and the
Points contract (snekmate's OZ-compatible verifier) accepts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eth_abi import encode
from eth_hash.auto import keccak


def leaf_hash(types: Sequence[str], value: Sequence[Any]) -> bytes:
    return keccak(keccak(encode(list(types), list(value))))


def hash_pair(a: bytes, b: bytes) -> bytes:
    return keccak(a + b if a <= b else b + a)


class StandardMerkleTree:
    """A tree over ``values`` (each a sequence matching ``types``)."""

    def __init__(self, values: Sequence[Sequence[Any]], types: Sequence[str]) -> None:
        if not values:
            raise ValueError("a merkle tree needs at least one leaf")
        self.types = list(types)
        self.values = [list(v) for v in values]
        hashed = sorted((leaf_hash(types, v), i) for i, v in enumerate(values))
        n = len(hashed)
        tree: list[bytes] = [b""] * (2 * n - 1)
        self._position = [0] * n
        for i, (digest, value_index) in enumerate(hashed):
            tree[len(tree) - 1 - i] = digest
            self._position[value_index] = len(tree) - 1 - i
        for i in range(len(tree) - 1 - n, -1, -1):
            tree[i] = hash_pair(tree[2 * i + 1], tree[2 * i + 2])
        self.tree = tree

    @property
    def root(self) -> bytes:
        return self.tree[0]

    def proof(self, value_index: int) -> list[bytes]:
        """Siblings from the leaf of ``values[value_index]`` up to the root."""
        i = self._position[value_index]
        path = []
        while i > 0:
            path.append(self.tree[i + 1 if i % 2 else i - 1])
            i = (i - 1) // 2
        return path

    def dump(self) -> dict[str, Any]:
        """The ``standard-v1`` JSON that @openzeppelin/merkle-tree loads."""
        return {
            "format": "standard-v1",
            "leafEncoding": self.types,
            "tree": ["0x" + node.hex() for node in self.tree],
            "values": [
                {"value": [_json(x) for x in v], "treeIndex": self._position[i]}
                for i, v in enumerate(self.values)
            ],
        }


def verify(root: bytes, leaf: bytes, proof: Sequence[bytes]) -> bool:
    node = leaf
    for sibling in proof:
        node = hash_pair(node, sibling)
    return node == root


def _json(x: Any) -> Any:
    return str(x) if isinstance(x, int) and not isinstance(x, bool) else x
