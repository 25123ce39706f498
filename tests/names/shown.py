"""What the tests of names on screen look for: the text drawn as a verified ENS name."""

from __future__ import annotations

from typing import Any

from textual.content import Content


def as_content(prompt: Any) -> Content:
    """A list prompt or a widget's rendering, as the ``Content`` it is."""
    assert isinstance(prompt, Content), type(prompt)
    return prompt


def verified_spans(content: Content) -> list[str]:
    """The pieces of ``content`` drawn in the success colour, where a verified name goes."""
    text = content.plain
    return [text[s.start : s.end] for s in content.spans if "success" in str(s.style)]
