"""Re-extract the vendored EAS artifacts: ``python -m tui.contracts.eas.extract``.

Agora does not build the Ethereum Attestation Service: it ships the compiled SchemaRegistry
and EAS exactly as the EAS team publishes them on npm, so attestations made here are the same
contracts that easscan and the EAS SDKs read on every chain. This script runs ``npm pack`` for
the pinned version in a temporary directory, checks the tarball's integrity against the pin,
and writes ABI + creation bytecode (no source) with the version, integrity and licence beside
them. The drift test reads the same pin and compares what is committed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PACKAGE = "@ethereum-attestation-service/eas-contracts"
VERSION = "1.9.0"
INTEGRITY = "sha512-L60y1fgKlY3a45xxnPlgRbiGQY8RF/lF+AzF1iVoR7/aEzitS0Nuyyjq8+IXs1sSSU0dl2+yGSmELxVeB6FelA=="
"""npm's Subresource Integrity string for the tarball: a different tarball is refused."""
LICENCE = "MIT"
CONTRACTS = ("SchemaRegistry", "EAS")
NETWORKS = ("mainnet", "optimism", "base", "sepolia", "optimism-sepolia", "base-sepolia")
"""Chains whose published EAS addresses are recorded in VENDORED.json (from ``deployments/``)."""


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _member(tar: tarfile.TarFile, path: str) -> bytes:
    handle = tar.extractfile(f"package/{path}")
    if handle is None:
        raise SystemExit(f"{path} is missing from the {PACKAGE} tarball.")
    return handle.read()


def extract(tarball: bytes) -> dict[str, bytes]:
    """The files to commit, by name, from the npm tarball's bytes (integrity checked)."""
    got = _integrity(tarball)
    if got != INTEGRITY:
        raise SystemExit(f"Integrity mismatch for {PACKAGE}@{VERSION}: got {got}.")
    import io

    out: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        for name in CONTRACTS:
            full = json.loads(_member(tar, f"artifacts/contracts/{name}.sol/{name}.json"))
            if full.get("linkReferences"):
                raise SystemExit(f"{name} needs linking; Agora deploys it as is.")
            kept = {"contractName": name, "abi": full["abi"], "bytecode": full["bytecode"]}
            out[f"{name}.json"] = (json.dumps(kept, indent=1, sort_keys=True) + "\n").encode()
        deployments: dict[str, dict[str, str]] = {}
        for network in NETWORKS:
            deployments[network] = {
                name: json.loads(_member(tar, f"deployments/{network}/{name}.json"))["address"]
                for name in CONTRACTS
            }
        out["LICENSE"] = _member(tar, "LICENSE")
    meta: dict[str, Any] = {
        "package": PACKAGE,
        "version": VERSION,
        "integrity": INTEGRITY,
        "licence": LICENCE,
        "contracts": list(CONTRACTS),
        "deployments": deployments,
        "extracted_by": "python -m tui.contracts.eas.extract",
    }
    out["VENDORED.json"] = (json.dumps(meta, indent=1, sort_keys=True) + "\n").encode()
    return out


def npm_pack() -> bytes:
    """The pinned tarball, fetched with ``npm pack`` into a temporary directory."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=tmp, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        (tarball,) = Path(tmp).glob("*.tgz")
        return tarball.read_bytes()


def main() -> int:
    for name, data in extract(npm_pack()).items():
        (HERE / name).write_bytes(data)
        print(f"wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
