"""Bound an untrusted Markdown body before any widget is built from it (SECURITY.md §5).

A stranger's article can hold thousands of list items, a table of 12,000 cells, deep nesting or
a code block in a language whose highlighter is quadratic: the Markdown widget builds one widget
per block, cell and item on the event loop, so such a body froze the app for minutes and took
gigabytes. Here, off the event loop and without Textual, the body is measured (lines first,
then the parser's tokens) against ``MarkdownCaps``. Within the caps it is rendered unchanged, cut
into chunks of a few top-level blocks that the reader mounts one at a time. Past them it is shown
as plain text: sanitised, every line bounded, nothing dropped, readable in full by scrolling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from tui.core.text import clean_text

if TYPE_CHECKING:
    from markdown_it.token import Token

MAX_BODY = 256 * 1024
"""Characters of a body considered at all (an article body is one raw block of 256 KiB)."""


@dataclass(frozen=True)
class MarkdownCaps:
    """The largest document rendered as Markdown; past any of these, plain text is shown.

    Chosen so that the worst document within them opens without an event-loop stall over
    100 ms (tests/benchmarks/test_article_benchmark.py measures it).
    """

    chars: int = 96 * 1024
    """Characters in the whole body."""
    line_chars: int = 2_000
    """Characters on one line (a long paragraph is often one line)."""
    blocks: int = 150
    """Widgets the blocks make: one per paragraph, heading, quote, table row or cell; four per
    list item (bullet and boxes), two per code block. Every layout pass visits each of them."""
    headings: int = 40
    list_items: int = 30
    table_cells: int = 64
    """Header and body cells, over all tables (one widget each)."""
    table_columns: int = 8
    depth: int = 6
    """Nesting of block elements (a quote in a list in a quote…)."""
    code_chars: int = 48 * 1024
    """Characters in all code blocks together."""
    code_lines: int = 600
    """Lines in all code blocks together (a code block is one widget as tall as its code)."""


CAPS = MarkdownCaps()

CHUNK_BLOCKS = 12
"""Top-level blocks mounted in one step: small enough that one step stays short."""
CHUNK_WEIGHT = 30
"""Block elements (rows, items, cells) in one step; a chunk holds at least one top-level block."""
CHUNK_CHARS = 6 * 1024
"""Characters in one step (wrapping long paragraphs is most of a step's work)."""
PLAIN_CHUNK_LINES = 200
"""Lines in one piece of the plain-text fallback (a front end may draw the pieces apart)."""
PLAIN_CHUNK_CHARS = 8 * 1024
"""Characters in one piece of the plain-text fallback."""

HIGHLIGHTED = {
    "python": "python", "py": "python", "python3": "python", "javascript": "javascript",
    "js": "javascript", "typescript": "typescript", "ts": "typescript", "json": "json",
    "bash": "bash", "sh": "bash", "shell": "bash", "zsh": "bash", "console": "console",
    "rust": "rust", "rs": "rust", "go": "go", "golang": "go", "toml": "toml", "yaml": "yaml",
    "yml": "yaml", "diff": "diff", "patch": "diff", "sql": "sql", "solidity": "solidity",
    "sol": "solidity", "vyper": "vyper", "css": "css", "ini": "ini", "lua": "lua",
    "swift": "swift", "text": "text",
}  # fmt: skip
"""Languages highlighted (info string → Pygments lexer): lexers measured linear on hostile input.

Everything else is shown as plain code: some Pygments lexers (C#, Java, X++…) take quadratic
time on a few thousand short lines, and an empty info string would make the widget guess the
language by running every lexer over the code."""
HIGHLIGHT_CHARS = 4 * 1024
"""Largest code block highlighted; a larger one is shown plain."""
HIGHLIGHT_LINES = 200


@dataclass(frozen=True)
class BodyStats:
    """What a body would make the Markdown widget build."""

    chars: int = 0
    longest_line: int = 0
    blocks: int = 0
    headings: int = 0
    list_items: int = 0
    table_cells: int = 0
    table_columns: int = 0
    depth: int = 0
    code_chars: int = 0
    code_lines: int = 0

    def over(self, caps: MarkdownCaps = CAPS) -> list[str]:
        """Each cap this body exceeds, said for a reader (empty when it renders in full)."""
        checks = [
            (self.chars, caps.chars, "characters"),
            (self.longest_line, caps.line_chars, "characters on one line"),
            (self.blocks, caps.blocks, "blocks"),
            (self.headings, caps.headings, "headings"),
            (self.list_items, caps.list_items, "list items"),
            (self.table_cells, caps.table_cells, "table cells"),
            (self.table_columns, caps.table_columns, "table columns"),
            (self.depth, caps.depth, "levels of nesting"),
            (self.code_chars, caps.code_chars, "characters of code"),
            (self.code_lines, caps.code_lines, "lines of code"),
        ]
        over = [(value, cap, what) for value, cap, what in checks if value > cap]
        if len(over) > 1:  # "blocks" sums the others: name only the specific causes
            over = [item for item in over if item[2] != "blocks"]
        return [f"{value:,} {what} (at most {cap:,})" for value, cap, what in over]


@dataclass(frozen=True)
class CodeBlock:
    """A fenced or indented code block, as the Markdown widget will see it."""

    code: str
    """The code with trailing whitespace stripped (what the widget highlights)."""
    info: str
    """The fence's info string (``python``, ``c# {.x}``, or empty)."""


@dataclass(frozen=True)
class BoundedBody:
    """A body ready to show: Markdown chunks within the caps, or plain-text chunks past them."""

    chunks: tuple[str, ...]
    """Markdown sources (rendered one after the other) or, when ``plain``, plain-text pieces."""
    plain: bool
    over: tuple[str, ...] = ()
    """Why it is plain (each cap exceeded); empty when rendered in full."""
    code: tuple[CodeBlock, ...] = field(default=())
    """The code blocks of a Markdown body (candidates for highlighting)."""
    failed: bool = False
    """The Markdown widget failed on it (a bug, not a cap): shown as plain text."""

    @property
    def notice(self) -> str:
        """One line telling the reader why the body is plain text, or empty."""
        if self.failed:
            return "This article could not be drawn as Markdown. Shown as plain text."
        if not self.over:
            return ""
        return "Too large to render in full: " + "; ".join(self.over) + ". Shown as plain text."


def _parser() -> object:
    """The parser Textual's Markdown widget uses by default (same preset, same tokens)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like")


_STARTS_BLOCK = re.compile(r" {0,3}(?:[-+*][ \t]+\S|#{1,6}(?:[ \t]|$))")
"""A bullet item or a heading: each such line outside code makes at least one block."""
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
"""A thematic break (``- - -``, ``***``): it looks like a bullet but makes no list item."""
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HTML = re.compile(r"^ {0,3}<", re.MULTILINE)


def line_stats(text: str) -> BodyStats:
    """What can be measured from lines alone, before any parsing (cheap, linear).

    Floods of list items and headings are counted here (a lower bound: lines inside fenced
    code are skipped, and a body with HTML blocks, which can hide lines, is left to the
    parser), so a body that is plainly too large is never parsed at all.
    """
    lines = text.split("\n")
    longest = max((len(line) for line in lines), default=0)
    if _HTML.search(text):
        return BodyStats(chars=len(text), longest_line=longest)
    starts = items = headings = 0
    fence = ""
    for line in lines:
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1).startswith(fence) and not line.strip(" `~"):
                fence = ""
            continue
        if opening:
            if line.startswith(" "):
                # An indented fence may sit in a list item, where a less indented line ends it
                # (and may open another fence): which lines are code is no longer knowable from
                # lines alone, so counting stops here, keeping the count a lower bound.
                break
            fence = opening.group(1)
            continue
        if _STARTS_BLOCK.match(line) and not _BREAK.match(line):
            starts += 1
            if line.lstrip(" ").startswith("#"):
                headings += 1
            else:
                items += 1
    return BodyStats(
        chars=len(text), longest_line=longest, blocks=starts, headings=headings, list_items=items
    )


def token_stats(tokens: list[Token], text: str) -> BodyStats:
    """What the Markdown widget would build from these tokens."""
    blocks = headings = items = cells = columns = depth = code = code_lines = 0
    row_cells = 0
    for token in tokens:
        kind = token.type
        if token.nesting == 1 or (token.block and token.nesting == 0 and kind != "inline"):
            blocks += 1
            depth = max(depth, token.level + 1)
        if kind == "heading_open":
            headings += 1
        elif kind == "list_item_open":
            items += 1
            blocks += 3  # the item's row, bullet and column
        elif kind == "tr_open":
            row_cells = 0
        elif kind in ("th_open", "td_open"):
            cells += 1
            row_cells += 1
            columns = max(columns, row_cells)
        elif kind in ("fence", "code_block"):
            blocks += 1  # the code's label
            code += len(token.content)
            code_lines += token.content.count("\n")
    longest = max((len(line) for line in text.split("\n")), default=0)
    return BodyStats(
        chars=len(text),
        longest_line=longest,
        blocks=blocks,
        headings=headings,
        list_items=items,
        table_cells=cells,
        table_columns=columns,
        depth=depth,
        code_chars=code,
        code_lines=code_lines,
    )


def plain_chunks(text: str, caps: MarkdownCaps = CAPS) -> tuple[str, ...]:
    """The whole text as plain pieces: long lines split (never cut), a few lines a piece."""
    lines: list[str] = []
    width = caps.line_chars
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
        else:
            lines.extend(line[i : i + width] for i in range(0, len(line), width))
    chunks: list[str] = []
    piece: list[str] = []
    size = 0
    for line in lines:
        if piece and (len(piece) >= PLAIN_CHUNK_LINES or size + len(line) > PLAIN_CHUNK_CHARS):
            chunks.append("\n".join(piece))
            piece, size = [], 0
        piece.append(line)
        size += len(line) + 1
    chunks.append("\n".join(piece))
    return tuple(chunks)


def highlight_language(info: str, code: str) -> str | None:
    """The lexer to highlight a code block with, or None to show it plain."""
    words = info.split()
    if not words or len(code) > HIGHLIGHT_CHARS or code.count("\n") >= HIGHLIGHT_LINES:
        return None
    return HIGHLIGHTED.get(words[0].lower())


def _references(env: dict[str, object]) -> str:
    """Link reference definitions, repeated under every chunk so ``[text][ref]`` still links."""
    refs = env.get("references")
    if not isinstance(refs, dict) or not refs:
        return ""
    lines = []
    for label, ref in refs.items():
        href = str(ref.get("href", "")).replace(">", "%3E").replace("<", "%3C")
        title = str(ref.get("title", "")).replace("\\", "\\\\").replace('"', '\\"')
        label_text = str(label).replace("]", "\\]")
        lines.append(
            f'[{label_text}]: <{href}> "{title}"' if title else f"[{label_text}]: <{href}>"
        )
    return "\n\n" + "\n".join(lines) + "\n"


def _chunks(tokens: list[Token], lines: list[str], refs: str) -> tuple[str, ...]:
    """Cut the source between top-level blocks, a few blocks (and elements) a chunk."""
    starts: list[tuple[int, int]] = []  # (first line, elements) of each top-level block
    for token in tokens:
        if token.level == 0 and token.map is not None and token.nesting != -1:
            starts.append((token.map[0], 0))
        if starts and (token.nesting == 1 or (token.block and token.nesting == 0)):
            first, weight = starts[-1]
            starts[-1] = (first, weight + 1)
    if not starts:
        return ("\n".join(lines),)
    ends = [first for first, _ in starts[1:]] + [len(lines)]
    cuts = [0]
    blocks = weight = size = 0
    for (first, elements), end in zip(starts, ends, strict=True):
        chars = sum(len(line) + 1 for line in lines[first:end])
        if blocks and (
            blocks >= CHUNK_BLOCKS or weight + elements > CHUNK_WEIGHT or size + chars > CHUNK_CHARS
        ):
            cuts.append(first)
            blocks = weight = size = 0
        blocks += 1
        weight += elements
        size += chars
    cuts.append(len(lines))
    pieces = ["\n".join(lines[a:b]) for a, b in pairwise(cuts)]
    return tuple(piece + refs for piece in pieces)


def bound_markdown(text: str, caps: MarkdownCaps = CAPS) -> BoundedBody:
    """Measure an untrusted Markdown body and decide how it is shown.

    Runs the parser (pure Python, linear here), so call it off the event loop. The text is
    sanitised first; within the caps the chunks joined with newlines are that text unchanged.
    """
    text = clean_text(text, MAX_BODY)
    over = line_stats(text).over(caps)
    if over:  # plainly too large: not even parsed
        return BoundedBody(plain_chunks(text, caps), plain=True, over=tuple(over))
    parser = _parser()
    env: dict[str, object] = {}
    tokens = parser.parse(text, env)  # type: ignore[attr-defined]
    over = token_stats(tokens, text).over(caps)
    if over:
        return BoundedBody(plain_chunks(text, caps), plain=True, over=tuple(over))
    code = tuple(
        CodeBlock(t.content.rstrip(), t.info) for t in tokens if t.type in ("fence", "code_block")
    )
    chunks = _chunks(tokens, text.split("\n"), _references(env))
    return BoundedBody(chunks, plain=False, code=code)
