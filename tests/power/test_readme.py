"""The README's generated parts: the keys table is current, and every scripting example runs.

The Scripting section (between ``<!-- scripting:start -->`` and ``<!-- scripting:end -->``) is
run line by line against a real anvil: each ``$ agora …`` line in a ``console`` block runs in a
shell, and its output must have the shape shown (JSON shown is a subset of the real document;
``…`` matches anything).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.power.conftest import PASSPHRASE
from tui.core.commands.registry import commands_markdown
from tui.ui.keymap import COMMANDS_END, COMMANDS_START, KEYS_END, KEYS_START, keys_markdown

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
SCRIPTING_SOURCE = Path(__file__).with_name("scripting.md")
SCRIPTING_START, SCRIPTING_END = "<!-- scripting:start -->", "<!-- scripting:end -->"


def section(text: str, start: str, end: str) -> str | None:
    if start not in text or end not in text:
        return None
    return text.split(start, 1)[1].split(end, 1)[0]


def test_readme_keys_table_matches_the_code() -> None:
    table = section(README.read_text(encoding="utf-8"), KEYS_START, KEYS_END)
    assert table is not None, f"README.md lacks {KEYS_START} … {KEYS_END}"
    assert table.strip() == keys_markdown().strip(), (
        "README keys table is out of date: run `python -m tui.ui.keymap --write README.md`"
    )


def test_readme_commands_table_matches_the_registry() -> None:
    table = section(README.read_text(encoding="utf-8"), COMMANDS_START, COMMANDS_END)
    if table is None:
        pytest.skip(f"README.md has no {COMMANDS_START} section yet")
    assert table.strip() == commands_markdown().strip(), (
        "README commands table is out of date: run `python -m tui.ui.keymap --write README.md`"
    )


# --- the scripting examples -----------------------------------------------------------------------


def examples(markdown: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each ``$ `` line of the console blocks."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", markdown, flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found and line.strip():
                found[-1][1].append(line)
    return found


def wildcard(pattern: str, text: str) -> bool:
    regex = ".*".join(re.escape(part) for part in pattern.split("…"))
    return re.fullmatch(regex, text, flags=re.S) is not None


def same_shape(expected: Any, actual: Any, where: str = "$") -> None:
    """``expected`` is a subset of ``actual``; strings with … are patterns, numbers match by type."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}: no key {key!r} in {sorted(actual)}"
            same_shape(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) >= len(expected), f"{where}: {actual!r}"
        for index, value in enumerate(expected):
            same_shape(value, actual[index], f"{where}[{index}]")
    elif isinstance(expected, str):
        assert isinstance(actual, str) and wildcard(expected, actual), f"{where}: {actual!r}"
    elif isinstance(expected, bool) or expected is None:
        assert actual is expected, f"{where}: {actual!r} is not {expected!r}"
    else:
        assert type(actual) is type(expected), f"{where}: {actual!r} is not like {expected!r}"


def check_output(expected_lines: list[str], output: str) -> None:
    expected_text = "\n".join(expected_lines)
    rest_expected, rest_actual = expected_lines, output.strip().splitlines()
    if expected_text.lstrip().startswith(("{", "[")):
        decoder = json.JSONDecoder()
        expected, end = decoder.raw_decode(expected_text)
        actual, actual_end = decoder.raw_decode(output.lstrip())
        same_shape(expected, actual)
        rest_expected = expected_text[end:].strip().splitlines()
        rest_actual = output.lstrip()[actual_end:].strip().splitlines()
    assert len(rest_actual) == len(rest_expected), f"{rest_actual!r} vs {rest_expected!r}"
    for want, got in zip(rest_expected, rest_actual, strict=True):
        assert wildcard(want.strip(), got.strip()), f"{got!r} does not look like {want!r}"


def scripting_markdown() -> str:
    """README's section when the lead merged it, else the source kept beside this test."""
    text = section(README.read_text(encoding="utf-8"), SCRIPTING_START, SCRIPTING_END)
    if text and "```console" in text:
        return text
    return SCRIPTING_SOURCE.read_text(encoding="utf-8")


def test_scripting_source_parses() -> None:
    found = examples(SCRIPTING_SOURCE.read_text(encoding="utf-8"))
    assert len(found) >= 10 and all(
        cmd.split()[0] in {"agora", "AGORA_PASSPHRASE_FILE=passphrase.txt"} for cmd, _ in found
    )


def test_scripting_examples_run_against_anvil(account: str, tmp_path: Path) -> None:
    work = tmp_path / "work"
    bin_dir = tmp_path / "bin"
    work.mkdir()
    bin_dir.mkdir()
    (work / "passphrase.txt").write_text(PASSPHRASE + "\n")
    shim = bin_dir / "agora"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m tui "$@"\n')
    shim.chmod(0o755)
    env = {
        **os.environ,
        "AGORA_KEY_STORE": "file",
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("AGORA_PASSPHRASE_FILE", None)
    found = examples(scripting_markdown())
    assert found, "no examples found"
    for command, expected in found:
        done = subprocess.run(
            ["bash", "-c", f"{{ {command} ; }} 2>&1"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        try:
            check_output(expected, done.stdout)
        except AssertionError as exc:
            raise AssertionError(f"$ {command}\n{done.stdout}\n--> {exc}") from None
