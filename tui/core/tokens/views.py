"""Reading token tips back from the index, and labelling amounts without trusting a token.

A known token (by address) is shown with its symbol and decimals; any other token's amount is
shown in base units with a short address, since its self-declared decimals and symbol are a
stranger's claim and reading them would mean a node call per render.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from tui.core.config.settings import Network
from tui.core.tokens.known import known_tokens
from tui.core.units import format_units


@dataclass(frozen=True)
class TokenTipRow:
    """One token tip, for notifications and ``--json``."""

    post_id: int
    sender: str
    recipient: str
    token: str
    amount: int
    block: int
    timestamp: int
    tx_hash: str


def post_token_tips(conn: sqlite3.Connection, post_ids: list[int]) -> dict[int, list[tuple]]:
    """Post id -> [(token, total received, number of tips)], largest count first."""
    if not post_ids:
        return {}
    if not _has_table(conn):
        return {}
    found: dict[int, list[tuple]] = {}
    for chunk in range(0, len(post_ids), 500):
        ids = post_ids[chunk : chunk + 500]
        marks = ",".join("?" * len(ids))
        rows = conn.execute(
            f"SELECT post_id, token, amount, tips FROM post_token_tips WHERE post_id IN ({marks})"
            " ORDER BY post_id, tips DESC, token",
            ids,
        ).fetchall()
        for post_id, token, amount, tips in rows:
            found.setdefault(int(post_id), []).append((str(token), int(amount), int(tips)))
    return found


def received_token_tips(
    conn: sqlite3.Connection, account: str, limit: int = 100
) -> list[TokenTipRow]:
    """Token tips ``account`` received, newest first."""
    if not _has_table(conn):
        return []
    rows = conn.execute(
        "SELECT post_id, sender, recipient, token, amount, block, timestamp, tx_hash"
        " FROM token_tips WHERE recipient = ? ORDER BY block DESC, log_index DESC LIMIT ?",
        (account, limit),
    ).fetchall()
    return [
        TokenTipRow(int(r[0]), r[1], r[2], r[3], int(r[4]), int(r[5]), int(r[6]), r[7])
        for r in rows
    ]


def label_amount(network: Network | None, token: str, amount: int) -> str:
    """``5 DEMO`` for a known token, ``5000 units of 0x1234…abcd`` for any other."""
    known = known_tokens(network).get(token) if network is not None else None
    if known is not None:
        symbol, decimals = known
        return format_units(amount, decimals, symbol)
    return f"{amount:,} units of {token[:6]}…{token[-4:]}"


def _has_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'post_token_tips'"
    ).fetchone()
    return row is not None
