"""Event sources beyond Social and Articles: how a capability's contract reaches the index.

A capability with its own contract (communities, funding rounds, the private-message inbox,
EAS attestations, ENS records) describes its events once, as an ``EventSource`` listed in
``SOURCES``. The indexer then asks for that contract's logs in the same ``eth_getLogs`` calls
as the base contracts, decodes them with the source's ABI, and writes the source's rows in the
same transaction that moves the cursor, so a crash or a reorg treats them exactly like posts:
never half a block, and a rollback deletes ``WHERE block > fork`` from every source table.

Source modules are imported when an index connects (their tables must exist before any view
reads them), so they stay light: a dataclass, SQL strings and a decode function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.chain.abi import DecodedEvent, EventDecoder

SOURCES: tuple[str, ...] = (
    "tui.core.tokens.source:SOURCE",
    "tui.core.index.ens:REGISTRY_SOURCE",
    "tui.core.index.ens:RESOLVER_SOURCE",
    "tui.core.index.messages:SOURCE",
    "tui.core.index.attestations:SOURCE",
    "tui.core.index.communities:SOURCE",
    "tui.core.rounds.index:SOURCE",
    "tui.core.points.source:SOURCE",
)
"""``"module:ATTR"`` of each ``EventSource``. One line per capability."""

Row = tuple[str, tuple[Any, ...]]
"""(table, values) for an ``inserts`` statement; table ``"content"`` with (cid, kind) queues a
CID for verified fetching, as posts' CIDs are."""


@dataclass(frozen=True)
class NotificationKind:
    """How one kind of notification a capability raises reads, in the TUI and the CLI."""

    verb: str
    """The TUI card's phrase after the actor: "endorsed you for a skill"."""
    line: str
    """The CLI's phrase, with ``{text}`` for the row's (sanitised, quoted) text column:
    "endorsed you for {text}". The text is then not quoted again below the line."""


@dataclass(frozen=True)
class EventSource:
    """The events of one contract, and the tables they land in."""

    key: str
    """The deployment key of the contract (``Network.contracts[key]``)."""
    abi: str | Callable[[], list[dict[str, Any]]]
    """An artifact name in tui/contracts/artifacts, or a function returning a vendored ABI."""
    schema: str
    """DDL run on every connect: ``CREATE TABLE/INDEX/TRIGGER IF NOT EXISTS`` only. Event tables
    have a ``block`` column and ``PRIMARY KEY (block_hash, log_index)``, so re-inserting a log
    is a no-op; counters belong in triggers on insert *and* delete, as in the base schema."""
    tables: tuple[str, ...]
    """The event tables, children first: the order rollbacks delete in."""
    inserts: dict[str, str]
    """Table -> ``INSERT OR IGNORE`` statement, parents first: the order batches write in."""
    decode: Callable[[DecodedEvent, int], list[Row]]
    """One decoded log and its block time -> rows. Return [] to skip a log; never raise for
    bad data from the node (a lying node must not break the index)."""
    notifications: dict[str, str] = field(default_factory=dict)
    """Name -> a ``SELECT`` of the active account's notifications from this source's tables,
    in the shape of the index's own (kind, actor, block, log_index, timestamp, tx_hash,
    post_id, article_id, amount, text) with ``:me`` and ``:before`` bound; one query may
    yield several kinds. ``agora notifications`` and the Alerts tab include them."""
    kinds: dict[str, NotificationKind] = field(default_factory=dict)
    """Kind (the first column of ``notifications`` rows) -> how it reads."""


@dataclass(frozen=True)
class ActiveSource:
    """A source bound to the contract address of one network."""

    source: EventSource
    address: str
    decoder: EventDecoder


@cache
def load_sources(paths: tuple[str, ...] | None = None) -> tuple[EventSource, ...]:
    """Import the listed sources (``SOURCES`` by default)."""
    from tui.core.lazy import load_listed

    return tuple(load_listed(SOURCES if paths is None else paths, EventSource))


_EXTRA: list[EventSource] = []
"""Sources added at run time with ``register`` (tests, plugins), after ``SOURCES``."""


def register(source: EventSource) -> None:
    """Add a source for this process (tests use it for a contract of their own)."""
    if all(s.key != source.key for s in _EXTRA):
        _EXTRA.append(source)


def unregister(key: str) -> None:
    _EXTRA[:] = [s for s in _EXTRA if s.key != key]


def all_sources() -> tuple[EventSource, ...]:
    return load_sources() + tuple(_EXTRA)


def activate(contracts: dict[str, str] | tuple[tuple[str, str], ...]) -> dict[str, ActiveSource]:
    """Lowercase address -> bound source, for the contracts of a network that have a source."""
    from tui.core.chain.abi import EventDecoder, load_abi

    pairs = contracts.items() if isinstance(contracts, dict) else contracts
    addresses = dict(pairs)
    active: dict[str, ActiveSource] = {}
    for source in all_sources():
        address = addresses.get(source.key)
        if not address:
            continue
        abi = load_abi(source.abi) if isinstance(source.abi, str) else source.abi()
        active[address.lower()] = ActiveSource(source, address, EventDecoder(abi))
    return active


def source_keys() -> set[str]:
    return {s.key for s in all_sources()}


def source_tables() -> list[str]:
    """Every source's event tables, children first within each source."""
    return [t for s in all_sources() for t in s.tables]


def source_inserts() -> list[tuple[str, str]]:
    """(table, statement) for every source, parents first within each source."""
    return [(t, sql) for s in all_sources() for t, sql in s.inserts.items()]


def source_notifications(conn: Any) -> dict[str, str]:
    """The notification queries of every source whose tables this index holds (an old,
    read-only index may lack a newer capability's tables)."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        name: sql
        for s in all_sources()
        if s.notifications and all(t in names for t in s.tables)
        for name, sql in s.notifications.items()
    }


def notification_kind(kind: str) -> NotificationKind | None:
    """How a capability's notification kind reads (None for the index's own kinds)."""
    for source in all_sources():
        if kind in source.kinds:
            return source.kinds[kind]
    return None


def create_source_tables(conn: Any) -> None:
    """Run every source's DDL (idempotent) on a writable connection."""
    for source in all_sources():
        if source.schema.strip():
            conn.executescript(source.schema)


FINGERPRINT_KEY = "source_ddl"
"""The ``meta`` key holding the fingerprint of the sources whose DDL last ran on an index."""


def sources_fingerprint() -> str | None:
    """What the sources' DDL depends on, read without importing a source: the listed paths
    and the size and modification time of every module in their packages (a source may take
    its DDL from a sibling module). None when a source was registered at run time (tests,
    plugins): then the DDL always runs."""
    import os
    from pathlib import Path

    if _EXTRA:
        return None
    root = Path(__file__).resolve().parents[2]  # the tui package
    parts: list[str] = [*SOURCES]
    folders = sorted({root.joinpath(*p.partition(":")[0].split(".")[1:-1]) for p in SOURCES})
    try:
        for folder in folders:
            with os.scandir(folder) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.name.endswith(".py"):
                        stat = entry.stat()
                        parts.append(
                            f"{folder.name}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns}"
                        )
    except OSError:
        return None
    return "|".join(parts)


def ensure_source_tables(conn: Any) -> None:
    """``create_source_tables`` unless this index already has the same sources' tables.

    Importing every capability's source module costs more than the rest of opening an index,
    and the TUI opens its index before the first frame; an index whose tables match the
    installed sources needs neither the imports nor the DDL."""
    fingerprint = sources_fingerprint()
    if fingerprint is not None:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (FINGERPRINT_KEY,)).fetchone()
        if row is not None and row[0] == fingerprint:
            return
    create_source_tables(conn)
    if fingerprint is not None:
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (FINGERPRINT_KEY, fingerprint)
        )


__all__ = [
    "SOURCES",
    "ActiveSource",
    "EventSource",
    "NotificationKind",
    "Row",
    "activate",
    "all_sources",
    "create_source_tables",
    "ensure_source_tables",
    "load_sources",
    "notification_kind",
    "register",
    "source_inserts",
    "source_keys",
    "source_notifications",
    "source_tables",
    "unregister",
]
