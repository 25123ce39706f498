"""Fast unit tests of the devnet's pure parts: records, timestamps, names."""

from __future__ import annotations

import itertools
import random

from hypothesis import given
from hypothesis import strategies as st

from tui.core.chain.devnet import RESET_GLOBS, DevnetRecord
from tui.core.chain.seed import _timestamps
from tui.core.chain.seed_data import DEV_KEYS, PERSONAS, SCRIPT


def test_record_round_trips() -> None:
    record = DevnetRecord(
        rpc_url="http://127.0.0.1:8545", social="0x" + "a" * 40, articles="0x" + "b" * 40,
        deploy_block=3, pid=42, port=8545, state_file="/x/state.json", seeded=True,
        seed={"posts": 3},
    )  # fmt: skip
    data = record.to_json()
    assert data["contracts"] == {"social": "0x" + "a" * 40, "articles": "0x" + "b" * 40}
    assert DevnetRecord.from_json(data) == record


def test_damaged_records_are_absent() -> None:
    bad_records: list[object] = [None, [], "x", {"pid": "not a number"}, {"port": [1]}]
    for bad in bad_records:
        assert DevnetRecord.from_json(bad) is None
    assert DevnetRecord.from_json({}) == DevnetRecord()


@given(
    count=st.integers(1, 200),
    start=st.integers(0, 2**33),
    span=st.integers(0, 30 * 86400),
    seed=st.integers(0, 1000),
)
def test_timestamps_increase_within_bounds(count: int, start: int, span: int, seed: int) -> None:
    times = _timestamps(count, start, start + span, random.Random(seed))
    assert len(times) == count
    assert all(b > a for a, b in itertools.pairwise(times))
    assert times[0] >= start
    if span >= count:
        assert times[-1] <= start + span


def test_demo_cast_and_reset_list() -> None:
    assert set(PERSONAS) == set(DEV_KEYS)
    assert {step.who for step in SCRIPT} == set(DEV_KEYS)
    assert "devnet/*" in RESET_GLOBS and "index/devnet-*" in RESET_GLOBS
