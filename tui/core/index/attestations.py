"""Attestations in the index: Agora's EAS logs, the records they name, and the views on them.

EAS logs carry no data, only ``(recipient, attester, uid, schema)``. The event source keeps the
``Attested``/``Revoked`` logs of Agora's two schemas (every other schema is dropped at decode);
``fetch_records`` then reads each new uid's record with batched ``getAttestation`` calls, and
for expert acknowledgements whether the attester moderated that community at the block of the
attestation (``Communities.isModerator``/``ownerOf`` read at that block). Records are keyed
by uid and never change (a uid hashes its content), so a reorg only deletes the log rows: a
record whose log is gone is no longer shown. What counts is decided by tui.core.attest.rules.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.core.attest.uids import ACKNOWLEDGEMENT_UID, SCHEMAS
from tui.core.text import is_digits

if TYPE_CHECKING:
    from tui.core.attest.eas import Attestation
    from tui.core.attest.rules import Endorsement, ModeratorCheck
    from tui.core.chain.rpc import RpcClient

BATCH = 250
"""``getAttestation`` calls per JSON-RPC batch: one round trip per this many uids."""
MAX_PASS = 20_000
"""Records read per ``fetch_records`` call at most (the rest waits for the next sync)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS eas_attested (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    uid TEXT NOT NULL, schema TEXT NOT NULL, attester TEXT NOT NULL, recipient TEXT NOT NULL,
    timestamp INTEGER NOT NULL DEFAULT 0, tx_hash TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (block_hash, log_index)
);
CREATE INDEX IF NOT EXISTS eas_attested_uid ON eas_attested(uid);
CREATE INDEX IF NOT EXISTS eas_attested_recipient ON eas_attested(recipient);
CREATE INDEX IF NOT EXISTS eas_attested_attester ON eas_attested(attester);
CREATE INDEX IF NOT EXISTS eas_attested_block ON eas_attested(block);
CREATE TABLE IF NOT EXISTS eas_revoked (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    uid TEXT NOT NULL, schema TEXT NOT NULL, attester TEXT NOT NULL, recipient TEXT NOT NULL,
    timestamp INTEGER NOT NULL DEFAULT 0, tx_hash TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (block_hash, log_index)
);
CREATE INDEX IF NOT EXISTS eas_revoked_uid ON eas_revoked(uid);
CREATE INDEX IF NOT EXISTS eas_revoked_block ON eas_revoked(block);
-- One row per uid read with getAttestation: immutable, so reorgs leave it (see the docstring).
CREATE TABLE IF NOT EXISTS eas_records (
    uid TEXT PRIMARY KEY, status TEXT NOT NULL,  -- ok | missing (no such record on chain)
    schema TEXT NOT NULL DEFAULT '', time INTEGER NOT NULL DEFAULT 0,
    expiration INTEGER NOT NULL DEFAULT 0, revocation INTEGER NOT NULL DEFAULT 0,
    ref_uid TEXT NOT NULL DEFAULT '', recipient TEXT NOT NULL DEFAULT '',
    attester TEXT NOT NULL DEFAULT '', revocable INTEGER NOT NULL DEFAULT 0,
    data BLOB NOT NULL DEFAULT x'',
    moderator INTEGER,  -- acknowledgements: 1/0 = moderated that community then; NULL unknown
    skill TEXT NOT NULL DEFAULT ''  -- the decoded, cleaned skill ('' when invalid): for lists
);
"""
TABLES = ("eas_revoked", "eas_attested")
"""Event tables, children first (a reorg deletes ``WHERE block > fork``)."""
_ROW = "(block_hash, log_index, block, uid, schema, attester, recipient, timestamp, tx_hash)"
INSERTS = {
    "eas_attested": f"INSERT OR IGNORE INTO eas_attested {_ROW} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "eas_revoked": f"INSERT OR IGNORE INTO eas_revoked {_ROW} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
}
_TABLE_OF = {"Attested": "eas_attested", "Revoked": "eas_revoked"}


def _hex32(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    text = str(value).lower()
    return text if text.startswith("0x") else "0x" + text


def decode(event: Any, timestamp: int) -> list[tuple[str, tuple[Any, ...]]]:
    """One ``Attested``/``Revoked`` log of an Agora schema as a row; every other log: nothing."""
    table = _TABLE_OF.get(event.name)
    if table is None:
        return []
    args = event.args
    schema = _hex32(args.get("schemaUID", b""))
    if schema not in SCHEMAS:
        return []
    row = (
        event.block_hash, event.log_index, event.block_number, _hex32(args.get("uid", b"")),
        schema, str(args.get("attester", "")), str(args.get("recipient", "")), timestamp,
        event.tx_hash,
    )  # fmt: skip
    return [(table, row)]


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the tables (the event source's DDL; idempotent)."""
    conn.executescript(SCHEMA)


def _has_tables(conn: sqlite3.Connection) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'eas_records'").fetchone()
    return found is not None


# --- reading the records ----------------------------------------------------------------------


def _community_id(community: str) -> int | None:
    text = community.strip().lstrip("#")
    return int(text) if is_digits(text) and len(text) < 70 else None


def fetch_records(
    conn: sqlite3.Connection,
    rpc: RpcClient,
    eas_address: str,
    communities: str = "",
    *,
    limit: int = MAX_PASS,
) -> int:
    """Read the records of newly indexed uids (batched ``getAttestation``); return how many.

    ``communities`` is the Communities contract address ("" when the network has none: every
    acknowledgement then counts only as an endorsement).
    """
    from tui.core.attest.eas import decode_attestation, get_attestation_data
    from tui.core.chain.rpc import Call, RpcError

    ensure_schema(conn)
    todo = conn.execute(
        "SELECT a.uid, MIN(a.block) FROM eas_attested a LEFT JOIN eas_records r ON r.uid = a.uid"
        " WHERE r.uid IS NULL GROUP BY a.uid LIMIT ?",
        (limit,),
    ).fetchall()
    done = 0
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        calls = [
            Call("eth_call", [{"to": eas_address, "data": get_attestation_data(uid)}, "latest"])
            for uid, _block in chunk
        ]  # fmt: skip
        answers = rpc.batch(calls)
        records: list[tuple[str, int, Attestation | None]] = []
        for (uid, block), answer in zip(chunk, answers, strict=True):
            if isinstance(answer, RpcError) or not isinstance(answer, str):
                continue  # tried again on the next sync
            records.append((uid, block, decode_attestation(answer)))
        flags = _moderation(rpc, communities, records)
        rows = [_record_row(uid, rec, flags.get(uid)) for uid, _b, rec in records]
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO eas_records (uid, status, schema, time, expiration,"
                " revocation, ref_uid, recipient, attester, revocable, data, moderator, skill)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        done += len(rows)
    return done


def _record_row(uid: str, rec: Attestation | None, moderator: int | None) -> tuple[Any, ...]:
    from tui.core.attest.schemas import decode_claim

    if rec is None or rec.uid != uid:
        return (uid, "missing", "", 0, 0, 0, "", "", "", 0, b"", None, "")
    claim = decode_claim(rec.schema, rec.data)
    return (
        uid, "ok", rec.schema, rec.time, rec.expiration, rec.revocation, rec.ref_uid,
        rec.recipient, rec.attester, int(rec.revocable), rec.data, moderator,
        claim.skill if claim else "",
    )  # fmt: skip


def _moderation(
    rpc: RpcClient, communities: str, records: list[tuple[str, int, Attestation | None]]
) -> dict[str, int | None]:
    """For acknowledgements: did the attester moderate (or own) the community at that block?"""
    from eth_abi import encode as abi_encode
    from eth_hash.auto import keccak

    from tui.core.attest.schemas import decode_claim
    from tui.core.chain.rpc import Call, RpcError

    if not communities:
        return {}
    is_mod = keccak(b"isModerator(uint256,address)")[:4].hex()
    owner_of = keccak(b"ownerOf(uint256)")[:4].hex()
    asks: list[tuple[str, str, Call, Call]] = []
    for uid, block, rec in records:
        if rec is None or rec.schema != ACKNOWLEDGEMENT_UID:
            continue
        claim = decode_claim(rec.schema, rec.data)
        cid = _community_id(claim.community) if claim else None
        if cid is None or cid >= 2**256:
            continue
        tag = hex(block)
        mod = abi_encode(["uint256", "address"], [cid, rec.attester]).hex()
        own = abi_encode(["uint256"], [cid]).hex()
        asks.append((
            uid, rec.attester,
            Call("eth_call", [{"to": communities, "data": "0x" + is_mod + mod}, tag]),
            Call("eth_call", [{"to": communities, "data": "0x" + owner_of + own}, tag]),
        ))  # fmt: skip
    if not asks:
        return {}
    answers = rpc.batch([c for _u, _a, m, o in asks for c in (m, o)])
    out: dict[str, int | None] = {}
    for i, (uid, attester, _m, _o) in enumerate(asks):
        mod_ans, own_ans = answers[2 * i], answers[2 * i + 1]
        if isinstance(mod_ans, RpcError) or isinstance(own_ans, RpcError):
            out[uid] = None
            continue
        moderator = str(mod_ans)[-1:] == "1"
        owner = str(own_ans)[-40:].lower() == attester[2:].lower()
        out[uid] = int(moderator or owner)
    return out


# --- views --------------------------------------------------------------------------------------

_SELECT = (
    "SELECT r.uid, r.schema, r.time, r.expiration, r.revocation, r.ref_uid, r.recipient,"
    " r.attester, r.revocable, r.data, r.moderator,"
    " EXISTS (SELECT 1 FROM eas_revoked v WHERE v.uid = r.uid) AS revoked"
    " FROM eas_records r WHERE r.status = 'ok'"
    " AND EXISTS (SELECT 1 FROM eas_attested a WHERE a.uid = r.uid)"
)


def _rows(
    conn: sqlite3.Connection, where: str, params: Iterable[Any], now: int | None
) -> list[Endorsement]:
    from tui.core.attest.eas import Attestation
    from tui.core.attest.rules import Endorsement, judge

    if not _has_tables(conn):  # an index no writable connection has opened since EAS came
        return []
    rows = conn.execute(f"{_SELECT} {where}", tuple(params)).fetchall()
    at = int(time.time()) if now is None else now
    out: list[Endorsement] = []
    for row in rows:
        rec = Attestation(
            uid=row[0], schema=row[1], time=int(row[2]), expiration=int(row[3]),
            revocation=int(row[4]), ref_uid=row[5], recipient=row[6], attester=row[7],
            revocable=bool(row[8]), data=bytes(row[9]),
        )  # fmt: skip
        judged = judge(rec, at, revoked=bool(row[11]), is_moderator=_flag(bool(row[10])))
        if isinstance(judged, Endorsement):
            out.append(judged)
    out.sort(key=lambda e: (-e.time, e.uid))
    return out


def _flag(value: bool) -> ModeratorCheck:
    """The moderator check of one record: read on chain at its block when it was fetched."""

    def check(_community: str, _address: str, _at: int) -> bool:
        return value

    return check


def about(conn: sqlite3.Connection, address: str, now: int | None = None) -> list[Endorsement]:
    """The endorsements and acknowledgements that count for ``address``, newest first."""
    return _rows(conn, "AND r.recipient = ?", (address,), now)


def by(conn: sqlite3.Connection, attester: str, now: int | None = None) -> list[Endorsement]:
    """What ``attester`` endorsed that still counts, newest first."""
    return _rows(conn, "AND r.attester = ?", (attester,), now)


def experts(conn: sqlite3.Connection, community: str, now: int | None = None) -> list[Endorsement]:
    """Acknowledged experts of ``community`` (acknowledgements that count), newest first."""
    # Only acknowledgements by a moderator of the time can count (the rest are endorsements).
    found = _rows(conn, "AND r.schema = ? AND r.moderator = 1", (ACKNOWLEDGEMENT_UID,), now)
    want = community.strip().lstrip("#")
    return [e for e in found if e.kind == "acknowledgement" and e.community.lstrip("#") == want]


def badge(skills: Iterable[tuple[str, int]]) -> str:
    """The badge of one expert: ``★ expert: rust (level 3)``, several skills joined.

    Skills are already sanitised and capped (``decode_claim``); the caller passes them in the
    order they should show (newest acknowledgement first).
    """
    shown = [f"{skill} (level {level})" for skill, level in skills]
    return "★ expert: " + ", ".join(shown) if shown else ""


def expert_badges(
    conn: sqlite3.Connection, community: str, now: int | None = None
) -> dict[str, str]:
    """Address -> the badge its posts carry in ``community`` (``★ expert: rust (level 3)``),
    for acknowledged experts only: acknowledgements by someone who moderated that community
    when attesting, neither revoked nor expired. What community timelines (TUI and CLI) show
    and their experts filter keeps."""
    skills: dict[str, dict[str, tuple[str, int]]] = {}
    for item in experts(conn, community, now):
        mine = skills.setdefault(item.recipient, {})
        known = mine.get(item.skill_key)
        if known is None or item.level > known[1]:  # one skill once, at its highest level
            mine[item.skill_key] = (item.skill, item.level)
    return {who: badge(found.values()) for who, found in skills.items()}


def record(conn: sqlite3.Connection, uid: str) -> dict[str, Any] | None:
    """The stored record of ``uid`` with its log status (for ``agora revoke`` checks)."""
    if not _has_tables(conn):
        return None
    row = conn.execute(
        "SELECT uid, schema, attester, recipient, revocation,"
        " EXISTS (SELECT 1 FROM eas_revoked v WHERE v.uid = eas_records.uid)"
        " FROM eas_records WHERE uid = ? AND status = 'ok'",
        (uid,),
    ).fetchone()
    if row is None:
        return None
    keys = ("uid", "schema", "attester", "recipient", "revocation", "revoked_log")
    return dict(zip(keys, row, strict=True))


NOTIFICATIONS = {
    "endorsement": f"""SELECT CASE WHEN a.schema = '{ACKNOWLEDGEMENT_UID}' AND r.moderator = 1
                THEN 'acknowledgement' ELSE 'endorsement' END,
            a.attester, a.block, a.log_index, a.timestamp, a.tx_hash, 0, 0, '0',
            COALESCE(r.skill, '')
        FROM eas_attested a LEFT JOIN eas_records r ON r.uid = a.uid
        WHERE a.recipient = :me AND a.attester != :me AND a.block < :before""",
    "revocation": """SELECT 'revocation', v.attester, v.block, v.log_index, v.timestamp,
            v.tx_hash, 0, 0, '0', COALESCE(r.skill, '')
        FROM eas_revoked v LEFT JOIN eas_records r ON r.uid = v.uid
        WHERE v.recipient = :me AND v.attester != :me AND v.block < :before""",
}
"""Notification queries in the shape of the index's others (kind, actor, block, log_index,
timestamp, tx_hash, post_id, article_id, amount, text): being endorsed, acknowledged as an
expert (only by a moderator at that time) and an endorsement of you revoked; text is the skill."""


def _eas_abi() -> list[dict[str, Any]]:
    from tui.core.attest.eas import artifact

    abi: list[dict[str, Any]] = artifact("EAS")["abi"]
    return abi


def after_sync(conn: sqlite3.Connection, rpc: RpcClient, contracts: dict[str, str]) -> int:
    """Read the records of attestations the last sync indexed (none without EAS).

    A node that fails here leaves the uids for the next sync: records are a cache, their
    logs are already committed.
    """
    from tui.core.errors import AgoraError

    address = contracts.get("eas", "")
    if not address:
        return 0
    try:
        return fetch_records(conn, rpc, address, contracts.get("communities", ""))
    except AgoraError:
        return 0


def _source() -> Any:
    from tui.core.index.sources import EventSource, NotificationKind

    return EventSource(
        key="eas",
        abi=_eas_abi,
        schema=SCHEMA,
        tables=TABLES,
        inserts=INSERTS,
        decode=decode,
        notifications=NOTIFICATIONS,
        kinds={
            "endorsement": NotificationKind("endorsed you for a skill", "endorsed you for {text}"),
            "acknowledgement": NotificationKind(
                "acknowledged you as an expert", "acknowledged you as an expert in {text}"
            ),
            "revocation": NotificationKind(
                "revoked an endorsement of you", "revoked an endorsement of you ({text})"
            ),
        },
    )


SOURCE = _source()
"""The EAS event source (listed in ``tui.core.index.sources.SOURCES``)."""


@dataclass(frozen=True)
class EndorsementRow:
    """One line of a profile's endorsements, with what the reader needs beside it."""

    item: Endorsement
    attester_name: str
    """The attester's self-chosen profile name ("" when none): a claim, never verified."""
    followed: bool
    """The reader follows the attester (such endorsers come first)."""
    mine: bool
    """The reader made it (so can revoke it)."""
    evidence: tuple[str, int] | None
    """``("post", id)`` or ``("article", id)`` when the evidence CID is one Agora knows."""
    group: int
    """How many count for this skill (endorsers plus experts), for the skill's first row."""


def profile_rows(views: Any, address: str, now: int | None = None) -> list[EndorsementRow]:
    """A profile's skills as rows: most endorsed skill first; experts, then followed endorsers
    first within each skill (``views`` is the index's ``IndexViews``)."""
    from tui.core.attest.evidence import evidence_target
    from tui.core.attest.rules import group_skills

    conn: sqlite3.Connection = views.conn
    items = about(conn, address, now)
    if not items:
        return []
    me = str(views.me or "")
    followed = frozenset(views.following_addresses(me)) if me else frozenset()
    names: dict[str, str] = views._names({i.attester for i in items})
    rows: list[EndorsementRow] = []
    for group in group_skills(items, followed):
        size = len(group.endorsements) + len(group.experts)
        for i, item in enumerate((*group.experts, *group.endorsements)):
            rows.append(
                EndorsementRow(
                    item=item,
                    attester_name=names.get(item.attester, ""),
                    followed=item.attester in followed,
                    mine=bool(me) and item.attester.lower() == me.lower(),
                    evidence=evidence_target(conn, item.evidence),
                    group=size if i == 0 else 0,
                )
            )
    return rows
