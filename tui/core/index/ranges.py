"""Adaptive eth_getLogs block ranges: recognise each provider's "range too large" answer.

Providers limit log queries differently and say so in different words. When the error names a
range or a size that would work we jump straight to it; otherwise we halve. After a run of
successes the range grows again, so a quiet stretch of chain is crossed in few requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.chain.rpc import RpcError

_SUGGESTED = re.compile(r"\[\s*(0x[0-9a-fA-F]+)\s*,\s*(0x[0-9a-fA-F]+)\s*\]")
"""Infura/Alchemy: "this block range should work: [0x1, 0x2]"."""
_LIMIT = re.compile(
    r"(?:maximum block range|max(?:imum)? range|limited to(?: a)?|range limit(?: of| is)?"
    r"|block range limit(?: of| is)?)[:\s]*([\d,]+)",
    re.IGNORECASE,
)
"""QuickNode/others: "exceed maximum block range: 2000", "block range limited to 500"."""

_MARKERS = (
    "too many results",
    "query returned more than",
    "block range",
    "range is too",
    "response size",
    "log response size exceeded",
    "too wide",
    "too large",
    "limit exceeded",
    "exceed maximum",
    "range too",
    "more than 10000",
    "query timeout",
    "results exceeded",
    "limited to",
)


@dataclass(frozen=True)
class RangeHint:
    """What a "range too large" error told us."""

    size: int | None
    """A block count that should work, when the provider said so."""
    ceiling: bool = False
    """True when ``size`` is the provider's fixed block-range limit (never grow past it)."""


def range_hint(error: RpcError, requested: int) -> RangeHint | None:
    """Return a hint when ``error`` means "ask for fewer blocks", else None.

    ``requested`` is the size (in blocks) of the request that failed.
    """
    message = error.rpc_message.lower()
    if not any(marker in message for marker in _MARKERS) and error.rpc_code != -32005:
        return None
    match = _SUGGESTED.search(error.rpc_message)
    if match:
        start, end = int(match[1], 16), int(match[2], 16)
        if end >= start:
            return RangeHint(size=max(1, min(end - start + 1, requested - 1 or 1)))
    match = _LIMIT.search(error.rpc_message)
    if match:
        limit = int(match[1].replace(",", "") or 0)
        if 0 < limit < requested:
            return RangeHint(size=limit, ceiling=True)
    return RangeHint(size=None)


TARGET_LOGS = 4000
"""Logs per eth_getLogs answer we aim for (a few MB): big enough to amortise a round trip,
small enough that a few answers in flight keep memory flat."""


class RangeSizer:
    """The current block-range size: shrinks on provider limits, follows the observed log density.

    A block range says nothing about how many logs it holds (one block of a busy contract can
    hold thousands), so after each answer the next range is sized to hold about
    ``target_logs`` at the density just seen, growing at most ``max_growth`` times per answer
    (a quiet stretch may be followed by a busy one).
    """

    def __init__(
        self,
        initial: int = 2000,
        minimum: int = 1,
        maximum: int = 100_000,
        *,
        target_logs: int = TARGET_LOGS,
        max_growth: int = 4,
    ) -> None:
        self.size = initial
        self.minimum = minimum
        self.maximum = maximum
        self.target_logs = target_logs
        self.max_growth = max_growth
        self._streak = 0

    def shrink(self, requested: int, hint: RangeHint) -> int:
        """Shrink after a failure of a ``requested``-block query and return the new size."""
        self._streak = 0
        target = hint.size if hint.size else max(requested // 2, 1)
        self.size = max(self.minimum, min(target, self.size))
        if hint.ceiling and hint.size:
            self.maximum = max(self.minimum, min(self.maximum, hint.size))
        return self.size

    def success(self) -> None:
        """Grow by half after a few successes in a row (providers' limits are steady)."""
        self._streak += 1
        if self._streak >= 3:
            self._streak = 0
            self.size = min(self.maximum, self.size + max(self.size // 2, 1))

    def observe(self, blocks: int, logs: int) -> None:
        """Size the next range from an answer of ``logs`` logs for ``blocks`` blocks."""
        self._streak = 0
        blocks = max(blocks, 1)
        if logs * 2 <= self.target_logs and blocks < self.size:
            return  # a short range (the chain's tip) says little about density
        wanted = blocks * self.target_logs // max(logs, 1)
        grown = min(wanted, blocks * self.max_growth)
        self.size = max(self.minimum, min(self.maximum, grown))
