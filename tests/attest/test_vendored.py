"""The vendored EAS artifacts are exactly what the pinned npm tarball holds.

Fetching the tarball needs the npm registry, so the comparison runs when
``AGORA_TEST_NPM=1`` (CI with network, or by hand after editing the pin); the offline checks
always run.
"""

from __future__ import annotations

import json
import os
import shutil
from importlib import resources

import pytest

from tui.contracts.eas import extract


def _committed(name: str) -> bytes:
    return (resources.files("tui.contracts.eas") / name).read_bytes()


def test_the_committed_files_carry_the_pin_and_the_licence() -> None:
    meta = json.loads(_committed("VENDORED.json"))
    assert meta["version"] == extract.VERSION and meta["integrity"] == extract.INTEGRITY
    assert b"MIT License" in _committed("LICENSE")
    for name in extract.CONTRACTS:
        artifact = json.loads(_committed(f"{name}.json"))
        assert artifact["bytecode"].startswith("0x6") and artifact["abi"]


@pytest.mark.skipif(
    os.environ.get("AGORA_TEST_NPM") != "1" or shutil.which("npm") is None,
    reason="needs the npm registry (AGORA_TEST_NPM=1)",
)
def test_re_extracting_the_pinned_tarball_gives_the_committed_files() -> None:
    for name, data in extract.extract(extract.npm_pack()).items():
        assert _committed(name) == data, name


def test_a_tarball_with_another_integrity_is_refused() -> None:
    with pytest.raises(SystemExit, match="Integrity mismatch"):
        extract.extract(b"not the tarball")
