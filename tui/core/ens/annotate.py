"""Verified ENS names beside the people's addresses in a JSON document (``--json`` outputs).

Every key that holds a person's address (``author``, ``actor``, ``holder``…) gains a sibling
``<key>_ens``: the address's primary name verified both ways, or null. Names come from the ENS
cache in the network's index database (no network traffic at all); only when the caller says
the node is reachable are the addresses the cache lacks looked up, all in one batch.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

PERSON_KEYS = frozenset(
    {
        "account", "actor", "address", "attester", "author", "by", "collector", "creator",
        "endorser", "follower", "holder", "member", "moderator", "owner", "payee", "peer",
        "recipient", "reposted_by", "sender", "subject", "tipper", "voter",
    }
)  # fmt: skip
"""Keys whose value is an account (a contract's address simply has no verified name)."""
SUFFIX = "_ens"
_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")


def _is_address(value: Any) -> bool:
    return isinstance(value, str) and _ADDRESS.match(value) is not None


def person_addresses(doc: Any) -> set[str]:
    """Every person's address in ``doc`` (as written)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in PERSON_KEYS and _is_address(value):
                    found.add(value)
                else:
                    walk(value)
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item)

    walk(doc)
    return found


def with_names(doc: Any, names: Mapping[str, str | None]) -> Any:
    """A copy of ``doc`` with ``<key>_ens`` right after every person key (``names`` is by
    lowercase address; an address it lacks gets null). Keys already present are kept."""
    if isinstance(doc, dict):
        out: dict[str, Any] = {}
        for key, value in doc.items():
            out[key] = with_names(value, names)
            if key in PERSON_KEYS and _is_address(value) and f"{key}{SUFFIX}" not in doc:
                out[f"{key}{SUFFIX}"] = names.get(value.lower())
        return out
    if isinstance(doc, list | tuple):
        return [with_names(item, names) for item in doc]
    return doc


def cached_names(cache: Any, addresses: Iterable[str]) -> dict[str, str | None]:
    """What ``cache`` (an ``EnsCache``) knows, by lowercase address: a name, None for a known
    "no name", and nothing for an address it has no answer for."""
    from tui.core.chain.address import to_checksum

    out: dict[str, str | None] = {}
    for address in addresses:
        hit = cache.get("primary", to_checksum(address))
        if hit is not None:
            out[address.lower()] = hit or None
    return out


def annotate(
    doc: Any,
    cache: Any,
    *,
    lookup: Callable[[list[str]], Mapping[str, str | None]] | None = None,
) -> Any:
    """``doc`` with names from ``cache``; ``lookup`` (one batched call, or None offline)
    fills what the cache lacks. A failing lookup leaves those names null."""
    addresses = person_addresses(doc)
    if not addresses:
        return doc
    names = cached_names(cache, addresses) if cache is not None else {}
    missing = sorted(a for a in addresses if a.lower() not in names)
    if missing and lookup is not None:
        from tui.core.errors import AgoraError

        try:
            found = lookup(missing)
        except (AgoraError, OSError):
            found = {}
        names.update({a.lower(): n for a, n in found.items()})
    return with_names(doc, names)
