"""Parsing command lines (``tip 0.001``) and macros (``timeline global; top``) into typed calls.

Quotes group words (``search "two words"``); a quote only opens at the start of a word, so an
apostrophe inside text (``post it's fine``) stays an apostrophe. ``;`` separates the commands of a
macro unless it is quoted. Every mistake is a UsageError whose message says how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tui.core.commands.registry import Arg, ArgKind, CommandSpec, command
from tui.core.errors import UsageError
from tui.core.text import is_digits
from tui.core.units import parse_eth

MAX_LINE = 4096
"""Longest command line accepted (a post's text fits)."""
MAX_MACRO = 32
"""Most commands one macro may run."""
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
_WORD = re.compile(r"[\w.@:+-]{1,64}")


@dataclass(frozen=True)
class Token:
    """One word of a command line and where it sits (``raw_start`` keeps TEXT args verbatim)."""

    value: str
    start: int
    end: int
    quoted: bool = False


@dataclass(frozen=True)
class Invocation:
    """A parsed command: its spec and typed arguments, by name (absent optional args are None)."""

    spec: CommandSpec
    args: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    @property
    def name(self) -> str:
        return self.spec.name


def tokenize(line: str) -> list[Token]:
    """Split on whitespace; a quote opening a word groups until the same quote closes it."""
    tokens: list[Token] = []
    i, n = 0, len(line)
    while i < n:
        if line[i].isspace():
            i += 1
            continue
        start = i
        if line[i] in "\"'":
            quote = line[i]
            close = line.find(quote, i + 1)
            if close < 0:
                raise UsageError(f"Missing closing {quote} in: {line[:60]}")
            tokens.append(Token(line[i + 1 : close], start, close + 1, quoted=True))
            i = close + 1
            continue
        while i < n and not line[i].isspace():
            i += 1
        tokens.append(Token(line[start:i], start, i))
    return tokens


def split_macro(text: str) -> list[str]:
    """Split ``a; b; c`` on semicolons that are not inside a quoted word."""
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    at_word_start = True
    for ch in text:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = ""
            continue
        if ch == ";":
            parts.append("".join(current).strip())
            current = []
            at_word_start = True
            continue
        if ch in "\"'" and at_word_start:
            quote = ch
        current.append(ch)
        at_word_start = ch.isspace()
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def convert(spec: CommandSpec, arg: Arg, text: str) -> Any:
    """Turn one argument's text into its typed value, or explain what was expected."""
    where = f"{spec.name}: {arg.name}"
    match arg.kind:
        case ArgKind.INT:
            if not is_digits(text) or len(text) > 18 or int(text) <= 0:
                raise UsageError(f"{where} must be a positive whole number, not {text[:40]!r}.")
            return int(text)
        case ArgKind.ETH:
            return parse_eth(text, positive=True)
        case ArgKind.ADDRESS:
            from tui.core.ens.normalize import InvalidName, looks_like_name, normalize

            if looks_like_name(text):  # an ENS name: resolved by the front end before use
                try:
                    return normalize(text)
                except InvalidName as exc:
                    raise UsageError(f"{where}: {exc.message}") from None
            if not _ADDRESS.fullmatch(text):
                raise UsageError(
                    f"{where} must be a 0x address (40 hex digits) or an ENS name, "
                    f"not {text[:50]!r}."
                )
            return text
        case ArgKind.CHOICE:
            if text.lower() not in arg.choices:
                raise UsageError(f"{where} must be one of: {', '.join(arg.choices)}.")
            return text.lower()
        case ArgKind.WORD:
            if not _WORD.fullmatch(text):
                raise UsageError(f"{where} must be one word, not {text[:40]!r}.")
            return text
    return text


def parse_command(line: str) -> Invocation:
    """Parse one command (``tip 0.001``); UsageError with the usage line when it does not fit."""
    line = line.strip()
    if not line:
        raise UsageError("Empty command. Type 'help' or press Tab for the list.")
    if len(line) > MAX_LINE:
        raise UsageError(f"Command too long (over {MAX_LINE} characters).")
    tokens = tokenize(line)
    spec = command(tokens[0].value)
    rest = tokens[1:]
    values: dict[str, Any] = {}
    for arg in spec.args:
        if arg.kind is ArgKind.TEXT:
            if rest:
                only = len(rest) == 1 and rest[0].quoted
                values[arg.name] = rest[0].value if only else line[rest[0].start :].strip()
                rest = []
            elif not arg.optional:
                raise UsageError(f"{spec.name} needs {arg.name.upper()}. Usage: {spec.usage}")
            else:
                values[arg.name] = None
            continue
        if not rest:
            if not arg.optional:
                raise UsageError(f"{spec.name} needs {arg.name.upper()}. Usage: {spec.usage}")
            values[arg.name] = None
            continue
        values[arg.name] = convert(spec, arg, rest[0].value)
        rest = rest[1:]
    if rest:
        extra = " ".join(t.value for t in rest)[:60]
        raise UsageError(
            f"{spec.name} takes no more arguments (got {extra!r}). Usage: {spec.usage}"
        )
    return Invocation(spec, values, line)


def parse_macro(text: str) -> list[Invocation]:
    """Parse ``cmd; cmd; …`` completely before anything runs, so a typo runs nothing."""
    parts = split_macro(text)
    if not parts:
        raise UsageError("Empty command. Type 'help' or press Tab for the list.")
    if len(parts) > MAX_MACRO:
        raise UsageError(f"A macro runs at most {MAX_MACRO} commands.")
    return [parse_command(part) for part in parts]
