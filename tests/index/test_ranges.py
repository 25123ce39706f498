"""Recognising each provider's "range too large" answer, and growing back after successes."""

from __future__ import annotations

import pytest

from tui.core.chain.rpc import RpcError
from tui.core.index.ranges import RangeHint, RangeSizer, range_hint


def _err(message: str, code: int = -32000) -> RpcError:
    return RpcError("eth_getLogs", code, message)


@pytest.mark.parametrize(
    ("message", "size", "ceiling"),
    [
        # Alchemy
        ("Log response size exceeded. this block range should work: [0x10, 0x1f]", 16, False),
        # Infura
        (
            "query returned more than 10000 results. Try with this block range [0x0, 0x63].",
            100,
            False,
        ),
        # QuickNode
        ("eth_getLogs is limited to a 1,000 range", 1000, True),
        ("exceed maximum block range: 2000", 2000, True),
        ("block range is too wide", None, False),
        ("Log response size exceeded.", None, False),
    ],
)
def test_provider_messages_are_recognised(message: str, size: int | None, ceiling: bool) -> None:
    hint = range_hint(_err(message), 5000)
    assert hint is not None
    if size is not None:
        assert hint.size == size
        assert hint.ceiling is ceiling


def test_other_errors_are_not_range_errors() -> None:
    assert range_hint(_err("invalid params: address"), 100) is None
    assert range_hint(_err("execution reverted"), 100) is None


def test_sizer_halves_without_hint_and_respects_ceilings() -> None:
    sizer = RangeSizer(initial=1000)
    assert sizer.shrink(1000, RangeHint(None)) == 500
    for _ in range(3):
        sizer.success()
    assert sizer.size == 750
    sizer.shrink(750, RangeHint(100, ceiling=True))
    for _ in range(30):
        sizer.success()
    assert sizer.size == 100
