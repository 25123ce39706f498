"""Tab completion for the command line: command names, then each argument's known values."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from tui.core.commands.registry import COMMANDS, ArgKind

Sources = Mapping[str, Callable[[], Iterable[str]]]
"""Run-time values for arguments with a ``source`` (``accounts`` → labels and addresses)."""


def candidates(line: str, sources: Sources | None = None) -> list[str]:
    """Completions for the last word of the last command of ``line`` (sorted, unique)."""
    segment = line.rsplit(";", 1)[-1]
    words = segment.split()
    if segment.endswith(" ") or not words:
        words.append("")
    prefix = words[-1].lower()
    if len(words) == 1:
        return sorted(name for name in COMMANDS if name.startswith(prefix))
    spec = COMMANDS.get(words[0].lower())
    position = len(words) - 2
    if spec is None or position >= len(spec.args):
        return []
    arg = spec.args[position]
    if arg.kind is ArgKind.CHOICE:
        values: Iterable[str] = arg.choices
    elif arg.source and sources and arg.source in sources:
        try:
            values = list(sources[arg.source]())
        except Exception:  # a completion source failing must never break typing
            values = []
    else:
        return []
    return sorted({v for v in values if v.lower().startswith(prefix)})


def common_prefix(options: list[str]) -> str:
    """The longest prefix every option shares ("" for none)."""
    if not options:
        return ""
    first, last = min(options), max(options)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def complete_line(line: str, sources: Sources | None = None) -> tuple[str, list[str]]:
    """Complete ``line`` as far as it is unambiguous; return it and the remaining choices.

    One candidate replaces the last word and adds a space; several extend it to their common
    prefix and are returned so the front end can list them.
    """
    options = candidates(line, sources)
    if not options:
        return line, []
    start = max(line.rfind(" "), line.rfind(";")) + 1
    base, last = line[:start], line[start:]
    if len(options) == 1:
        return f"{base}{options[0]} ", []
    shared = common_prefix(options)
    return (f"{base}{shared}" if len(shared) > len(last) else line), options
