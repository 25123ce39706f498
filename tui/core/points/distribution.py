"""An epoch's distribution (the rule's cumulative amounts and their merkle tree) and its
verification against a proposed root.

``compute`` is what ``agora points compute`` prints and ``propose`` sends; ``check`` is what
``agora points verify`` and the epoch view show: "matches the rule" or a mismatch with the
accounts that differ (when the proposed tree's document can be read).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tui.core.points.merkle import StandardMerkleTree
from tui.core.points.rule import Config, EpochResult, Ledger, Record
from tui.core.text import is_digits

TYPES = ("address", "uint256")
EMPTY_LEAF = "0x" + "0" * 40
_ADDRESS = re.compile(r"0x[0-9a-f]{40}")


@dataclass
class Distribution:
    epoch: int
    result: EpochResult
    leaves: list[tuple[str, int]]
    """(account, cumulative) sorted by account: the tree's values in this order."""
    tree: StandardMerkleTree | None

    @property
    def root(self) -> bytes:
        return self.tree.root if self.tree else b"\x00" * 32

    @property
    def total(self) -> int:
        return sum(v for _, v in self.leaves)

    def proof(self, account: str) -> tuple[int, list[bytes]] | None:
        """(cumulative, proof) of ``account``, None when it has no leaf."""
        if self.tree is None:
            return None
        for i, (who, amount) in enumerate(self.leaves):
            if who.lower() == account.lower():
                return amount, self.tree.proof(i)
        return None

    def document(self) -> dict[str, Any]:
        """The tree CID's document: OpenZeppelin's ``standard-v1`` dump plus the epoch."""
        dump = self.tree.dump() if self.tree else {}
        return {"type": "agora.points.tree", "epoch": self.epoch, **dump}


def compute(config: Config, records: Sequence[Record], epoch: int) -> Distribution:
    """The distribution after ``epoch`` (records past its end are ignored)."""
    end = config.end(epoch)
    ledger = Ledger(config)
    ledger.feed(r for r in records if r[1] < end)
    results = ledger.close(epoch)
    result = results[epoch]
    # Before anyone has earned, the tree holds one placeholder leaf (the zero address, 0), so
    # that quiet first epochs still get a (non-zero) root and later epochs can follow them.
    leaves = sorted(result.cumulative.items()) or [(EMPTY_LEAF, 0)]
    return Distribution(epoch, result, leaves, StandardMerkleTree(leaves, TYPES))


@dataclass(frozen=True)
class Verdict:
    matches: bool
    expected_root: bytes
    proposed_root: bytes
    expected_total: int
    proposed_total: int
    differences: tuple[tuple[str, int, int], ...] = ()
    """(account, by the rule, in the proposed tree) for accounts that differ, when known."""
    tree_read: bool = False


def check(
    dist: Distribution, root: bytes, total: int, tree_doc: dict[str, Any] | None = None
) -> Verdict:
    """Compare a proposed root (and, when readable, its tree document) with the rule."""
    diffs: list[tuple[str, int, int]] = []
    read = False
    if tree_doc is not None:
        proposed = _values(tree_doc)
        if proposed is not None:
            read = True
            ours = {a.lower(): v for a, v in dist.leaves}
            for account in sorted(set(ours) | set(proposed)):
                mine, theirs = ours.get(account, 0), proposed.get(account, 0)
                if mine != theirs:
                    diffs.append((account, mine, theirs))
    matches = root == dist.root and total == dist.total and not diffs
    return Verdict(matches, dist.root, root, dist.total, total, tuple(diffs), read)


def _values(doc: dict[str, Any]) -> dict[str, int] | None:
    """Account -> amount from a ``standard-v1`` dump; None when it is not one."""
    try:
        out: dict[str, int] = {}
        for entry in doc["values"][:1_000_000]:
            account, amount = entry["value"]
            account = str(account).lower()
            if not _ADDRESS.fullmatch(account) or not is_digits(str(amount)):
                return None  # a stranger's document: nothing of it reaches the screen raw
            out[account] = int(amount)
        return out
    except (KeyError, TypeError, ValueError):
        return None
