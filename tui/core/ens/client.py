"""``EnsClient``: forward and reverse resolution, and primary names verified both ways.

A reverse record is a claim anyone can make about their own address ("I am vitalik.eth"), so a
primary name counts only when it is normalised and the name's ``addr`` points back at the same
address (SECURITY.md §21). Resolvers are strangers' contracts: a revert, junk bytes or a lookup
that loops all end as "no answer", never as an exception a screen has to catch.

Lookups go through a ``Strategy``: ``DirectStrategy`` talks to the registry and resolvers (what
the devnet runs, with ENSIP-10 wildcards); a Universal Resolver strategy for mainnet fits the
same three methods. Many primary names at once (a timeline's authors) are read in four batched
JSON-RPC round trips, whatever the number of addresses.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from tui.core.chain.address import to_checksum
from tui.core.chain.rpc import RpcClient, RpcUnavailable
from tui.core.ens import contracts as c
from tui.core.ens.ccip import OffchainCaller, batch_calls
from tui.core.ens.normalize import (
    InvalidName,
    dns_encode,
    is_normalized,
    namehash,
    normalize,
    reverse_name,
)
from tui.core.errors import ChainError, NotFoundError

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
MAX_TEXT_RECORD = 2048
"""Characters kept from a text record (an avatar URI is short; a data: URI is capped later)."""
MAX_DATA_TEXT = 512 * 1024
"""A ``data:`` avatar may be longer: its decoded bytes are capped by the image layer."""
BATCH = 500
"""eth_calls per JSON-RPC batch (providers cap batch sizes; anvil takes any)."""


@dataclass(frozen=True)
class PrimaryName:
    """What an address calls itself, and whether that holds both ways."""

    address: str
    name: str | None
    """The verified, normalised primary name; None when there is none or it does not verify."""
    claimed: str | None = None
    """The raw reverse record, even when it did not verify (for ``agora name show``)."""
    reason: str = ""
    """Why ``claimed`` was not accepted ("" when verified or absent)."""

    @property
    def verified(self) -> bool:
        return self.name is not None


class Strategy(Protocol):
    """How names are read on one network."""

    def address(self, name: str) -> str | None: ...

    def text(self, name: str, key: str) -> str | None: ...

    def reverse(self, address: str) -> str | None: ...


def _word_address(data: str) -> str | None:
    """An address answer: exactly one word with twelve zero bytes on top, else junk (None)."""
    body = data[2:] if data[:2] in ("0x", "0X") else data
    if len(body) != 64 or body[:24].strip("0"):
        return None
    try:
        value = to_checksum(body[24:])
    except ChainError:
        return None
    return None if value == ZERO_ADDRESS else value


class DirectStrategy:
    """Registry → resolver → record, as ENS's own contracts answer on any chain."""

    def __init__(self, rpc: RpcClient, registry: str, *, offchain: bool = False) -> None:
        self.rpc = rpc
        self.registry = to_checksum(registry)
        self.calls = OffchainCaller(rpc, allow=offchain)
        """eth_call that follows CCIP-Read lookups when the settings allow them."""

    # -- low level ---------------------------------------------------------------------------
    def _call(self, to: str, data: str) -> str | None:
        """An eth_call's answer, or None when it reverted (resolvers are untrusted)."""
        return self.calls.call(to, data)

    def resolver_of(self, node: bytes) -> str | None:
        answer = self._call(self.registry, c.encode("resolver", node))
        return None if answer is None else _word_address(answer)

    def find_resolver(self, name: str) -> tuple[str, bool] | None:
        """(resolver, wildcard) for ``name`` (ENSIP-10): the exact name's, else a parent's that
        implements ``resolve(bytes,bytes)``. Bounded by the number of labels."""
        labels = name.split(".")
        for i in range(len(labels)):
            parent = ".".join(labels[i:])
            found = self.resolver_of(namehash(parent))
            if found is None:
                continue
            if i == 0:
                return found, False
            if self._supports_wildcard(found):
                return found, True
            return None
        return None

    def _supports_wildcard(self, resolver: str) -> bool:
        answer = self._call(resolver, c.encode("supportsInterface", c.WILDCARD_INTERFACE))
        if answer is None:
            return False
        try:
            return bool(c.decode("supportsInterface", answer)[0])
        except ChainError:
            return False

    def _record(self, name: str, key: str, *args: Any) -> str | None:
        """The raw answer of ``key(node, *args)`` on the name's resolver, or None."""
        found = self.find_resolver(name)
        if found is None:
            return None
        resolver, wildcard = found
        inner = c.encode(key, namehash(name), *args)
        if not wildcard:
            return self._call(resolver, inner)
        outer = self._call(
            resolver, c.encode("resolve", dns_encode(name), bytes.fromhex(inner[2:]))
        )
        if outer is None:
            return None
        try:
            (payload,) = c.decode("resolve", outer)
        except ChainError:
            return None
        return "0x" + bytes(payload).hex()

    # -- Strategy ----------------------------------------------------------------------------
    def address(self, name: str) -> str | None:
        answer = self._record(name, "addr")
        return None if answer is None else _word_address(answer)

    def text(self, name: str, key: str) -> str | None:
        answer = self._record(name, "text", key)
        if answer is None:
            return None
        try:
            (value,) = c.decode("text", answer)
        except ChainError:
            return None
        return str(value) or None

    def reverse(self, address: str) -> str | None:
        node = namehash(reverse_name(address))
        resolver = self.resolver_of(node)
        if resolver is None:
            return None
        answer = self._call(resolver, c.encode("name", node))
        if answer is None:
            return None
        try:
            (value,) = c.decode("name", answer)
        except ChainError:
            return None
        return str(value) or None

    # -- batched primary names ---------------------------------------------------------------
    def _batch_calls(self, calls: list[tuple[str, str]]) -> list[str | None]:
        """Answers to many eth_calls, None for each that reverted."""
        out: list[str | None] = []
        for start in range(0, len(calls), BATCH):
            chunk = calls[start : start + BATCH]
            out.extend(self.calls.after_batch(chunk, batch_calls(self.rpc, chunk)))
        return out

    def reverse_many(self, addresses: list[str]) -> dict[str, str | None]:
        nodes = [namehash(reverse_name(a)) for a in addresses]
        resolvers = self._batch_calls([(self.registry, c.encode("resolver", n)) for n in nodes])
        asks = [
            (a, n, _word_address(r) if r else None)
            for a, n, r in zip(addresses, nodes, resolvers, strict=True)
        ]
        wanted = [(a, n, r) for a, n, r in asks if r]
        answers = self._batch_calls([(r, c.encode("name", n)) for _, n, r in wanted])
        names: dict[str, str | None] = dict.fromkeys(addresses)
        for (a, _, _), answer in zip(wanted, answers, strict=True):
            if answer is None:
                continue
            try:
                names[a] = str(c.decode("name", answer)[0]) or None
            except ChainError:
                continue
        return names

    def address_many(self, names: list[str]) -> dict[str, str | None]:
        """Forward addresses of normalised names; names without their own resolver take the
        one-by-one path (wildcards are rare and need a walk up)."""
        resolvers = self._batch_calls(
            [(self.registry, c.encode("resolver", namehash(n))) for n in names]
        )
        found = {n: _word_address(r) if r else None for n, r in zip(names, resolvers, strict=True)}
        direct = [n for n in names if found[n]]
        answers = self._batch_calls(
            [(str(found[n]), c.encode("addr", namehash(n))) for n in direct]
        )
        out: dict[str, str | None] = {}
        for n, answer in zip(direct, answers, strict=True):
            out[n] = _word_address(answer) if answer else None
        for n in names:
            if n not in out:
                out[n] = self.address(n)
        return out


UNIVERSAL_RESOLVER = "0xeEeEEEeE14D718C2B47D9923Deab1335E144EeEe"
"""ENS's Universal Resolver proxy on mainnet and its testnets (upgraded by the DAO for ENSv2)."""
ETH_COIN_TYPE = 60


class UniversalStrategy:
    """Every lookup through one Universal Resolver (ENSIP-23 ``resolve``, ENSIP-19 ``reverse``):
    the resolver search, wildcards and (on mainnet) ENSv2 happen on chain. Answers are checked
    the same way as the direct path's, and a primary name is still forward-checked here."""

    def __init__(self, rpc: RpcClient, universal: str, *, offchain: bool = False) -> None:
        self.rpc = rpc
        self.universal = to_checksum(universal)
        self.calls = OffchainCaller(rpc, allow=offchain)

    def _resolve(self, name: str, inner: str) -> str | None:
        answer = self.calls.call(
            self.universal, c.encode("urResolve", dns_encode(name), bytes.fromhex(inner[2:]))
        )
        if answer is None:  # no resolver, a revert, or an offchain lookup not followed
            return None
        try:
            payload, _resolver = c.decode("urResolve", answer)
        except ChainError:
            return None
        return "0x" + bytes(payload).hex()

    def address(self, name: str) -> str | None:
        answer = self._resolve(name, c.encode("addr", namehash(name)))
        return None if answer is None else _word_address(answer)

    def text(self, name: str, key: str) -> str | None:
        answer = self._resolve(name, c.encode("text", namehash(name), key))
        if answer is None:
            return None
        try:
            (value,) = c.decode("text", answer)
        except ChainError:
            return None
        return str(value) or None

    def reverse(self, address: str) -> str | None:
        answer = self.calls.call(
            self.universal,
            c.encode("urReverse", bytes.fromhex(to_checksum(address)[2:]), ETH_COIN_TYPE),
        )
        if answer is None:
            return None
        try:
            primary, _resolver, _reverse_resolver = c.decode("urReverse", answer)
        except ChainError:
            return None
        return str(primary) or None


class EnsClient:
    """Names for one network; every answer is normalised, verified and safe to show."""

    def __init__(self, strategy: Strategy, *, cache: Any = None) -> None:
        self.strategy = strategy
        self.cache = cache
        """An ``EnsCache`` (or None): used for display, never for a transfer."""

    @classmethod
    def direct(
        cls, rpc: RpcClient, registry: str, *, cache: Any = None, offchain: bool = False
    ) -> EnsClient:
        return cls(DirectStrategy(rpc, registry, offchain=offchain), cache=cache)

    @classmethod
    def universal(
        cls, rpc: RpcClient, universal: str, *, cache: Any = None, offchain: bool = False
    ) -> EnsClient:
        return cls(UniversalStrategy(rpc, universal, offchain=offchain), cache=cache)

    # -- forward -----------------------------------------------------------------------------
    def address(self, name: str, *, fresh: bool = False) -> str | None:
        """The address ``name`` resolves to, or None. ``fresh`` skips the cache (transfers).

        Raises:
            InvalidName: the name is not a valid ENS name.
            ChainError: the node cannot be reached.
        """
        normal = normalize(name)
        if self.cache is not None and not fresh:
            hit = self.cache.get("addr", normal)
            if hit is not None:
                return hit or None
        started = time.time()
        value = self.strategy.address(normal)
        if self.cache is not None:
            self.cache.put("addr", normal, value or "", nodes=[namehash(normal)], started=started)
        return value

    def require_address(self, name: str, *, fresh: bool = False) -> str:
        """Like ``address`` but a name without an address is an error a user can act on."""
        found = self.address(name, fresh=fresh)
        if found is None:
            raise NotFoundError(
                f"The ENS name {normalize(name)!r} does not resolve to an address.",
                hint="Check the spelling, or use the 0x address.",
            )
        return found

    def text(self, name: str, key: str) -> str | None:
        """A text record of ``name`` (capped; an avatar ``data:`` URI may be longer)."""
        normal = normalize(name)
        cache_key = f"{normal}\n{key}"
        if self.cache is not None:
            hit = self.cache.get("text", cache_key)
            if hit is not None:
                return hit or None
        started = time.time()
        value = self.strategy.text(normal, key)
        if value is not None:
            limit = MAX_DATA_TEXT if value.startswith("data:") else MAX_TEXT_RECORD
            value = value[:limit]
        if self.cache is not None:
            nodes = [namehash(normal)]
            self.cache.put("text", cache_key, value or "", nodes=nodes, started=started)
        return value

    # -- reverse -----------------------------------------------------------------------------
    def primary_name(self, address: str) -> PrimaryName:
        """The address's primary name, verified both ways."""
        return self.primary_names([address])[to_checksum(address)]

    def primary_names(
        self, addresses: Iterable[str], *, fresh: bool = False
    ) -> dict[str, PrimaryName]:
        """Primary names of many addresses (batched when the strategy can), by checksum address.

        ``fresh`` reads the chain even when the cache has an answer (and stores the new one).
        """
        wanted = list(dict.fromkeys(to_checksum(a) for a in addresses))
        out: dict[str, PrimaryName] = {}
        todo: list[str] = []
        for a in wanted:
            use_cache = self.cache is not None and not fresh
            hit = self.cache.get("primary", a) if use_cache else None
            if hit is None:
                todo.append(a)
            else:
                out[a] = PrimaryName(a, hit or None, hit or None)
        if not todo:
            return out
        started = time.time()
        many = getattr(self.strategy, "reverse_many", None)
        claims: dict[str, str | None] = (
            many(todo) if many else {a: self.strategy.reverse(a) for a in todo}
        )
        checkable = {a: n for a, n in claims.items() if n and is_normalized(n)}
        forward_many = getattr(self.strategy, "address_many", None)
        names = list(dict.fromkeys(checkable.values()))
        forwards: dict[str, str | None] = (
            forward_many(names) if forward_many else {n: self.strategy.address(n) for n in names}
        )
        for a in todo:
            claim = claims.get(a)
            forward = forwards.get(claim) if claim and a in checkable else None
            result = _verify(a, claim, forward)
            out[a] = result
            if self.cache is not None:
                nodes = [namehash(reverse_name(a))]
                if claim and is_normalized(claim):
                    nodes.append(namehash(claim))
                self.cache.put("primary", a, result.name or "", nodes=nodes, started=started)
        return out

    # -- input -------------------------------------------------------------------------------
    def resolve_input(self, text: str, *, fresh: bool = False) -> tuple[str, str | None]:
        """(checksum address, normalised name or None) for what a user typed: a 0x address or
        an ENS name. Raises InvalidName, NotFoundError or ChainError with a clear message."""
        value = text.strip()
        if value[:2].lower() == "0x":
            return to_checksum(value), None
        normal = normalize(value)
        return self.require_address(normal, fresh=fresh), normal


def _verify(address: str, claim: str | None, forward: str | None) -> PrimaryName:
    if not claim:
        return PrimaryName(address, None)
    if not is_normalized(claim):
        return PrimaryName(address, None, claim, "the reverse record is not a normalised name")
    if forward is None:
        return PrimaryName(address, None, claim, "the name does not resolve to an address")
    if to_checksum(forward) != address:
        return PrimaryName(address, None, claim, f"the name resolves to {forward}")
    return PrimaryName(address, claim, claim)


__all__ = [
    "UNIVERSAL_RESOLVER",
    "DirectStrategy",
    "EnsClient",
    "InvalidName",
    "PrimaryName",
    "RpcUnavailable",
    "Strategy",
    "UniversalStrategy",
]
