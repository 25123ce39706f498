"""Tags: the canonical name of a tag a user types, and the tags a post carries.

A post carries a tag when its document lists it (``tags``) or its text has ``#tag`` as a
word; letter case never matters. The index's tag timelines apply the same rule in SQL.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tui.core.errors import UsageError

if TYPE_CHECKING:
    from tui.core.models import PostView

TAG_CHARS = re.compile(r"[a-z0-9_-]{1,50}")
"""Tag names a timeline can ask for: characters that are neither GLOB syntax nor separators."""

HASHTAG = re.compile(r"(?<![\w#])#([A-Za-z0-9_-]{1,50})(?![A-Za-z0-9_-])")
"""A ``#tag`` written in a post's text."""


def tag_name(raw: str) -> str:
    """The canonical form of a tag a user typed (``#Rust`` -> ``rust``), or raise UsageError."""
    tag = raw.strip().removeprefix("#").lower()
    if not TAG_CHARS.fullmatch(tag):
        raise UsageError(
            f"{raw[:60]!r} is not a tag.",
            hint="Tags are 1-50 letters a-z, digits, '_' or '-', as in tag:rust.",
        )
    return tag


def post_tags(post: PostView) -> list[str]:
    """The tags a post carries, lower-cased, in order: its document's, then its #words."""
    tags: list[str] = []
    for raw in [*post.tags, *HASHTAG.findall(post.text)]:
        tag = raw.lower().removeprefix("#")
        if TAG_CHARS.fullmatch(tag) and tag not in tags:
            tags.append(tag)
    return tags
