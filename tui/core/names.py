"""Display-name rules: what a stranger's self-chosen profile name may not look like.

A profile name is a claim anyone can make. Agora shows it next to the short address, but in
narrow places (the thread tree, a notification line) the name is what the eye reads, so a name
must not pass for an address (``0x134C…D532``), carry a verification badge (``Ada ✓ verified``)
or render blank (Hangul fillers, braille blank). Such names are neutralised to no name at the
data boundary, so the address is shown instead, the same in every screen, the CLI and --json.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tui.core.text import clean_identity

MAX_NAME = 64
"""Characters kept from a profile name."""

CLASH_MARK = "⚠ not the one you follow"
"""Shown beside a name that is a followed account's name at another address, in every front
end (the views' ``name_clash``)."""

CHECK_GLYPHS = frozenset(
    "\u2713\u2714\u2611\u2705\u221a\u221b\u221c\u237b\U0001f5f8\U0001f5f9\U00010102\U0001fbb1"
)
"""Check marks and look-alikes (✓ ✔ ☑ ✅ √ 🗸 🗹 𐄂 🮱 …): they read as a verification badge."""

_LOOKALIKES = str.maketrans(
    {
        "\u0430": "a",  # Cyrillic а
        "\u0251": "a",
        "\u03b1": "a",
        "\u0441": "c",  # Cyrillic с
        "\u03f2": "c",
        "\u0501": "d",
        "\u0435": "e",  # Cyrillic е
        "\u0456": "i",
        "\u0131": "i",
        "\u03b9": "i",
        "\u043e": "o",
        "\u03bf": "o",
        "\u0440": "p",
        "\u0455": "s",
        "\u0475": "v",
        "\u03bd": "v",
        "\u0445": "x",  # Cyrillic х
        "\u03c7": "x",
        "\u00d7": "x",  # multiplication sign
        "\u0443": "y",
        "\u0417": "3",
        "\u0431": "6",
    }
)
"""Letters from other scripts drawn like the Latin ones an address or "verified" is made of."""

_HEX_ADDRESS = re.compile(r"(?<![0-9])0x[0-9a-f]")
"""``0x`` and a hex digit: a full or shortened address, or the start of one ("10x" is not)."""
_SHORTENED = re.compile(r"(?<![0-9a-z])[0-9a-f]{3,}\s?\.{2,}\s?[0-9a-f]{3,}(?![0-9a-z])")
"""Hex, an ellipsis (``…`` folds to ``...``), hex: a shortened address without its ``0x``."""
_VERIFIED = re.compile(r"verif")
"""The word a badge says ("verified", "verify"), in any case or script look-alike."""


def fold(name: str) -> str:
    """The form names are compared in: NFKC, case-folded, look-alike letters mapped to Latin.

    NFKC turns fullwidth and mathematical letters and digits into ASCII and ``…`` into ``...``.
    """
    folded = unicodedata.normalize("NFKC", name).casefold().translate(_LOOKALIKES)
    return " ".join(folded.split())


def name_problem(name: str) -> str:
    """Why ``name`` (already cleaned) may not be shown as a name, or "" when it may."""
    if not any(unicodedata.category(ch)[0] in "LNS" for ch in name):
        return "The name has no visible letters."
    folded = fold(name)
    if _HEX_ADDRESS.search(folded) or _SHORTENED.search(folded):
        return "A name may not look like an address (0x…)."
    if any(ch in CHECK_GLYPHS for ch in name + folded):
        return "A name may not carry a check mark: it would look like a verification."
    if _VERIFIED.search(folded):
        return "A name may not say it is verified."
    return ""


@lru_cache(maxsize=4096)
def profile_name(raw: str) -> str:
    """The name to show for a profile document's ``name``: cleaned, or "" when neutralised.

    "" means no name: every front end then shows the address. Idempotent. Cached: the views
    check every name on every page they read, and a page repeats few authors.
    """
    name = clean_identity(raw, MAX_NAME)
    return "" if name_problem(name) else name


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The key two names count as the same under (for "not the one you follow")."""
    return fold(name)
