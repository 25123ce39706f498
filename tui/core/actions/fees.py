"""EIP-1559 fee caps from recent blocks, suited to L1s and L2s alike.

The priority fee is the median of recent blocks' median rewards, clamped between a floor and a
ceiling (L2 tips are a fraction of a gwei; an empty devnet pays none). The max fee leaves room
for the base fee to double before the transaction stops being includable.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from tui.core.chain.rpc import RpcClient, RpcError

BLOCKS = 10
PRIORITY_FLOOR = 1_000_000
"""0.001 gwei: enough for L2 sequencers and an empty devnet."""
PRIORITY_CEILING = 50 * 10**9
"""50 gwei: never pay more than this as a tip, whatever a few outlier blocks did."""
BUMP_NUM, BUMP_DEN = 1125, 1000
"""Replacements raise both caps by at least 12.5% (geth's and anvil's minimum)."""


@dataclass(frozen=True)
class Fees:
    max_fee_per_gas: int
    max_priority_fee_per_gas: int


def _int(value: object) -> int:
    return int(str(value), 16)


def suggest_fees(rpc: RpcClient) -> Fees:
    """Fee caps for a transaction sent now."""
    try:
        history = rpc.call("eth_feeHistory", [hex(BLOCKS), "latest", [50]])
        base = _int(history["baseFeePerGas"][-1])  # the next block's base fee
        rewards = [_int(r[0]) for r in history.get("reward") or [] if r]
        tip = int(statistics.median(rewards)) if rewards else PRIORITY_FLOOR
    except (RpcError, KeyError, IndexError, TypeError, ValueError):
        block = rpc.get_block("latest") or {}
        base = _int(block.get("baseFeePerGas", "0x0"))
        try:
            tip = _int(rpc.call("eth_maxPriorityFeePerGas"))
        except (RpcError, TypeError, ValueError):
            tip = PRIORITY_FLOOR
    tip = min(max(tip, PRIORITY_FLOOR), PRIORITY_CEILING)
    return Fees(max_fee_per_gas=2 * base + tip, max_priority_fee_per_gas=tip)


def bump(old: Fees, current: Fees) -> Fees:
    """Caps for a replacement: at least +12.5% on both, and at least what the chain wants now."""

    def up(value: int) -> int:
        return -(-value * BUMP_NUM // BUMP_DEN) + 1

    tip = max(up(old.max_priority_fee_per_gas), current.max_priority_fee_per_gas)
    cap = max(up(old.max_fee_per_gas), current.max_fee_per_gas, tip)
    return Fees(max_fee_per_gas=cap, max_priority_fee_per_gas=tip)
