"""Change a few settings in the settings file and leave every other byte as the user wrote it.

Rewriting the whole file from the parsed settings loses the user's comments, order and layout and
writes every default out (a welcome screen's Escape used to turn ``network = "lab"`` into
``"devnet"`` that way). Here only the lines of the keys that change are replaced or added, and
of the keyword rules only the ``[[filters.rules]]`` blocks of rules that go are removed and
blocks for new ones added (a rule that stays keeps its block, comments and all). The result is
parsed back and must hold exactly the intended settings, or the whole file is written from them
instead (an unusual layout, like a dotted ``networks.lab.rpc_url`` key, is still saved
correctly, only not byte for byte). Nothing is written when nothing changes.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from tui.core.config.settings import Network, Settings, parse_settings
from tui.core.errors import ConfigError
from tui.core.files import write_atomic
from tui.core.filters.model import FilterRule

_HEADER = re.compile(r"\s*\[")
_RULES = re.compile(r"\s*\[\[\s*[\"']?filters[\"']?\s*\.\s*[\"']?rules[\"']?\s*\]\]\s*(#.*)?$")


class _Unusual(Exception):
    """The layout cannot be edited line by line: the whole file is written instead."""


def _dump(key: str, value: Any) -> str:
    import tomli_w  # only saving needs it

    if isinstance(value, dict):  # an inline table keeps the edit to one line
        inner = ", ".join(_dump(str(k), v).strip() for k, v in value.items())
        return f"{key} = {{ {inner} }}\n" if inner else f"{key} = {{}}\n"
    return tomli_w.dumps({key: value})


def _parse(text: str) -> Settings:
    try:
        return parse_settings(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The settings file is not valid TOML: {exc}") from None


def _table_name(line: str) -> str | None:
    """``networks.lab`` for a ``[networks.lab]`` line (quotes and spaces dropped), else None."""
    if not _HEADER.match(line) or line.lstrip().startswith("[["):
        return None
    inside = line.strip()[1:].split("]", 1)[0]
    return ".".join(part.strip().strip("\"'") for part in inside.split("."))


def _section(lines: list[str], table: str | None) -> tuple[int, int] | None:
    """Line range of a table's keys (None: the top level before the first header)."""
    start = 0
    if table is not None:
        heads = [i for i, line in enumerate(lines) if _table_name(line) == table]
        if not heads:
            return None
        start = heads[0] + 1
    end = next((i for i in range(start, len(lines)) if _is_header(lines[i])), len(lines))
    return start, end


def _is_header(line: str) -> bool:
    """A ``[table]`` or ``[[array.of.tables]]`` line: either ends the section above it."""
    return _table_name(line) is not None or line.lstrip().startswith("[[")


def _key_extent(lines: list[str], start: int, end: int, key: str) -> tuple[int, int, str] | None:
    """(first line, line after the value, trailing comment) of ``key`` inside a section."""
    pattern = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for i in range(start, end):
        if not pattern.match(lines[i]):
            continue
        for j in range(i + 1, end + 1):
            chunk = "".join(lines[i:j])
            try:
                parsed = tomllib.loads(chunk)
            except tomllib.TOMLDecodeError:
                continue
            if key not in parsed:
                return None
            comment = ""
            if j == i + 1:  # keep a comment after a one-line value
                line = lines[i].rstrip("\r\n")
                for at in (m.start() for m in re.finditer("#", line)):
                    try:
                        if tomllib.loads(line[:at]) == parsed:
                            comment = line[len(line[:at].rstrip()) :]
                            break
                    except tomllib.TOMLDecodeError:
                        continue
            return i, j, comment
        return None
    return None


def _set(lines: list[str], table: str | None, key: str, value: Any) -> list[str]:
    """``lines`` with ``key`` of ``table`` set to ``value`` (replaced in place or added)."""
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    text = _dump(key, value).rstrip("\n").replace("\n", newline)
    section = _section(lines, table)
    if section is None:  # a new table at the end, after one blank line
        tail = [] if not lines or lines[-1].strip() == "" else [newline]
        if lines and not lines[-1].endswith("\n"):
            lines = [*lines[:-1], lines[-1] + newline]
        return [*lines, *tail, f"[{table}]{newline}", text + newline]
    start, end = section
    found = _key_extent(lines, start, end, key)
    if found is not None:
        i, j, comment = found
        return [*lines[:i], text + comment + newline, *lines[j:]]
    at = end
    while at > start and lines[at - 1].strip() == "":
        at -= 1  # after the section's last key, before the blank lines that end it
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines = [*lines[: at - 1], lines[at - 1] + newline, *lines[at:]]
    return [*lines[:at], text + newline, *lines[at:]]


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _rule_blocks(lines: list[str], rules: list[FilterRule]) -> list[tuple[int, int]]:
    """Line ranges of the ``[[filters.rules]]`` blocks, one per rule in ``rules`` (or none).

    A block runs from its header to its last key: blank and comment lines after it are left to
    what follows (a comment above ``[keymap]`` stays with the keymap).

    Raises:
        _Unusual: some rules are blocks, but not every rule is one block.
    """
    blocks: list[tuple[int, int]] = []
    for start, line in enumerate(lines):
        if not _RULES.match(line.rstrip("\r\n")):
            continue
        end = next((i for i in range(start + 1, len(lines)) if _is_header(lines[i])), len(lines))
        while end > start + 1 and (lines[end - 1].strip() == "" or _comment(lines[end - 1])):
            end -= 1
        blocks.append((start, end))
    found: list[FilterRule] = []
    for start, end in blocks:
        try:
            table = tomllib.loads("".join(lines[start:end]))["filters"]["rules"][0]
            found.append(FilterRule(**table))
        except (tomllib.TOMLDecodeError, KeyError, IndexError, TypeError):
            raise _Unusual from None
    if found != rules and found:
        raise _Unusual
    return blocks


def _set_rules(lines: list[str], current: list[FilterRule], wanted: list[FilterRule]) -> list[str]:
    """``lines`` with the blocks of rules no longer wanted removed and new ones added.

    A rule that stays keeps its block as written, comments and all; a new rule goes after the
    block of the rule before it (or, when it comes first, before the first block).
    """
    import tomli_w  # only saving needs it

    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    blocks = _rule_blocks(lines, current)
    if current and not blocks:  # an inline ``rules = [...]`` under [filters]: that key only
        return _set(lines, "filters", "rules", [asdict(rule) for rule in wanted])
    kept: dict[int, int] = {}  # block number -> place in ``wanted``
    after: dict[int, list[FilterRule]] = {}  # block number (-1: before the first) -> new rules
    last = -1
    for place, rule in enumerate(wanted):
        match = next((k for k in range(last + 1, len(blocks)) if current[k] == rule), None)
        if match is None:
            after.setdefault(last, []).append(rule)
        else:
            kept[match] = place
            last = match

    def dump(rule: FilterRule) -> list[str]:
        text = "[[filters.rules]]\n" + tomli_w.dumps(asdict(rule))
        return [line + newline for line in text.splitlines()]

    if not blocks:
        return _append_rules(lines, [line for rule in wanted for line in dump(rule)], newline)
    drop: set[int] = set()
    for number, (start, end) in enumerate(blocks):
        if number not in kept:
            drop.update(range(start, end))
            while end < len(lines) and lines[end].strip() == "":
                drop.add(end)  # and the blank lines after it, so no gap is left doubled
                end += 1
    ends = {end: number for number, (_start, end) in enumerate(blocks)}
    out: list[str] = []
    for i, line in enumerate(lines):
        if i == blocks[0][0]:
            for rule in after.get(-1, []):
                out.extend([*dump(rule), newline])
        if i not in drop:
            out.append(line)
        for rule in after.get(ends.get(i + 1, -2), []):
            if not out[-1].endswith("\n"):
                out[-1] += newline
            out.extend([newline, *dump(rule)])
    if lines[-1].strip():
        while out and out[-1].strip() == "":
            out.pop()  # a last block removed leaves no blank line behind at the end
    return out


def _append_rules(lines: list[str], block: list[str], newline: str) -> list[str]:
    """The first rules: at the end of an existing ``[filters]`` table, else of the file."""
    section = _section(lines, "filters")
    at = len(lines) if section is None else section[1]
    if section is not None and at < len(lines):
        while at > section[0] and _comment(lines[at - 1]):
            at -= 1  # the comments just above the next table are about that table
    while section is not None and at > section[0] and lines[at - 1].strip() == "":
        at -= 1
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines = [*lines[: at - 1], lines[at - 1] + newline, *lines[at:]]
    gap = [newline] if at > 0 and lines[at - 1].strip() and section is None else []
    return [*lines[:at], *gap, *block, *lines[at:]]


def update_settings(
    path: Path,
    values: dict[str, Any] | None = None,
    networks: list[Network] | None = None,
    filters: list[FilterRule] | None = None,
) -> Settings:
    """Set top-level ``values`` (``{"network": "lab"}``), add or edit ``networks`` in the file,
    and make ``filters`` (when given) the keyword rules.

    Only keys whose value changes are touched. Returns the settings the file now holds.

    Raises:
        ConfigError: the file cannot be read or is not valid settings (it is left alone).
        UsageError: one of ``filters`` cannot work (nothing is written).
        OSError: the file cannot be written.
    """
    try:
        text = path.read_bytes().decode("utf-8")  # not read_text: \r\n line ends stay
    except FileNotFoundError:
        text = ""
    except OSError as exc:
        raise ConfigError(f"Cannot read settings file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"Settings file {path} is not UTF-8 text.") from None
    current = _parse(text)
    wanted = copy.deepcopy(current)
    lines = text.splitlines(keepends=True)
    for key, value in (values or {}).items():
        if key == "networks" or key not in Settings.__dataclass_fields__:
            raise ConfigError(f"Unknown setting {key!r}.")
        if getattr(current, key) != value:
            setattr(wanted, key, value)
            lines = _set(lines, None, key, value)
    for network in networks or []:
        network.validate()
        old = current.networks.get(network.name)
        table = f"networks.{network.name}"
        for spec in fields(Network):
            if spec.name == "name":
                continue
            value = getattr(network, spec.name)
            required = spec.name in ("rpc_url", "chain_id")
            before = getattr(old, spec.name) if old is not None else None
            if old is not None and value == before:
                continue
            if old is None and not required and value == getattr(_defaults(), spec.name):
                continue
            lines = _set(lines, table, spec.name, value)
        wanted.networks[network.name] = copy.deepcopy(network)
    unusual = False
    if filters is not None and filters != current.filters.rules:
        for rule in filters:
            rule.validate()
        wanted.filters.rules = copy.deepcopy(filters)
        try:
            lines = _set_rules(lines, current.filters.rules, wanted.filters.rules)
        except _Unusual:
            unusual = True
    new_text = "".join(lines)
    if new_text == text and not unusual:
        return current
    try:
        matches = not unusual and asdict(_parse(new_text)) == asdict(wanted)
    except (ConfigError, TypeError):
        matches = False
    if not matches:
        import tomli_w

        new_text = tomli_w.dumps(wanted.to_toml())
    write_atomic(path, new_text.encode("utf-8"))
    return wanted


def _defaults() -> Network:
    return Network(name="x", rpc_url="", chain_id=0)
