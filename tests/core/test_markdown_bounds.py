"""Property tests of the Markdown bounds: what is rendered stays within the caps, a document
within them renders unchanged, and past them nothing is lost from the plain text."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.hostile.corpus import ARTICLES
from tui.core.content.markdown_bounds import (
    CAPS,
    HIGHLIGHT_CHARS,
    HIGHLIGHTED,
    PLAIN_CHUNK_CHARS,
    PLAIN_CHUNK_LINES,
    BoundedBody,
    MarkdownCaps,
    bound_markdown,
    highlight_language,
    line_stats,
    token_stats,
)
from tui.core.text import clean_text

SMALL = MarkdownCaps(
    chars=4_000, line_chars=80, blocks=40, headings=5, list_items=8, table_cells=12,
    table_columns=3, depth=4, code_chars=300,
)  # fmt: skip
"""Caps small enough for Hypothesis to cross every one of them often."""

_word = st.text(st.sampled_from("abcxyz *_`[]()#>|-!\\"), min_size=1, max_size=12)
_line = st.lists(_word, min_size=1, max_size=8).map(" ".join)


def _table(cols: int, rows: int) -> str:
    head = "| " + " | ".join(f"h{c}" for c in range(cols)) + " |\n|" + "---|" * cols
    return head + "".join(
        "\n| " + " | ".join(f"c{r}{c}" for c in range(cols)) + " |" for r in range(rows)
    )


_block = st.one_of(
    _line,
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 6), _line),
    st.lists(_line, min_size=1, max_size=12).map(lambda xs: "\n".join(f"- {x}" for x in xs)),
    st.lists(_line, min_size=1, max_size=6).map(lambda xs: "\n".join(f"> {x}" for x in xs)),
    st.builds(
        lambda lang, xs: f"```{lang}\n" + "\n".join(xs) + "\n```",
        st.sampled_from(["", "python", "csharp", "js"]),
        st.lists(_line, max_size=20),
    ),
    st.builds(_table, st.integers(1, 5), st.integers(0, 5)),
    st.builds(lambda d, t: "  " * d + "- " + t, st.integers(0, 8), _line),
    st.just("[ref]: https://example.org/ref"),
    st.just("See [the ref][ref] and [a link](https://example.org)."),
)
_document = st.lists(_block, max_size=40).map("\n\n".join)


def _measure(text: str) -> list[str]:
    """The caps a Markdown text exceeds, measured from scratch."""
    env: dict[str, object] = {}
    return token_stats(MarkdownIt("gfm-like").parse(text, env), text).over(SMALL)


@settings(max_examples=150, deadline=None)
@given(_document)
def test_what_is_rendered_as_markdown_is_within_the_caps(text: str) -> None:
    body = bound_markdown(text, SMALL)
    if body.plain:
        assert body.over and body.notice.startswith("Too large to render in full")
        return
    assert _measure("\n".join(body.chunks)) == []
    for chunk in body.chunks:
        assert _measure(chunk) == []


@settings(max_examples=150, deadline=None)
@given(_document)
def test_past_the_caps_the_plain_text_keeps_everything_and_bounds_each_line(text: str) -> None:
    body = bound_markdown(text, SMALL)
    if not body.plain:
        return
    assert "".join("".join(c.split("\n")) for c in body.chunks) == "".join(
        clean_text(text).split("\n")
    )
    for chunk in body.chunks:
        lines = chunk.split("\n")
        assert all(len(line) <= SMALL.line_chars for line in lines)
        assert len(lines) <= PLAIN_CHUNK_LINES
        assert len(chunk) <= PLAIN_CHUNK_CHARS + SMALL.line_chars


@settings(max_examples=150, deadline=None)
@given(_document)
def test_a_document_within_the_caps_renders_unchanged(text: str) -> None:
    body = bound_markdown(text)
    if _measure(text) or "[ref]:" in text:  # past SMALL, or chunks carry the definitions
        return
    assert not body.plain and body.notice == ""
    assert "\n".join(body.chunks) == clean_text(text)


@settings(max_examples=100, deadline=None)
@given(_document)
def test_chunks_render_what_the_whole_document_renders(text: str) -> None:
    """Cutting between top-level blocks changes no block (references are repeated per chunk)."""
    body = bound_markdown(text)
    if body.plain:
        return
    parser = MarkdownIt("gfm-like")

    def shape(source: str) -> list[tuple[str, str, str]]:
        return [
            (t.type, t.tag, t.content if t.type != "inline" else repr(t.children and [
                (c.type, c.content, dict(c.attrs)) for c in t.children
            ]))
            for t in parser.parse(source)
        ]  # fmt: skip

    whole = shape(clean_text(text))
    pieces = [token for chunk in body.chunks for token in shape(chunk)]
    assert pieces == whole


_tricky_lines = st.lists(
    st.sampled_from([
        "- item", "* item", "+ item", "-", "- ", "# h", "#", "#tag", "   # h", "    - code",
        "```", "~~~", "````", "  ```", "``` x", "> - quoted", "> # quoted", "<div>", "</div>",
        "text", "", "1. one", "2) two", "---", "***", "| a | b |", "|---|---|", "\\- x", "\t- x",
        "  - nested", "<!--", "-->", "- - two", "- # both", "#\t#",
    ]),
    max_size=30,
).map("\n".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(_document, _tricky_lines))
@example("- - -")  # a thematic break, not a list item
@example("- item\n  ```\n```\n- item")  # the item's fence ends with it; ``` opens another
@example("- item\n  ```\n```\n#\t#")
def test_counting_lines_before_parsing_never_overcounts(text: str) -> None:
    """The cheap pre-count may turn a body away unparsed only if the parser would too."""
    lines = line_stats(text)
    tokens = token_stats(MarkdownIt("gfm-like").parse(text), text)
    assert lines.headings <= tokens.headings
    assert lines.list_items <= tokens.list_items
    assert lines.blocks <= tokens.blocks


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.text(max_size=200))
def test_only_allow_listed_lexers_highlight(info: str, code: str) -> None:
    language = highlight_language(info, code)
    assert language is None or language in HIGHLIGHTED.values()


def test_quadratic_and_guessing_lexers_are_never_chosen() -> None:
    assert highlight_language("csharp", "a b") is None  # quadratic on short lines
    assert highlight_language("java", "a b") is None
    assert highlight_language("", "a b") is None  # would run every lexer to guess
    assert highlight_language("python", "x = 1") == "python"
    assert highlight_language("Python {.numberLines}", "x = 1") == "python"
    assert highlight_language("python", "x" * (HIGHLIGHT_CHARS + 1)) is None


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_hostile_articles_are_bounded(name: str) -> None:
    body: BoundedBody = bound_markdown(ARTICLES[name])
    if body.plain:
        assert all(
            len(line) <= CAPS.line_chars for chunk in body.chunks for line in chunk.split("\n")
        )
    else:  # only the code blocks fit the caps, and their lexers are refused
        assert all(highlight_language(c.info, c.code) is None for c in body.code)
    assert body.plain or name.endswith(("_code", "_guessed"))
