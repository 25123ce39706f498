"""ENS events in the index: which node each registry or resolver event changed.

Only the node matters to Agora: a row in ``ens_touched`` deletes every cached ENS answer that
was read from that node (tui.core.ens.cache), so a name registered, re-pointed or renamed on
the devnet shows up as soon as the indexer sees the event, not after the cache's TTL.
"""

from __future__ import annotations

from typing import Any

from tui.core.ens.cache import SCHEMA
from tui.core.index.sources import EventSource

TOUCHED = "ens_touched"
INSERT = (
    "INSERT OR IGNORE INTO ens_touched (block_hash, log_index, block, node, event) "
    "VALUES (?, ?, ?, ?, ?)"
)
REGISTRY_EVENTS = frozenset({"NewOwner", "NewResolver", "Transfer", "NewTTL"})
RESOLVER_EVENTS = frozenset(
    {"AddrChanged", "AddressChanged", "NameChanged", "TextChanged", "ContenthashChanged"}
)


def _node_hex(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    text = str(value).lower()
    return text if text.startswith("0x") else "0x" + text


def _subnode(node: Any, label: Any) -> str:
    from eth_hash.auto import keccak

    parent = bytes.fromhex(_node_hex(node)[2:])
    child = bytes.fromhex(_node_hex(label)[2:])
    return "0x" + bytes(keccak(parent + child)).hex()


def decode(event: Any, timestamp: int) -> list[tuple[str, tuple[Any, ...]]]:
    """One ENS log → the ``ens_touched`` row of the node it changed (none for other events)."""
    name = getattr(event, "name", "")
    args = getattr(event, "args", {})
    if name not in REGISTRY_EVENTS and name not in RESOLVER_EVENTS:
        return []
    try:
        node = (
            _subnode(args["node"], args["label"]) if name == "NewOwner" else _node_hex(args["node"])
        )
    except (KeyError, ValueError):
        return []
    row = (event.block_hash, event.log_index, event.block_number, node, name)
    return [(TOUCHED, row)]


def _source(key: str, abi: Any) -> EventSource:
    return EventSource(
        key=key,
        abi=abi,
        schema=SCHEMA,
        tables=(TOUCHED,),
        inserts={TOUCHED: INSERT},
        decode=decode,
    )


def _vendored_abi(name: str) -> Any:
    def load() -> list[dict[str, Any]]:
        from tui.core.ens.contracts import artifact

        abi: list[dict[str, Any]] = artifact(name)["abi"]
        return abi

    return load


REGISTRY_SOURCE = _source("ens_registry", _vendored_abi("ENSRegistry"))
"""The registry's NewOwner, NewResolver, Transfer and NewTTL events."""
RESOLVER_SOURCE = _source("ens_resolver", _vendored_abi("PublicResolver"))
"""The public resolver's record events (addr, name, text, contenthash)."""
