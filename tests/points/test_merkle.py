"""Our StandardMerkleTree against vectors from @openzeppelin/merkle-tree 1.0.8
(tests/points/fixtures/oz_vectors.js says how they were generated)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.points.merkle import StandardMerkleTree, leaf_hash, verify

VECTORS = json.loads((Path(__file__).parent / "fixtures" / "oz_vectors.json").read_text())
TYPES = ["address", "uint256"]


def _values(raw: list[list[str]]) -> list[tuple[str, int]]:
    return [(a, int(v)) for a, v in raw]


@pytest.mark.parametrize("case", VECTORS["sets"], ids=lambda c: f"{len(c['values'])}-leaves")
def test_root_proofs_and_dump_match_openzeppelin(case: dict) -> None:
    values = _values(case["values"])
    tree = StandardMerkleTree(values, TYPES)
    assert "0x" + tree.root.hex() == case["root"]
    for i, expected in enumerate(case["proofs"]):
        proof = tree.proof(i)
        assert ["0x" + p.hex() for p in proof] == expected
        assert verify(tree.root, leaf_hash(TYPES, values[i]), proof)
    if case["dump"]:
        ours = tree.dump()
        assert ours["tree"] == case["dump"]["tree"]
        assert ours["values"] == case["dump"]["values"]
        assert ours["leafEncoding"] == case["dump"]["leafEncoding"]


def test_a_changed_amount_does_not_verify() -> None:
    values = _values(VECTORS["sets"][4]["values"])
    tree = StandardMerkleTree(values, TYPES)
    account, amount = values[2]
    assert not verify(tree.root, leaf_hash(TYPES, (account, amount + 1)), tree.proof(2))


def test_an_empty_tree_is_refused() -> None:
    with pytest.raises(ValueError):
        StandardMerkleTree([], TYPES)
