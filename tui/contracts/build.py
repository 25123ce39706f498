"""Compile the Vyper contracts into the committed JSON artifacts: ``python -m tui.contracts.build``.

The artifacts are committed so that users never need the compiler; the drift test in
tests/contracts recompiles the sources and fails if the committed ABI or bytecode differ.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from tui.core.errors import AgoraError

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
CONTRACTS = (
    "Social",
    "Articles",
    "TokenTips",
    "DemoToken",
    "Inbox",
    "Communities",
    "Rounds",
    "PointsToken",
    "Points",
)
COMPILER = "vyper 0.4.3"
"""The exact compiler the sources pin with ``# pragma version``."""


def source_path(name: str) -> Path:
    return HERE / f"{name}.vy"


def source_hash(path: Path) -> str:
    """sha256 of the source bytes: says which source an artifact was built from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compile_file(path: Path) -> dict[str, Any]:
    """Compile one Vyper file (snekmate resolves from sys.path) into ``{"abi", "bytecode"}``.

    Raises AgoraError when vyper (a development dependency) is missing or the wrong version,
    since users without it should use the committed artifacts instead.
    """
    try:
        import vyper
        from vyper.cli.vyper_compile import compile_files
    except ImportError:
        raise AgoraError(
            "The Vyper compiler is not installed.",
            hint="Install the development extras: pip install -e '.[dev]'",
        ) from None
    version = vyper.__version__.split("+")[0]
    if f"vyper {version}" != COMPILER:
        raise AgoraError(f"Found vyper {version}; the contracts need {COMPILER}.")
    out = compile_files([str(path)], ["abi", "bytecode"])
    (result,) = out.values()
    return {"abi": result["abi"], "bytecode": result["bytecode"]}


def build_artifact(name: str) -> dict[str, Any]:
    path = source_path(name)
    compiled = compile_file(path)
    return {
        "contractName": name,
        "abi": compiled["abi"],
        "bytecode": compiled["bytecode"],
        "compiler": COMPILER,
        "sourceHash": source_hash(path),
    }


def write_artifacts() -> list[Path]:
    ARTIFACTS.mkdir(exist_ok=True)
    written = []
    for name in CONTRACTS:
        target = ARTIFACTS / f"{name}.json"
        target.write_text(json.dumps(build_artifact(name), indent=2, sort_keys=False) + "\n")
        written.append(target)
    return written


def main() -> int:
    try:
        for target in write_artifacts():
            print(f"wrote {target}")
    except AgoraError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
