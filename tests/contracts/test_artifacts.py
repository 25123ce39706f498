"""The committed artifacts match the sources, and the compiler pin holds."""

from __future__ import annotations

import json

import pytest

from tui.contracts.build import ARTIFACTS, COMPILER, CONTRACTS, build_artifact, source_path


@pytest.mark.parametrize("name", CONTRACTS)
def test_committed_artifact_matches_a_fresh_compile(name: str) -> None:
    committed = json.loads((ARTIFACTS / f"{name}.json").read_text())
    fresh = build_artifact(name)
    assert committed["contractName"] == name
    assert committed["compiler"] == COMPILER
    assert committed["sourceHash"] == fresh["sourceHash"], (
        f"{name}.vy changed: run `python -m tui.contracts.build` and commit the artifacts"
    )
    assert committed["abi"] == fresh["abi"], "ABI drift: rebuild the artifacts"
    assert committed["bytecode"] == fresh["bytecode"], "bytecode drift: rebuild the artifacts"


@pytest.mark.parametrize("name", CONTRACTS)
def test_sources_pin_the_compiler(name: str) -> None:
    first_line = source_path(name).read_text().splitlines()[0]
    assert first_line == "# pragma version 0.4.3"
