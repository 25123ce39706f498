"""Re-extract the vendored ENS artifacts from npm: ``python -m tui.contracts.vendor.ens.extract``.

Agora does not rebuild ENS: the devnet runs the bytecode ENS itself published on npm. This script
runs ``npm pack PACKAGE@VERSION`` in a temporary directory, checks the tarball's integrity
against the pinned hash, and writes each contract's ABI and creation bytecode (nothing else)
beside this file, with the package, version, integrity and licence notice in ``SOURCE.json``.
``--check`` compares instead of writing, so a reviewer can confirm the committed files are what
npm serves.
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

PACKAGES: dict[str, dict[str, Any]] = {
    "@ensdomains/ens@0.6.2": {
        "integrity": (
            "sha512-F3ALgp60HZq3rKqNig7H/rAlBB0zuz4C9q2weCoiPjSW91uvjetXhCGBU2YJCD1tyuKnO/"
            "KqTDzUN5Dc8HLlaQ=="
        ),
        "contracts": ("ENSRegistry", "FIFSRegistrar"),
    },
    "@ensdomains/resolver@0.3.1": {
        "integrity": (
            "sha512-cXY7nomODddJ59pvkwkxp7StgKcv8Xb0OhQE/pCe80448T8tELPGEghf2thtjz4+4f+c7mt8XJQ04Y0"
            "Guc0lnA=="
        ),
        "contracts": ("PublicResolver", "ReverseRegistrar"),
    },
}
"""What is vendored: the package, its npm integrity hash, the truffle artifacts taken from it."""


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _pack(spec: str, workdir: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(out.stdout)[0]
    return workdir / str(info["filename"])


def _member(tar: tarfile.TarFile, path: str) -> bytes:
    handle = tar.extractfile(f"package/{path}")
    if handle is None:
        raise SystemExit(f"{path} is missing from the package")
    return handle.read()


def extract(check: bool = False) -> int:
    """Write (or with ``check``, compare) the artifacts and SOURCE.json; 0 when all match."""
    sources: dict[str, Any] = {}
    outputs: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for spec, pin in PACKAGES.items():
            tgz = _pack(spec, Path(tmp))
            data = tgz.read_bytes()
            integrity = _integrity(data)
            if integrity != pin["integrity"]:
                raise SystemExit(f"{spec}: integrity {integrity} is not the pinned one")
            with tarfile.open(tgz) as tar:
                manifest = json.loads(_member(tar, "package.json"))
                licence_text = _member(tar, "LICENSE").decode("utf-8")
                for name in pin["contracts"]:
                    truffle = json.loads(_member(tar, f"build/contracts/{name}.json"))
                    artifact = {
                        "contractName": name,
                        "package": spec,
                        "abi": truffle["abi"],
                        "bytecode": truffle["bytecode"],
                    }
                    outputs[f"{name}.json"] = json.dumps(artifact, indent=1, sort_keys=True) + "\n"
            sources[spec] = {
                "integrity": integrity,
                "license": manifest.get("license", ""),
                "license_file": licence_text,
                "contracts": list(pin["contracts"]),
            }
    outputs["SOURCE.json"] = json.dumps(sources, indent=1, sort_keys=True) + "\n"
    differ = 0
    for filename, text in outputs.items():
        path = HERE / filename
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"differs: {filename}")
                differ = 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {filename}")
    return differ


if __name__ == "__main__":
    sys.exit(extract(check="--check" in sys.argv[1:]))
