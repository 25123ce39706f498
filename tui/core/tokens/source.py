"""TokenTipped events into the index: one row per tip, and per-post totals kept by triggers.

Totals are per (post, token) as uint256 decimal text (SQLite integers stop at 2**63), kept on
insert and delete so a reorg rollback leaves them exactly as a clean sync would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.index.sources import EventSource, Row
from tui.core.tokens import TOKEN_TIPS

if TYPE_CHECKING:
    from tui.core.chain.abi import DecodedEvent

MAX_INT = 2**63 - 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS token_tips (
    block_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    post_id INTEGER NOT NULL,
    sender TEXT NOT NULL,
    recipient TEXT NOT NULL,
    token TEXT NOT NULL,
    amount TEXT NOT NULL,
    sent TEXT NOT NULL,
    block INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
);
CREATE INDEX IF NOT EXISTS token_tips_recipient ON token_tips(recipient, block);
CREATE INDEX IF NOT EXISTS token_tips_post ON token_tips(post_id);
CREATE TABLE IF NOT EXISTS post_token_tips (
    post_id INTEGER NOT NULL,
    token TEXT NOT NULL,
    amount TEXT NOT NULL DEFAULT '0',
    tips INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (post_id, token)
);
CREATE TRIGGER IF NOT EXISTS token_tips_ins AFTER INSERT ON token_tips BEGIN
    INSERT OR IGNORE INTO post_token_tips(post_id, token) VALUES (NEW.post_id, NEW.token);
    UPDATE post_token_tips SET amount = u256_add(amount, NEW.amount), tips = tips + 1
        WHERE post_id = NEW.post_id AND token = NEW.token;
END;
CREATE TRIGGER IF NOT EXISTS token_tips_del AFTER DELETE ON token_tips BEGIN
    UPDATE post_token_tips SET amount = u256_sub(amount, OLD.amount), tips = tips - 1
        WHERE post_id = OLD.post_id AND token = OLD.token;
    DELETE FROM post_token_tips WHERE post_id = OLD.post_id AND token = OLD.token AND tips <= 0;
END;
"""


def decode(event: DecodedEvent, ts: int) -> list[Row]:
    if event.name != "TokenTipped":
        return []
    a = event.args
    if a["id"] > MAX_INT:
        return []
    row = (
        event.block_hash,
        event.log_index,
        a["id"],
        a["sender"],
        a["recipient"],
        a["token"],
        str(a["amount"]),
        str(a["sent"]),
        event.block_number,
        event.tx_hash,
        ts,
    )
    return [("token_tips", row)]


SOURCE = EventSource(
    key=TOKEN_TIPS,
    abi="TokenTips",
    schema=SCHEMA,
    tables=("token_tips",),
    inserts={
        "token_tips": "INSERT OR IGNORE INTO token_tips(block_hash, log_index, post_id, sender,"
        " recipient, token, amount, sent, block, tx_hash, timestamp)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)"
    },
    decode=decode,
)
