"""What naming the payee costs a confirmation: prepare() of a collect with and without it.

Run with ``pytest -m benchmark -s -p no:xdist tests/benchmarks/test_confirmation_benchmark.py``.
Both variants run in the same process against the same anvil, alternating, so the machine's load
hits them alike. The reference is the same pipeline with the payee lookup and the owned-editions
note switched off. Timing is printed, never asserted; the assertions are about what is shown.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.actions.conftest import make_signer
from tests.conftest import DEV_KEYS
from tui.core.actions import CollectIntent, PublishIntent, TxPipeline, TxStatus
from tui.core.actions import pipeline as pipeline_module
from tui.core.chain.deploy import deploy_contracts
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.store import LocalContentStore

pytestmark = pytest.mark.benchmark

ROUNDS = 30


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def test_prepare_collect_with_and_without_the_payee(
    anvil: RpcClient, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deployment = deploy_contracts(anvil, DEV_KEYS[0])
    network = Network(
        name="bench", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
    )  # fmt: skip
    pipeline = TxPipeline(isolated_home, network, anvil, LocalContentStore(isolated_home / "c"))
    author, fan = make_signer(1), make_signer(2)
    intent = PublishIntent(title="Essay", body="# Hi", price_wei=0, editions=1000)
    entry = pipeline.submit(pipeline.prepare(intent, author.address), author)
    assert pipeline.wait(entry.hash, timeout=30).status == TxStatus.CONFIRMED
    for _ in range(5):  # the fan already owns editions: the note's scan has work to do
        owned = pipeline.submit(pipeline.prepare(CollectIntent(1, 0), fan.address), fan)
        assert pipeline.wait(owned.hash, timeout=30).status == TxStatus.CONFIRMED
    collect = CollectIntent(1, 0)
    shown = pipeline.prepare(collect, fan.address).confirmation
    assert shown.payee is not None and len(shown.notes) == 1
    with_payee: list[float] = []
    reference: list[float] = []
    for _ in range(ROUNDS):
        with_payee.append(_time(lambda: pipeline.prepare(collect, fan.address)))
        with monkeypatch.context() as off:
            off.setattr(pipeline_module, "payee_lookup", lambda _kind, _args: None)
            off.setattr(pipeline_module, "notes_for", lambda *_a: ())
            reference.append(_time(lambda: pipeline.prepare(collect, fan.address)))
    for name, runs in (("with payee + owned note", with_payee), ("reference", reference)):
        print(
            f"{name:>24}: median {statistics.median(runs):6.2f} ms, "
            f"best {min(runs):6.2f} ms ({ROUNDS} runs)"
        )
