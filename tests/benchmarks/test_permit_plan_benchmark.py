"""Token-tip permit planning benchmark (on demand): what planning a permit tip costs now that it
signs nothing (a stand-in key and one ``eth_simulateV1``), beside planning the approval and
beside the former plan (the user's key signing the permit, then an ``eth_call``), on anvil.
Also prints the gas the plan gives against the signed call's own ``eth_estimateGas`` and the
gas the mined tip used. Figures are printed (median of ``AGORA_BENCH_RUNS`` runs, default 20),
never asserted against a time limit.

    PYTHONPATH=$PWD python -m pytest -m benchmark -s -p no:xdist \
        tests/benchmarks/test_permit_plan_benchmark.py
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import DEV_ADDRESSES
from tests.tokens.conftest import make_signer, network, pipeline  # noqa: F401 (fixtures)
from tui.core.actions import TxPipeline, TxStatus
from tui.core.actions.calls import build_call
from tui.core.chain.abi import encode_signature
from tui.core.config.settings import Network
from tui.core.tokens import DEMO_TOKEN, TOKEN_TIPS
from tui.core.tokens.erc20 import read_token
from tui.core.tokens.permit import permit_deadline, permit_domain, permit_message
from tui.core.tokens.tips import next_step

pytestmark = [pytest.mark.benchmark, pytest.mark.anvil]

RUNS = int(os.environ.get("AGORA_BENCH_RUNS", "20"))
UNIT = 10**18


def _median_ms(work: Callable[[], Any]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def test_permit_plan_cost_and_gas(pipeline: TxPipeline, network: Network) -> None:  # noqa: F811
    rpc, token, tips = pipeline.rpc, network.contracts[DEMO_TOKEN], network.contracts[TOKEN_TIPS]
    info = read_token(rpc, network, token)
    sender = DEV_ADDRESSES[2]

    def plan(permit: bool) -> Any:
        return next_step(rpc, network, sender, 1, info, UNIT, permit)

    def former() -> None:
        """The former plan's extra work: the user's key signs, then the call is simulated."""
        domain = permit_domain(rpc, token, sender, network.chain_id)
        assert domain is not None
        deadline = permit_deadline(rpc)
        v, r, s = make_signer(2).sign_typed_data(
            permit_message(domain, sender, tips, UNIT, deadline)
        )
        function = "tipTokenWithPermit(uint256,address,uint256,uint256,uint8,bytes32,bytes32)"
        data = encode_signature(function, [1, token, UNIT, deadline, v, r, s])
        rpc.eth_call(tips, data, sender)
        plan(False)

    figures = {
        "approval plan (--no-permit)": _median_ms(lambda: plan(False)),
        "permit plan, former (user's key signs)": _median_ms(former),
        "permit plan, now (stand-in simulation)": _median_ms(lambda: plan(True)),
    }
    for name, ms in figures.items():
        print(f"{name:42} {ms:7.1f} ms (median of {RUNS})")

    step = plan(True)
    later = step.intent.signed_later
    final = build_call(step.intent, network, pipeline.content).signed(
        later.sign(make_signer(2), rpc)
    )
    needed = int(
        rpc.call("eth_estimateGas", [{"from": sender, "to": tips, "data": final.data}]), 16
    )
    signer = make_signer(2)
    done = pipeline.wait(pipeline.submit(pipeline.prepare(step.intent, sender), signer).hash)
    assert done.status == TxStatus.CONFIRMED
    receipt = rpc.receipt(done.hash) or {}
    used = int(str(receipt.get("gasUsed", "0x0")), 16)
    print(
        f"gas: planned {later.gas:,}, signed call's estimate {needed:,}, "
        f"limit sent {done.gas:,}, used {used:,}"
    )
