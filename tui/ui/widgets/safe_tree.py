"""A Tree whose labels are never parsed as markup (post text goes in it)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.content import Content
from textual.widgets import Tree


def content_to_text(label: Content) -> Text:
    """A one-line Rich Text with the Content's plain styles; the text itself is never parsed."""
    text = Text(label.plain)
    for span in label.spans:
        if isinstance(span.style, str) and "$" not in span.style:
            text.stylize(span.style, span.start, span.end)
    return text


class SafeTree(Tree[Any]):
    """Tree that renders ``Content`` labels and treats plain strings as plain text.

    Tree parses ``str`` labels as markup; post text in a label could then inject actions
    (SECURITY.md §2). Here a ``str`` is never parsed and ``Content`` keeps only its own spans.
    """

    def process_label(self, label: Any) -> Text:
        if isinstance(label, Content):
            text = content_to_text(label)
        elif isinstance(label, Text):
            text = label
        else:
            text = Text(str(label))
        return text.split()[0] if text.plain else text
