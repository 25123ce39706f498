"""The one sanitiser every untrusted string passes through before any front end sees it.

Posts, names, articles, event data, gateway bodies and node error messages are written by
strangers. Terminals act on escape sequences, and Textual parses markup in plain strings, so
text is cleaned here, at the data boundary, and widgets only ever render it as plain Content.
"""

from __future__ import annotations

import unicodedata

MAX_TEXT = 16 * 1024
"""Default cap on characters kept from one untrusted string."""
MAX_COMBINING = 4
"""Combining marks allowed on one base character (stops "zalgo" floods that hang layout)."""

_BIDI = {
    0x061C: "ALM",
    0x200E: "LRM",
    0x200F: "RLM",
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
}
"""Bidirectional controls, shown as visible tags (Trojan Source, CVE-2021-42574)."""

_INVISIBLE = {0x200B, 0x200C, 0x2060, 0xFEFF, 0x180E, 0x00AD}
"""Zero-width characters dropped from identity fields (names, addresses, labels)."""

ZWJ = 0x200D
"""Zero-width joiner: kept in body text because emoji sequences need it."""

_STACKING = {0x200B, 0x200C, ZWJ, 0x2060, 0xFEFF, 0x034F}
"""Invisible characters capped like combining marks (a run of them is kept short)."""


def _replacement(cp: int) -> str | None:
    """What a code point becomes, or None to keep it as is."""
    if cp in (0x0A, 0x09):
        return None
    if cp < 0x20:
        return chr(0x2400 + cp)  # control pictures: ␛ for ESC, ␇ for BEL …
    if cp == 0x7F:
        return "\u2421"
    if 0x80 <= cp <= 0x9F:
        return "\ufffd"
    if cp in (0x2028, 0x2029, 0x85):
        return "\n"
    if cp in _BIDI:
        return f"\u27e8{_BIDI[cp]}\u27e9"
    if 0xD800 <= cp <= 0xDFFF:
        return "\ufffd"
    if 0xE0000 <= cp <= 0xE007F:  # tag characters hide text from readers
        return ""
    return None


def _is_mark(ch: str) -> bool:
    """Marks and invisible joiners that stack on the previous character.

    ``unicodedata.combining`` is 0 for enclosing marks (U+20DD), variation selectors and many
    spacing marks, so a flood of those would slip past a canonical-class check; zero-width
    characters are invisible and can be stacked the same way.
    """
    return unicodedata.category(ch) in ("Mn", "Me", "Mc") or ord(ch) in _STACKING


def clean_text(text: str, limit: int = MAX_TEXT) -> str:
    """Make untrusted multi-line text safe to show in a terminal.

    Control characters other than newline and tab become visible symbols; bidi controls become
    visible tags; line and paragraph separators become newlines; combining marks are capped;
    the result is at most ``limit`` characters (with an ellipsis when cut). Idempotent.
    """
    if not isinstance(text, str):
        text = str(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    combining = 0
    size = 0
    for ch in text:
        cp = ord(ch)
        repl = _replacement(cp)
        if repl == "":  # dropped (tag characters): what it separated is one run, as after
            continue
        if repl is not None:
            piece = repl
            combining = 0
        elif _is_mark(ch):
            combining += 1
            if combining > MAX_COMBINING:
                continue
            piece = ch
        else:
            combining = 0
            piece = ch
        out.append(piece)
        size += len(piece)
        if size > limit:
            break
    result = "".join(out)
    if len(result) > limit:
        result = result[: max(limit - 1, 0)] + "…"
    return result


def is_digits(text: str) -> bool:
    """True when ``text`` is one or more ASCII digits 0-9.

    ``str.isdigit()`` alone also takes "²" and other scripts' digits: ``int()`` refuses the
    first (a crash where a usage error belongs) and reads "١" as 1 (an amount nobody typed).
    """
    return text.isascii() and text.isdigit()


def clean_line(text: str, limit: int = 200) -> str:
    """Clean text that must fit on one line: newlines and tabs become spaces."""
    return clean_text(text, limit).replace("\n", " ").replace("\t", " ")


def _default_ignorable(cp: int) -> bool:
    """Unicode's Default_Ignorable_Code_Point set: characters a renderer draws as nothing.

    The Hangul fillers (U+3164 and friends) are *letters* in that set, so a check on format
    characters alone lets a name made of them through and it renders blank.
    """
    return (
        cp in (0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x3164, 0xFEFF, 0xFFA0)
        or 0x17B4 <= cp <= 0x17B5
        or 0x180B <= cp <= 0x180F
        or 0x200B <= cp <= 0x200F
        or 0x202A <= cp <= 0x202E
        or 0x2060 <= cp <= 0x206F
        or 0xFE00 <= cp <= 0xFE0F
        or 0xFFF0 <= cp <= 0xFFF8
        or 0x1BCA0 <= cp <= 0x1BCA3
        or 0x1D173 <= cp <= 0x1D17A
        or 0xE0000 <= cp <= 0xE0FFF
    )


BLANK_LETTERS = frozenset({0x2800, 0x3164, 0x115F, 0x1160, 0xFFA0, 0x1D159, 0x133FC})
"""Characters outside the ignorable set that still draw nothing (braille blank, fillers)."""


def _invisible(ch: str) -> bool:
    cp = ord(ch)
    return (
        cp in _INVISIBLE
        or cp == ZWJ
        or cp in BLANK_LETTERS
        or _default_ignorable(cp)
        or unicodedata.category(ch) in ("Cf", "Co", "Cn", "Cs")
    )


def clean_identity(text: str, limit: int = 64) -> str:
    """Clean a name or label shown next to an address: one line, nothing invisible.

    Drops format characters, default-ignorable code points (Hangul fillers, variation
    selectors…), blank letters (braille blank) and private-use or unassigned code points;
    every run of spaces of any kind becomes one space.
    """
    if isinstance(text, str) and text.isascii() and text.isprintable():
        kept = " ".join(text.split())  # printable ASCII: nothing to replace or drop
    else:
        kept = "".join(ch for ch in clean_line(text, limit * 2) if not _invisible(ch))
        kept = " ".join(kept.split())  # str.split() splits on every Unicode space
    if len(kept) > limit:
        kept = kept[: limit - 1] + "…"
    return kept
