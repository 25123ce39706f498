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


BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
"""The fake's account whose ENS name (brendan.eth) verifies in ``named_app``."""


def named_app(monkeypatch: Any, impostor: str) -> Any:
    """The app over the fake where brendan.eth verifies for ``BRENDAN`` and ``impostor``'s
    profile calls itself "vitalik.eth" (a name that must not look verified)."""
    from tests.ui.conftest import build
    from tui.ui.backend import FakeBackend
    from tui.ui.backends import fake as fake_data
    from tui.ui.backends.names import FakeNames, use_names

    monkeypatch.setitem(fake_data.FAKE_PEOPLE, impostor, ("vitalik.eth", ""))
    backend = FakeBackend()
    use_names(backend, FakeNames(names={BRENDAN: "brendan.eth"}))
    return build(backend)
